"""The browser never gets more than it may (SPEC 4.5): a search-only key for the public
indexes, and tenant tokens per buyer level; the master key stays on the server."""

import datetime

import meilisearch
import pytest
from django.conf import settings
from meilisearch.errors import MeilisearchApiError

from site_builder.search.indexer import prepare_indexes, wait
from site_builder.search.keys import key_uid, search_key, tenant_token
from site_builder.search.levels import MEMBER, PUBLIC
from site_builder.search.server import get_client

pytestmark = pytest.mark.django_db

LATHE = {"id": "exhibit-1", "page_id": 1, "kind": "exhibit", "title": "CNC lathe"}
BOOTH = {"id": "booth-2", "page_id": 2, "kind": "booth", "title": "Lathe works"}


@pytest.fixture
def indexes(meili):
    """English public and member indexes with a lathe and its maker's booth."""
    client = get_client()
    tasks = prepare_indexes(client, "en")
    tasks.append(client.index(PUBLIC.index_uid("en")).add_documents([LATHE, BOOTH]))
    tasks.append(client.index(MEMBER.index_uid("en")).add_documents([{**LATHE, "moq": 5}, BOOTH]))
    wait(client, tasks)
    return PUBLIC.index_uid("en"), MEMBER.index_uid("en")


def refused(call):
    with pytest.raises(MeilisearchApiError) as error:
        call()
    return error.value.status_code in (401, 403)


def test_the_search_key_only_searches_the_public_indexes(indexes):
    public, member = indexes
    browser = meilisearch.Client(settings.MEILI_URL, search_key())

    assert browser.index(public).search("lathe")["estimatedTotalHits"] == 2
    assert refused(lambda: browser.index(member).search("lathe"))
    assert refused(lambda: browser.index(public).add_documents([{"id": "x", "title": "spam"}]))
    assert refused(lambda: browser.index(public).delete_documents(filter="page_id = 1"))
    assert refused(lambda: browser.index(public).update_settings({"searchableAttributes": []}))
    assert refused(browser.get_keys)


def test_the_search_key_is_the_same_on_every_run(indexes):
    key = search_key()
    assert search_key() == key
    stored = get_client().get_key(key_uid("public-search"))
    assert stored.key == key
    assert stored.actions == ["search"]
    assert stored.indexes == [f"{settings.MEILI_INDEX_PREFIX}_public_*"]
    assert key != settings.MEILI_MASTER_KEY


def test_a_member_token_searches_the_member_index_with_its_extra_fields(indexes):
    public, member = indexes
    buyer = meilisearch.Client(settings.MEILI_URL, tenant_token("member", "en"))
    hits = buyer.index(member).search("lathe", {"filter": "kind = exhibit"})["hits"]
    assert hits[0]["moq"] == 5
    assert refused(lambda: buyer.index(public).search("lathe"))
    assert refused(lambda: buyer.index(member).add_documents([{"id": "x"}]))


def test_a_token_can_force_a_filter_and_have_a_short_life(indexes):
    _public, member = indexes
    booths_only = tenant_token("member", "en", search_filter="kind = booth")
    buyer = meilisearch.Client(settings.MEILI_URL, booths_only)
    assert [hit["title"] for hit in buyer.index(member).search("lathe")["hits"]] == ["Lathe works"]

    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=1)
    short = meilisearch.Client(settings.MEILI_URL, tenant_token("member", expires_at=soon))
    assert short.index(member).search("lathe")["hits"]
    with pytest.raises(ValueError, match="Unknown buyer level"):
        tenant_token("vip")
