"""Searching the real Meilisearch index as buyers do (SPEC 4.5, 4.7.2)."""

import threading

import meilisearch
import pytest
from django.conf import settings

from booths.models import ExhibitPage, GlossaryTerm
from site_builder.search.indexer import reindex_all, sync_all, update_pages
from site_builder.search.query import search
from site_builder.search.ui_config import search_ui_config

pytestmark = pytest.mark.django_db


def titles(query, locale="zh-hans", **options):
    return [hit.title for hit in search(query, locale, **options).hits]


def master_client():
    return meilisearch.Client(settings.MEILI_URL, settings.MEILI_MASTER_KEY)


# --- relevance ------------------------------------------------------------------------------


def test_a_typo_still_finds_the_table(indexed_show):
    assert titles("wooden tabel", "en")[0] == "Wooden dining table"


def test_chinese_is_segmented_into_words(indexed_show):
    assert "实木餐桌" in titles("实木")
    assert "实木餐桌" in titles("餐桌")


def test_an_exact_model_number_comes_first(indexed_show):
    # The chair's description names the table's model twice; the kit's model number starts
    # with the 10 kW generator's and its description repeats it.
    assert titles("DT-100")[0] == "实木餐桌"
    assert titles("GX-10")[0] == "柴油发电机"
    assert titles("GX-10-KIT")[0] == "发电机配件包"


def test_the_glossary_makes_terms_findable_in_either_language(indexed_show):
    assert {"柴油发电机", "发电机组", "小型发电机"} <= set(titles("Power"))


def test_facets_count_booths_exhibits_halls_and_countries(indexed_show):
    result = search("", "zh-hans", facets=["kind", "category_lvl0", "country", "has_live"])
    assert result.facets["kind"] == {"booth": 2, "exhibit": 6}
    assert result.facets["category_lvl0"] == {"机械馆": 5, "家具馆": 3}
    assert result.facets["country"] == {"DE": 5, "CN": 3}
    assert result.facets["has_live"] == {"true": 1, "false": 7}


def test_a_power_range_finds_every_exhibit_whose_range_overlaps_it(indexed_show):
    # Buyer wants 5–20 kW: the 10 kW and the 15–30 kW generators, not the 2000 W one.
    overlap = "num.power_w.min <= 20000 AND num.power_w.max >= 5000"
    assert set(titles("", search_filter=overlap)) == {"柴油发电机", "发电机组"}


def test_each_language_has_its_own_index(indexed_show):
    english = search("", "en", limit=100).hits
    assert english and all(hit.url.startswith("/en/") for hit in english)
    chinese = search("", "zh-hans", limit=100).hits
    assert chinese and all(hit.url.startswith("/zh-hans/") for hit in chinese)
    assert titles("wooden", "zh-hans") == []


def test_public_documents_have_no_commercial_terms(indexed_show):
    table = f"page_id = {indexed_show.exhibits['table'].pk}"
    public = search("", "zh-hans", search_filter=table).hits[0].document
    member = search("", "zh-hans", level="member", search_filter=table).hits[0].document
    assert "moq" not in public
    assert member["moq"] == 50
    assert search("", "zh-hans", level="member", search_filter="moq >= 10").hits[0].title == (
        "实木餐桌"
    )


# --- the search page's configuration --------------------------------------------------------


def test_the_search_page_gets_a_search_key_and_the_ranges_present_in_its_language(indexed_show):
    config = search_ui_config("zh-hans")
    assert config["host"] == settings.MEILI_URL
    assert config["index"] == f"{settings.MEILI_INDEX_PREFIX}_public_zh-hans"
    assert config["apiKey"] and config["apiKey"] != settings.MEILI_MASTER_KEY
    assert config["dir"] == "ltr" and config["pageSize"] == 20
    assert config["hierarchy"] == ["category_lvl0", "category_lvl1", "category_lvl2"]
    assert {"kind", "category_lvl0", "country", "has_3d"} <= {
        facet["attribute"] for facet in config["facets"]
    }
    assert [sort["value"] for sort in config["sorts"]][0] == ""
    ranges = {item["key"]: item for item in config["ranges"]}
    assert ranges["power_w"] == {
        "key": "power_w",
        "label": "功率",
        "unit": "kW",
        "scale": 1000.0,
        "min": 2.0,
        "max": 30.0,
    }
    assert ranges["length_m"]["label"] == "长度"

    english = search_ui_config("en")
    assert [item["key"] for item in english["ranges"]] == ["length_m"]
    assert english["ranges"][0]["label"] == "Length"
    assert english["sorts"][1]["label"] == "Most popular"


def test_no_configuration_for_a_language_without_an_index(indexed_show):
    assert search_ui_config("fr") is None


# --- keeping the index up to date -----------------------------------------------------------


def test_an_unpublished_exhibit_leaves_the_index_and_an_edited_one_changes(search_show, meili):
    reindex_all(["zh-hans"])
    gen2 = search_show.exhibits["gen2"]
    assert "小型发电机" in titles("小型发电机")

    gen2.unpublish()
    chair = ExhibitPage.objects.get(pk=search_show.exhibits["chair"].pk)
    chair.title = "橡木餐椅"
    chair.save_revision().publish()
    counts = update_pages([gen2.pk, chair.pk])

    assert counts["deleted"] == 1 and counts["indexed"] == 1
    assert "小型发电机" not in titles("小型发电机")
    assert titles("橡木餐椅")[0] == "橡木餐椅"
    assert "布艺餐椅" not in titles("布艺餐椅")


def test_a_full_reindex_keeps_answering_while_it_rebuilds(search_show, meili):
    reindex_all(["zh-hans"])
    client = master_client()
    index = client.index(f"{settings.MEILI_INDEX_PREFIX}_public_zh-hans")
    seen, done = [], threading.Event()

    def poll():
        while not done.is_set():
            seen.append(index.search("发电机")["estimatedTotalHits"])

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        result = reindex_all(["zh-hans"])
    finally:
        done.set()
        poller.join()
    assert result["languages"] == {"zh-hans": 8}
    assert len(seen) > 3 and min(seen) > 0
    uids = [index["uid"] for index in client.get_raw_indexes({"limit": 100})["results"]]
    assert not [uid for uid in uids if "_rebuild_" in uid]


def test_settings_are_sent_only_when_they_change(search_show, meili):
    first = sync_all(["zh-hans"])
    assert first["settings_updated"] == 2 and first["indexed"] == 8
    client = master_client()
    uid = f"{settings.MEILI_INDEX_PREFIX}_public_zh-hans"

    def settings_tasks():
        return client.get_tasks({"types": "settingsUpdate", "indexUids": uid}).total

    applied = client.index(uid).get_settings()
    assert applied["searchableAttributes"][:2] == ["model_number", "title"]
    assert applied["typoTolerance"]["disableOnAttributes"] == ["model_number"]
    assert applied["localizedAttributes"] == [{"attributePatterns": ["*"], "locales": ["cmn"]}]
    before = settings_tasks()
    assert sync_all(["zh-hans"])["settings_updated"] == 0
    assert settings_tasks() == before

    GlossaryTerm.objects.create(
        source_term="柴油", target_term="diesel", locale=search_show.english["home"].locale
    )
    assert sync_all(["zh-hans"])["settings_updated"] == 2
    assert "柴油发电机" in titles("diesel")
