"""build_site keeps the search index in step with the site (issue 3, SPEC 4.7.2), against
a real Meilisearch; and carries on when search is down, catching up on the next build."""

import json

import bs4
import pytest
from django.utils import translation

from booths.site_setup import ensure_home_page, ensure_site
from site_builder.build import BuildError, build
from site_builder.search.query import search
from tests.site_builder.small_site import build_small_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(db):
    ensure_site(locales=["en"])
    return build_small_site(ensure_home_page())


def titles(query, language="zh-hans"):
    return [hit.title for hit in search(query, language).hits]


def search_config(out, language):
    page = bs4.BeautifulSoup((out / language / "search" / "index.html").read_text(), "html.parser")
    script = page.find("script", id="search-config")
    return json.loads(script.string) if script else None


def test_a_build_indexes_the_site_and_configures_the_search_page(small, meili, tmp_path):
    report = build(out=tmp_path)

    assert "蚕丝被" in titles("蚕丝")
    assert titles("silk quilt", "en")[0] == "Silk quilt"
    config = search_config(tmp_path, "en")
    assert config["index"].endswith("_public_en")
    assert config["apiKey"] and config["apiKey"] != meili.key  # never the master key
    assert config["strings"]["unavailable"]
    assert report.indexed


def test_unpublishing_takes_the_page_out_of_search_on_the_next_build(small, meili, tmp_path):
    build(out=tmp_path)
    assert "喷气织机" in titles("织机")

    small.loom_booth.unpublish()  # its exhibit stays live but unreachable
    build(out=tmp_path)

    assert "喷气织机" not in titles("织机")
    assert "通州纺机" not in titles("通州")


def test_with_search_down_the_build_succeeds_and_indexes_later(small, meili, tmp_path, settings):
    live_url = settings.MEILI_URL
    settings.MEILI_URL = "http://127.0.0.1:9"
    with translation.override("en"):
        report = build(out=tmp_path)
    assert report.indexed == {"postponed": report.indexed["postponed"]}
    assert report.indexed["postponed"] >= 5
    assert search_config(tmp_path, "zh-hans") is None  # the page says search is unavailable
    assert any("unavailable" in warning for warning in report.warnings)
    with translation.override("en"), pytest.raises(BuildError, match="unavailable"):
        build(out=tmp_path, strict=True)  # --strict: a warning fails the build

    settings.MEILI_URL = live_url
    build(out=tmp_path)  # nothing changed in content: the postponed pages go in now

    assert "蚕丝被" in titles("蚕丝")
    assert search_config(tmp_path, "zh-hans") is not None
