"""`manage.py index_search` and `manage.py search`: the same index buyers search, from a shell."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """The assertions read English messages; the site's default language is Chinese."""
    with translation.override("en"):
        yield


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_search_json_lists_hits_in_rank_order_with_their_import_ids(indexed_show):
    hits = json.loads(run("search", "DT-100", "--locale", "zh-hans", "--json"))
    assert hits[0] == {
        "kind": "exhibit",
        "title": "实木餐桌",
        "url": "/zh-hans/expo-2026/acme/table/",
        "page_id": indexed_show.exhibits["table"].pk,
        "model_number": "DT-100",
        "external_id": "EXT-TABLE",
    }
    booth = json.loads(run("search", "南通实木家具", "--locale", "zh-hans", "--json"))[0]
    assert (booth["kind"], booth["url"]) == ("booth", "/zh-hans/expo-2026/acme/")
    assert booth["external_id"] == "EXH-ACME"  # the exhibitor's import id


def test_search_filters_and_prints_a_table(indexed_show):
    out = run(
        "search",
        "",
        "--locale",
        "zh-hans",
        "--filter",
        "num.power_w.min <= 20000 AND num.power_w.max >= 5000",
    )
    assert "柴油发电机" in out and "发电机组" in out and "小型发电机" not in out
    assert "GX-10" in out and "/zh-hans/expo-2026/hamburg-generators/gen-10/" in out
    assert "2 of about 2 results" in run(
        "search", "", "--filter", "num.power_w.min <= 20000 AND num.power_w.max >= 5000"
    )


def test_a_bad_filter_is_a_clear_error(indexed_show):
    with pytest.raises(CommandError, match="not filterable|unknown|attribute"):
        run("search", "table", "--filter", "colour = red")


def test_index_search_syncs_and_rebuilds(search_show, meili):
    out = run("index_search", "--locale", "zh-hans")
    assert "8 documents indexed, 0 removed, settings updated on 2 indexes" in out
    assert "0 removed, settings updated on 0 indexes" in run("index_search", "--locale", "zh-hans")
    assert "zh-hans: 8 documents (rebuilt and swapped in)" in run(
        "index_search", "--full", "--locale", "zh-hans"
    )
    hits = json.loads(run("search", "餐桌", "--locale", "zh-hans", "--json"))
    assert hits[0]["title"] == "实木餐桌"
