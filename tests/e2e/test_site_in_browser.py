"""The built site in a real browser (Debian's Chromium driven by Playwright), on a phone
and on a desktop: search in Chinese and with a misspelled English query, filter by a
category and a spec range, open a booth, switch language, see the 3D viewer's poster.

The site is built into a folder and served by a plain static file server, as a CDN would
serve it; search runs against the real Meilisearch of tests/site_builder/conftest.py.
"""

import datetime
import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

from assets_pipeline import models3d
from bench.static_server import Handler
from booths.site_setup import ensure_home_page, ensure_site
from site_builder.build import build
from tests.builders import make_booth, make_exhibit, make_exhibitor, make_image
from tests.site_builder.small_site import build_small_site, translate

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The asset pipeline's poster renderer uses the same flags: headless, no sandbox or GPU, no
# background traffic, and WebGL for <model-viewer> from SwiftShader.
CHROMIUM_ARGS = models3d.CHROMIUM_ARGS
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}


def glb_document():
    import trimesh
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(
        title="table.glb",
        file=ContentFile(trimesh.creation.box().export(file_type="glb"), name="table.glb"),
    )
    document._set_document_file_metadata()
    document.save()
    return document


LIVE_STARTS = datetime.datetime(2031, 5, 1, 2, 0, tzinfo=datetime.UTC)  # upcoming at build


def live_stream(starts):
    return {
        "title": "新品发布会",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "stream_url": "https://live.example.com/launch.m3u8",
        "replay": None,
        "replay_url": "",
    }


@pytest.fixture
def built_site(db, meili, tmp_path):
    """The small show plus a furniture booth with a 3D model, built and indexed."""
    from booths.models import ExhibitImage

    ensure_site(locales=["en"])
    small = build_small_site(ensure_home_page())
    furniture = make_booth(
        small.edition,
        make_exhibitor("如皋实木家具", country="CN"),
        slug="rugao-furniture",
        booth_number="A-02",
    )
    furniture.categories.set([small.bedding])
    furniture.body = [("live_stream", live_stream(starts=LIVE_STARTS))]
    furniture.save_revision().publish()
    table = make_exhibit(
        furniture,
        title="实木餐桌",
        slug="oak-table",
        model_number="RG-T-180",
        specs=[("功率", "0 kW", 0, "kW")],
        category=small.bedding,
        model_3d=glb_document(),
    )
    table.images.add(ExhibitImage(image=make_image("oak-table", width=800, height=600)))
    table.save_revision().publish()
    translate(furniture, "en", title="Rugao Solid Wood Furniture")
    translate(table, "en", title="Wooden dining table")
    # The table's model through the asset pipeline: a meshopt-compressed GLB and a poster
    # rendered from it (the pipeline's cache keeps this to one run per test session).
    from booths import derived_media

    assert derived_media.derive(table.model_3d).is_ready
    out = tmp_path / "site"
    report = build(out=out)
    assert report.errors == []
    return out


@pytest.fixture
def server(built_site):
    handler = functools.partial(QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


# The CDN's static files, and under /api/ what the API answers an anonymous visitor of a
# quiet show: the pages' islands (counts, beacons, the hot list) run without a CMS here.
QuietHandler = Handler


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs it (scripts/system_deps.sh).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_filters(page):
    """On a phone the facets sit in a collapsed panel."""
    toggle = page.locator(".search__toggle")
    if toggle.count() and toggle.first.is_visible():
        panel = page.locator(".search__panel")
        if panel.count() and panel.first.get_attribute("open") is None:
            toggle.first.click()


def hit_titles(page):
    page.wait_for_selector(".search-hit__title")
    return page.locator(".search-hit__title").all_inner_texts()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_buyer_searches_filters_opens_a_booth_switches_language_and_sees_the_3d_poster(
    server, browser, viewport, meili
):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else None
        ),
    )

    # A Chinese query, typed into the search page: instant results.
    page.goto(f"{server}/zh-hans/search/")
    page.fill("[data-island=search] input[name=q]", "实木")
    page.wait_for_function(
        "() => { const t = [...document.querySelectorAll('.search-hit__title')]"
        ".map(e => e.textContent); return t.includes('实木餐桌') && !t.includes('蚕丝被'); }"
    )
    page.wait_for_function("() => location.search.includes('q=')")  # kept in the URL

    # A misspelled English query on the English site.
    page.goto(f"{server}/en/search/?q=wooden%20tabel")
    assert hit_titles(page)[0] == "Wooden dining table"

    # Filter by a category: the machinery hall leaves only the loom's booth and exhibit.
    page.goto(f"{server}/zh-hans/search/?q=")
    hit_titles(page)
    open_filters(page)
    page.locator(".search-tree__link", has_text="机械馆").first.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.search-hit__title')]"
        ".every(e => !e.textContent.includes('蚕丝被'))"
    )
    titles = hit_titles(page)
    assert "喷气织机" in titles and "实木餐桌" not in titles
    assert "lvl0=" in page.url

    # A spec range from the shared URL: power between 1 and 30 kW keeps the loom (5 kW)
    # and drops the table (0 kW).
    config = page.evaluate("JSON.parse(document.getElementById('search-config').textContent)")
    power = next(r for r in config["ranges"] if r["unit"].lower() == "kw")
    page.goto(f"{server}/zh-hans/search/?q=&r.{power['key']}=1-30")
    page.wait_for_function(
        "() => document.querySelectorAll('.search-hit__title').length > 0"
        " && [...document.querySelectorAll('.search-hit__title')]"
        ".every(e => !e.textContent.includes('实木餐桌'))"
    )
    assert "喷气织机" in hit_titles(page)

    # Open a booth from the results.
    page.goto(f"{server}/zh-hans/search/?q=如皋")
    page.locator(".search-hit__link", has_text="如皋实木家具").first.click()
    page.wait_for_url(re.compile(r".*/zh-hans/nantong-2026/rugao-furniture/$"))
    assert page.locator("h1").inner_text() == "如皋实木家具"

    # Switch language with the switcher.
    open_menu = page.locator(".language-switcher a[hreflang=en]")
    open_menu.click()
    page.wait_for_url(re.compile(r".*/en/nantong-2026/rugao-furniture/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Rugao Solid Wood Furniture"

    # The exhibit's 3D viewer shows its poster first.
    page.goto(f"{server}/en/nantong-2026/rugao-furniture/oak-table/")
    poster = page.locator("model-viewer img[slot=poster], .model-3d img").first
    poster.wait_for(state="visible")
    assert poster.evaluate("img => img.complete && img.naturalWidth > 0")

    assert outside == []  # nothing from third-party hosts (ARCHITECTURE property 5)
    context.close()


def test_a_processed_model_loads_in_the_viewer_with_the_self_hosted_meshopt_decoder(
    server, browser
):
    """The pipeline's GLB is meshopt-compressed: <model-viewer> needs the decoder the theme
    serves itself (its default location is a CDN), and must display the model."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    outside, errors = [], []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((server, "data:", "blob:"))
            else outside.append(request.url)
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{server}/en/nantong-2026/rugao-furniture/oak-table/")
    viewer = page.locator("model-viewer").first
    assert "/media/derived/" in viewer.get_attribute("src")
    poster = page.locator("model-viewer img[slot=poster]").first
    assert "/media/derived/" in poster.get_attribute("src")  # rendered from the model
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.locator(".model-3d .island-launch").first.click()
    viewer.scroll_into_view_if_needed()
    try:
        page.wait_for_function(
            "() => { const v = document.querySelector('model-viewer'); return v && v.loaded; }",
            timeout=60_000,
        )
    except Exception:
        raise AssertionError(f"the model did not load: {errors}") from None

    assert page.locator(".model-3d[data-model-error]").count() == 0
    assert outside == [] and errors == []
    context.close()


def test_a_live_stream_shows_its_status_by_the_readers_clock_not_the_build_time(server, browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    page.clock.set_fixed_time(LIVE_STARTS + datetime.timedelta(minutes=30))

    for path in ("/zh-hans/live/", "/zh-hans/nantong-2026/rugao-furniture/"):
        page.goto(server + path)
        stream = page.locator("[data-live-status]").first
        labels = stream.locator(".live-stream__status")
        badge = labels.locator(".badge")
        assert stream.get_attribute("data-live-status") == "live", path
        assert "live-stream--live" in stream.get_attribute("class")
        assert badge.get_attribute("class") == "badge badge--live"
        assert badge.inner_text() == labels.get_attribute("data-label-live") != ""

    page.clock.set_fixed_time(LIVE_STARTS + datetime.timedelta(hours=3))
    page.goto(server + "/zh-hans/live/")
    assert page.locator("[data-live-status]").first.get_attribute("data-live-status") == "ended"
    context.close()


def test_words_typed_before_the_search_island_loads_are_searched(server, browser, meili):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    held = []  # the island's script, held back until the reader has typed
    page.route(re.compile(r".*/static/theme/search\.[^/]*\.js$"), lambda r: held.append(r))
    page.goto(f"{server}/zh-hans/search/", wait_until="domcontentloaded")
    page.fill("[data-island=search] input[name=q]", "实木")
    page.wait_for_timeout(200)
    assert held, "the search island was not requested"
    for route in held:
        route.continue_()

    page.wait_for_function(
        "() => { const t = [...document.querySelectorAll('.search-hit__title')]"
        ".map(e => e.textContent); return t.includes('实木餐桌') && !t.includes('蚕丝被'); }"
    )
    assert page.input_value("[data-island=search] input[name=q]") == "实木"
    assert "q=%E5%AE%9E%E6%9C%A8" in page.url
    context.close()
