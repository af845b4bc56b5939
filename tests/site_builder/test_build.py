"""build_site: every page of every language, deterministic, incremental by dependency.

ARCHITECTURE properties 1 (rebuildable from Wagtail), 3 (incremental by dependency) and
6 (reads without JavaScript); the SEO parts of issue 3 (sitemap with hreflang, canonical,
JSON-LD, Open Graph).
"""

import json
import re
from xml.etree import ElementTree

import bs4
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from booths.models import ExhibitImage
from booths.site_setup import ensure_site
from site_builder.build import BuildError, build
from site_builder.plan import PathClash
from tests.builders import make_booth, make_exhibit, make_exhibitor, make_image
from tests.site_builder.small_site import (
    build_small_site,
    freeze_publication_times,
    rename_category,
    translate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def search_down(settings):
    """No search server: the builder must say search is unavailable and carry on."""
    settings.MEILI_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.MEILI_MASTER_KEY = "unused"


@pytest.fixture
def small(db):
    home = ensure_site_home()
    return build_small_site(home)


def ensure_site_home():
    from booths.site_setup import ensure_home_page

    ensure_site(locales=["en"])
    return ensure_home_page()


def html(out, path):
    return (out / path.lstrip("/") / "index.html").read_text(encoding="utf-8")


def soup(text):
    return bs4.BeautifulSoup(text, "html.parser")


def files(out):
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and "_build" not in p.parts
    }


# --- what a full build writes ---------------------------------------------------------------


def test_full_build_writes_every_page_of_every_language(small, tmp_path):
    report = build(out=tmp_path, index_search=False)

    assert report.errors == []
    for path in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "sitemaps/zh-hans.xml",
        "sitemaps/en.xml",
        "zh-hans/index.html",
        "zh-hans/nantong-2026/index.html",
        "zh-hans/nantong-2026/halls/textiles/index.html",
        "zh-hans/nantong-2026/halls/textiles/bedding/index.html",
        "zh-hans/nantong-2026/halls/machines/index.html",
        "zh-hans/nantong-2026/haimen-textiles/index.html",
        "zh-hans/nantong-2026/haimen-textiles/silk-quilt/index.html",
        "zh-hans/nantong-2026/bing-trading/index.html",
        "zh-hans/search/index.html",
        "zh-hans/live/index.html",
        "en/index.html",
        "en/nantong-2026/index.html",
        "en/nantong-2026/haimen-textiles/index.html",
        "en/nantong-2026/haimen-textiles/silk-quilt/index.html",
        "en/search/index.html",
    ]:
        assert (tmp_path / path).is_file(), path
    # Untranslated booths are not part of the English site.
    assert not (tmp_path / "en/nantong-2026/tongzhou-looms").exists()
    assert any(name.startswith("static/theme/site.") for name in files(tmp_path))


def test_pages_carry_language_direction_canonical_alternates_and_structured_data(small, tmp_path):
    build(out=tmp_path, index_search=False)

    page = soup(html(tmp_path, "/en/nantong-2026/haimen-textiles/silk-quilt/"))
    assert page.html["lang"] == "en" and page.html["dir"] == "ltr"
    canonical = page.find("link", rel="canonical")["href"]
    assert canonical.endswith("/en/nantong-2026/haimen-textiles/silk-quilt/")
    alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate")}
    assert set(alternates) == {"zh-hans", "en"}
    assert alternates["zh-hans"].endswith("/zh-hans/nantong-2026/haimen-textiles/silk-quilt/")
    assert page.find("meta", property="og:title")["content"] == "Silk quilt"
    assert page.find("meta", property="og:type")["content"] == "product"
    data = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    product = next(d for d in data if d["@type"] == "Product")
    assert product["model"] == "HM-Q-200"
    assert product["brand"]["name"] == "Haimen Home Textiles Co., Ltd."
    assert {"@type": "PropertyValue", "name": "重量", "value": "2 kg"} in product[
        "additionalProperty"
    ]
    assert any(d["@type"] == "BreadcrumbList" for d in data)

    booth = soup(html(tmp_path, "/zh-hans/nantong-2026/haimen-textiles/"))
    organization = next(
        json.loads(s.string)
        for s in booth.find_all("script", type="application/ld+json")
        if json.loads(s.string)["@type"] == "Organization"
    )
    assert organization["address"]["addressCountry"] == "CN"
    edition = soup(html(tmp_path, "/zh-hans/nantong-2026/"))
    event = next(
        json.loads(s.string)
        for s in edition.find_all("script", type="application/ld+json")
        if json.loads(s.string)["@type"] == "Event"
    )
    assert event["startDate"] == "2026-05-01T10:00:00+08:00"


def test_language_switcher_links_translations_and_falls_back_to_the_language_home(small, tmp_path):
    build(out=tmp_path, index_search=False)

    translated = soup(html(tmp_path, "/zh-hans/nantong-2026/haimen-textiles/"))
    links = {
        a["hreflang"]: a["href"]
        for a in translated.find("nav", class_="language-switcher").find_all("a")
    }
    assert links == {
        "zh-hans": "/zh-hans/nantong-2026/haimen-textiles/",
        "en": "/en/nantong-2026/haimen-textiles/",
    }
    untranslated = soup(html(tmp_path, "/zh-hans/nantong-2026/tongzhou-looms/"))
    links = {
        a["hreflang"]: a["href"]
        for a in untranslated.find("nav", class_="language-switcher").find_all("a")
    }
    assert links["en"] == "/en/"


def test_listings_are_per_hall_and_category_and_paginated(small, tmp_path, settings):
    settings.SITE_LISTING_PAGE_SIZE = 1
    for number in range(2):
        booth = make_booth(small.edition, make_exhibitor(f"家纺{number}"), slug=f"extra-{number}")
        booth.categories.set([small.bedding])
        booth.save_revision().publish()

    build(out=tmp_path, index_search=False)

    first = soup(html(tmp_path, "/zh-hans/nantong-2026/halls/textiles/"))
    assert first.find("h1").get_text(strip=True) == "家纺馆"
    titles = [a.get_text(strip=True) for a in first.select(".card__title a")]
    assert titles == ["海门家纺有限公司"]  # booth A-01 first: listings sort by booth number
    nav = first.find("nav", class_="pagination")
    assert [a["href"] for a in nav.find_all("a", rel="next")] == [
        "/zh-hans/nantong-2026/halls/textiles/page/2/"
    ]
    assert (tmp_path / "zh-hans/nantong-2026/halls/textiles/page/3/index.html").is_file()
    english = soup(html(tmp_path, "/en/nantong-2026/halls/textiles/"))
    assert english.find("h1").get_text(strip=True) == "Home textiles"


def test_sitemap_lists_every_page_with_its_translations(small, tmp_path):
    build(out=tmp_path, index_search=False)

    index = (tmp_path / "sitemap.xml").read_text()
    assert "/sitemaps/zh-hans.xml" in index and "/sitemaps/en.xml" in index
    names = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    sitemap = ElementTree.parse(tmp_path / "sitemaps/zh-hans.xml").getroot()  # noqa: S314 (our own output)
    entries = {url.find("s:loc", names).text: url for url in sitemap.findall("s:url", names)}
    booth = next(loc for loc in entries if loc.endswith("/zh-hans/nantong-2026/haimen-textiles/"))
    hreflangs = {link.get("hreflang") for link in entries[booth].findall("x:link", names)}
    assert hreflangs == {"zh-hans", "en"}
    assert entries[booth].find("s:lastmod", names).text == "2026-05-01"
    robots = (tmp_path / "robots.txt").read_text()
    assert "Sitemap: " in robots and robots.strip().endswith("/sitemap.xml")


def test_the_search_page_says_when_search_is_unavailable(small, tmp_path):
    build(out=tmp_path, index_search=False)

    page = soup(html(tmp_path, "/en/search/"))
    assert page.find(attrs={"data-island": "search"}) is not None
    assert page.find(class_="search__unavailable") is not None
    assert page.find("script", id="search-config") is None
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_same_content_gives_byte_identical_files(small, tmp_path):
    build(out=tmp_path / "one", index_search=False)
    build(out=tmp_path / "two", index_search=False, full=True)

    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_wagtail_serves_a_page_exactly_as_the_static_build_writes_it(small, tmp_path, client):
    """Preview = production (ARCHITECTURE property 2): one renderer for both."""
    build(out=tmp_path, index_search=False)

    for page in (small.quilt_booth, small.en_quilt, small.edition, small.home):
        served = client.get(page.get_url()).content.decode()
        assert served == html(tmp_path, page.get_url()), page.get_url()


# --- incremental builds ---------------------------------------------------------------------


def test_a_second_build_renders_nothing_when_nothing_changed(small, tmp_path):
    first = build(out=tmp_path, index_search=False)
    second = build(out=tmp_path, index_search=False)

    assert first.rendered > 20
    assert second.rendered == 0 and second.mode == "incremental"
    assert build(out=tmp_path, index_search=False, rescan=True).rendered == 0


def test_editing_a_booth_rerenders_only_what_shows_it(small, tmp_path):
    build(out=tmp_path, index_search=False)

    small.loom_booth.title = "通州纺织机械"
    small.loom_booth.save_revision().publish()
    report = build(out=tmp_path, index_search=False)

    changed = set(report.rendered_paths)
    assert "/zh-hans/nantong-2026/tongzhou-looms/" in changed  # the booth
    assert "/zh-hans/nantong-2026/tongzhou-looms/air-jet-loom/" in changed  # its exhibit
    assert "/zh-hans/nantong-2026/halls/machines/" in changed  # its listing
    assert "/zh-hans/nantong-2026/" in changed  # the edition features it
    assert "/zh-hans/nantong-2026/haimen-textiles/" not in changed
    assert not any(
        path.startswith("/en/") and "looms" not in path for path in changed - {"/en/live/"}
    )
    assert report.rendered <= 6
    assert "通州纺织机械" in html(tmp_path, "/zh-hans/nantong-2026/halls/machines/")


def test_unpublishing_removes_the_page_and_its_links(small, tmp_path):
    build(out=tmp_path, index_search=False)
    booth_file = tmp_path / "zh-hans/nantong-2026/tongzhou-looms/index.html"
    assert booth_file.exists()

    small.loom_booth.unpublish()
    report = build(out=tmp_path, index_search=False)

    assert not booth_file.exists()
    assert not (tmp_path / "zh-hans/nantong-2026/tongzhou-looms/air-jet-loom").exists()
    assert report.removed >= 2
    assert "tongzhou-looms" not in html(tmp_path, "/zh-hans/nantong-2026/")
    assert "tongzhou-looms" not in (tmp_path / "sitemaps/zh-hans.xml").read_text()
    assert not (tmp_path / "zh-hans/nantong-2026/halls/machines").exists()


def test_translating_a_page_adds_it_and_links_it_from_the_other_languages(small, tmp_path):
    build(out=tmp_path, index_search=False)

    translate(small.loom_booth, "en", title="Tongzhou Looms")
    freeze_publication_times()
    report = build(out=tmp_path, index_search=False)

    assert (tmp_path / "en/nantong-2026/tongzhou-looms/index.html").is_file()
    changed = set(report.rendered_paths)
    assert "/zh-hans/nantong-2026/tongzhou-looms/" in changed  # its switcher now links English
    assert "/zh-hans/nantong-2026/haimen-textiles/" not in changed
    zh = soup(html(tmp_path, "/zh-hans/nantong-2026/tongzhou-looms/"))
    english = zh.find("nav", class_="language-switcher").find("a", hreflang="en")
    assert english["href"] == "/en/nantong-2026/tongzhou-looms/"


def test_renaming_a_category_rerenders_its_listings_and_booths(small, tmp_path):
    build(out=tmp_path, index_search=False)

    rename_category(small.machines, "纺织机械馆")
    report = build(out=tmp_path, index_search=False)

    changed = set(report.rendered_paths)
    assert "/zh-hans/nantong-2026/halls/machines/" in changed
    assert "/zh-hans/nantong-2026/tongzhou-looms/" in changed
    assert "/zh-hans/nantong-2026/haimen-textiles/" not in changed
    assert "纺织机械馆" in html(tmp_path, "/zh-hans/nantong-2026/tongzhou-looms/")


def test_publishing_in_the_admin_enqueues_an_incremental_build(
    small, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.SITE_BUILD_DIR = tmp_path
    build(out=tmp_path, index_search=False)
    settings.SITE_AUTO_BUILD = True

    with django_capture_on_commit_callbacks(execute=True):
        small.loom_booth.title = "通州纺机（新）"
        small.loom_booth.save_revision().publish()

    assert "通州纺机（新）" in html(tmp_path, "/zh-hans/nantong-2026/tongzhou-looms/")


def test_building_one_language_leaves_the_others_and_keeps_every_language_linked(small, tmp_path):
    build(out=tmp_path, index_search=False)
    root_before = (tmp_path / "index.html").read_bytes()

    small.en_quilt_booth.title = "Haimen Textiles (new name)"
    small.en_quilt_booth.save_revision().publish()
    small.quilt_booth.title = "海门家纺（未重建）"
    small.quilt_booth.save_revision().publish()
    report = build(out=tmp_path, languages=["en"], index_search=False)

    assert report.rendered_paths and all(p.startswith("/en/") for p in report.rendered_paths)
    assert "海门家纺（未重建）" not in html(tmp_path, "/zh-hans/nantong-2026/haimen-textiles/")
    english = soup(html(tmp_path, "/en/nantong-2026/haimen-textiles/"))
    assert english.find("h1").get_text(strip=True) == "Haimen Textiles (new name)"
    switcher = english.find("nav", class_="language-switcher")
    assert switcher.find("a", hreflang="zh-hans") is not None
    assert (tmp_path / "index.html").read_bytes() == root_before


# --- errors ---------------------------------------------------------------------------------


def test_two_pages_writing_one_file_is_an_error(small, tmp_path):
    clash = make_booth(small.edition, make_exhibitor("冲突"), slug="halls")
    clash.categories.set([])
    clash_exhibit = make_exhibit(clash, title="冲突品", slug="textiles")
    assert clash_exhibit.pk

    with pytest.raises(PathClash, match="/zh-hans/nantong-2026/halls/textiles/"):
        build(out=tmp_path, index_search=False)


def test_a_page_that_fails_to_render_is_named_and_strict_fails_the_build(
    small, tmp_path, monkeypatch
):
    from site_builder import context

    original = context.ContextBuilder._exhibit_page

    def broken(self, page):
        if page.slug == "air-jet-loom":
            raise ValueError("spec table is broken")
        return original(self, page)

    monkeypatch.setattr(context.ContextBuilder, "_exhibit_page", broken)
    report = build(out=tmp_path, index_search=False)
    assert len(report.errors) == 1
    assert "air-jet-loom" in report.errors[0] and "zh-hans" in report.errors[0]
    assert f"page {small.loom.pk}" in report.errors[0]
    assert (tmp_path / "zh-hans/nantong-2026/haimen-textiles/index.html").exists()

    with pytest.raises(BuildError, match="spec table is broken"):
        build(out=tmp_path, index_search=False, strict=True)


def test_build_site_command_prints_a_summary(small, tmp_path, capsys, settings):
    settings.LANGUAGE_CODE = "en"  # commands speak the site's default language
    call_command("build_site", "--out", str(tmp_path), "--no-search")
    out = capsys.readouterr().out
    assert re.search(r"\d+ pages rendered .* skipped, \d+ removed", out)


def test_build_site_refuses_without_a_theme_build(small, tmp_path, settings):
    settings.SITE_THEME_BUILD_DIR = tmp_path / "no-theme"
    with pytest.raises(CommandError, match="make theme"):
        call_command("build_site", "--out", str(tmp_path / "site"), "--no-search")


# --- cost -----------------------------------------------------------------------------------


def test_queries_do_not_grow_with_the_number_of_booths(small, tmp_path):
    def queries_of_a_full_build(out):
        build(out=out, index_search=False, full=True)  # makes the renditions it needs
        with CaptureQueriesContext(connection) as queries:
            build(out=out, index_search=False, full=True)
        return len(queries)

    def add_booth(number):
        """A booth with a logo and an exhibit with a photo: pictures, processed or not,
        are looked up in bulk too."""
        logo, photo = make_image(f"logo{number}"), make_image(f"photo{number}")
        if number % 2:
            from booths import derived_media

            derived_media.derive(photo)
        exhibitor = make_exhibitor(f"新展商{number}", logo=logo)
        booth = make_booth(small.edition, exhibitor, slug=f"new-{number}")
        booth.categories.set([small.bedding])
        booth.save_revision().publish()
        exhibit = make_exhibit(booth, title=f"新品{number}", slug=f"item-{number}")
        exhibit.images.add(ExhibitImage(image=photo))
        exhibit.save_revision().publish()

    add_booth(0)
    add_booth(1)
    few = queries_of_a_full_build(tmp_path / "few")
    for number in range(2, 8):
        add_booth(number)
    many = queries_of_a_full_build(tmp_path / "many")

    assert many == few
