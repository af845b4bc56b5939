"""Search documents: what buyers find, in their language, for the pages on the site only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from booths.models import BoothPage
from site_builder.search import documents
from site_builder.search.levels import MEMBER, PUBLIC, PUBLIC_FIELDS

pytestmark = pytest.mark.django_db


def docs_by_id(batch):
    return {doc["id"]: doc for docs in batch.documents.values() for doc in docs}


def test_an_exhibit_document_has_its_booth_categories_specs_and_thumbnail(search_show):
    table = search_show.exhibits["table"]
    doc = docs_by_id(documents.build([table.pk]))[f"exhibit-{table.pk}"]

    assert set(PUBLIC_FIELDS) | {"moq", "moq_unit"} == set(doc)
    assert doc["kind"] == "exhibit" and doc["page_id"] == table.pk
    assert doc["title"] == "实木餐桌" and doc["model_number"] == "DT-100"
    assert doc["url"] == "/zh-hans/expo-2026/acme/table/"
    assert doc["booth"] == {
        "title": "南通实木家具有限公司",
        "url": "/zh-hans/expo-2026/acme/",
        "number": "A01",
    }
    assert doc["exhibition"] == "expo-2026"
    assert doc["category_lvl0"] == ["家具馆"]
    assert doc["category_lvl1"] == ["家具馆 > 餐桌"]
    assert doc["category_keys"] == [
        str(search_show.categories["furniture"].translation_key),
        str(search_show.categories["tables"].translation_key),
    ]
    assert (doc["country"], doc["country_name"]) == ("CN", "中国")
    assert doc["target_markets"] == ["DE", "US"]
    assert doc["specs"] == [{"name": "材质", "value": "橡木"}, {"name": "长度", "value": "1.8 m"}]
    assert doc["spec_text"] == "材质 橡木 · 长度 1.8 m"
    assert doc["num"] == {"length_m": {"min": 1.8, "max": 1.8}}
    assert doc["description"] == "橡木实木餐桌，北欧风格。"
    assert "fill-320x240" in doc["image"]["url"]
    assert (doc["image"]["width"], doc["image"]["height"]) == (320, 240)
    assert doc["moq"] == 50
    assert doc["published_at"] > 0 and doc["name_sort"] == "实木餐桌"


def test_member_fields_never_reach_public_documents(search_show):
    table = search_show.exhibits["table"]
    doc = docs_by_id(documents.build([table.pk]))[f"exhibit-{table.pk}"]
    assert "moq" not in PUBLIC.project(doc)
    assert MEMBER.project(doc)["moq"] == 50


def test_a_translation_reads_in_its_language_with_the_same_spec_keys(search_show):
    table = search_show.english["table"]
    booth = search_show.english["furniture"]
    found = docs_by_id(documents.build([booth.pk]))
    doc = found[f"exhibit-{table.pk}"]

    assert doc["title"] == "Wooden dining table"
    assert doc["url"] == "/en/expo-2026/acme/table/"
    assert doc["booth"]["title"] == "Nantong Solid Wood Furniture Co."
    assert doc["category_lvl1"] == ["Furniture hall > Dining tables"]
    assert doc["country_name"] == "China"
    # The key is derived from the source-language name, so both languages filter alike.
    assert doc["num"] == {"length_m": {"min": 1.8, "max": 1.8}}
    booth_doc = found[f"booth-{booth.pk}"]
    # Booth categories are chosen on the source booth and shown translated.
    assert booth_doc["category_lvl0"] == ["Furniture hall"]
    assert booth_doc["has_live"] and not booth_doc["has_video"]
    assert "fill-320x240" in booth_doc["image"]["url"]  # the exhibitor's logo


def test_numeric_specs_are_in_base_units_under_one_key(search_show):
    found = docs_by_id(documents.build([search_show.booths["generators"].pk]))
    power = {
        name: found[f"exhibit-{search_show.exhibits[name].pk}"]["num"]["power_w"]
        for name in ("gen10", "gen30", "gen2")
    }
    assert power == {
        "gen10": {"min": 10_000, "max": 10_000},
        "gen30": {"min": 15_000, "max": 30_000},
        "gen2": {"min": 2000, "max": 2000},
    }
    # An exhibit without a category of its own is found in its booth's hall.
    assert found[f"exhibit-{search_show.exhibits['gen10'].pk}"]["category_lvl0"] == ["机械馆"]


def test_documents_take_the_same_number_of_queries_for_one_page_or_many(search_show):
    everything = search_show.all_page_ids()
    documents.build(everything)  # thumbnails are rendered once, outside the count
    with CaptureQueriesContext(connection) as one:
        documents.build([search_show.exhibits["table"].pk])
    with CaptureQueriesContext(connection) as many:
        batch = documents.build(everything)
    assert batch.count == len(everything)
    assert len(many.captured_queries) == len(one.captured_queries) <= 20, [
        query["sql"][:90] for query in many.captured_queries
    ]


def test_pages_off_the_site_have_no_document_and_are_marked_for_deletion(search_show):
    gen2 = search_show.exhibits["gen2"]
    gen2.unpublish()
    chair = search_show.exhibits["chair"]
    PageViewRestriction.objects.create(page=chair, restriction_type="login")
    # An alias shows another page's content (wagtail-localize keeps one in a language
    # until the page is translated): the original's document is the one buyers find.
    edition = Page.objects.get(pk=search_show.edition.pk)
    alias = search_show.booths["generators"].create_alias(parent=edition, update_slug="mirror")

    batch = documents.build([gen2.pk, chair.pk, alias.pk, 987654])
    assert batch.count == 0
    assert batch.stale_ids == {gen2.pk, chair.pk, alias.pk, 987654}


def test_exhibits_of_an_unpublished_booth_go_with_it(search_show):
    booth = BoothPage.objects.get(pk=search_show.booths["generators"].pk)
    booth.unpublish()
    batch = documents.build([booth.pk])
    exhibits = {search_show.exhibits[name].pk for name in ("gen10", "gen30", "gen2", "kit")}
    assert batch.count == 0
    assert batch.stale_ids == {booth.pk} | exhibits
