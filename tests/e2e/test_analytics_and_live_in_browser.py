"""Analytics beacons and the live islands in a real browser (Debian's Chromium driven by
Playwright), checked on what the database stored:

- beacons are stored once even when a batch arrives twice; dwell counts only visible time;
  Do-Not-Track and Global Privacy Control send `consent: false` without a visitor id; the
  consent choice persists and can be changed; an exhibit card click counts for the exhibit,
  and what the 3D viewer and the search island announce becomes model and search events;
- a booth's live stream (a tiny HLS stream made with ffmpeg) plays, its heartbeats make a
  Viewing, and the hot list of the live page and the home page shows it with its viewers;
- with the API unreachable the pages read as built and the widgets say so.

The site and the API are served by one live server, as in test_engagement_in_browser.py
(whose serialized-rollback fixture these tests share; see the gotcha there). The page's
visibility is driven by the test: headless Chromium keeps every page "visible", so an init
script puts `document.visibilityState` under the test's control (`__setVisibility`). The
database is read only once the server has answered the request that wrote it (`answered`):
the test and the live server share one in-memory SQLite connection.
"""

import datetime
import re
import shutil
import subprocess

import pytest

from tests.e2e.test_engagement_in_browser import (  # urlpatterns: this module's URLconf too
    CHROMIUM,
    axe_violations,
    migrated_data,  # noqa: F401 (a fixture)
    urlpatterns,  # noqa: F401 (read by pytest.mark.urls)
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.e2e,
    pytest.mark.urls(__name__),
]

BOOTH = "/en/nantong-2026/haimen-textiles/"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# The server drops beacons from headless browsers as bots: the browser presents itself as
# the desktop Chrome a buyer would use. Given at launch, not per context: a beacon sent as
# a page unloads leaves without the page's own User-Agent override.
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0.0.0 Safari/537.36"
)
STREAM_TITLE = "Silk quilt launch"
VISIBILITY = """
(() => {
  let state = "visible";
  Object.defineProperty(Document.prototype, "visibilityState", { configurable: true, get: () => state });
  Object.defineProperty(Document.prototype, "hidden", { configurable: true, get: () => state === "hidden" });
  window.__setVisibility = (next) => {
    const at = performance.now();
    state = next;
    document.dispatchEvent(new Event("visibilitychange"));
    return at;
  };
})();
"""


@pytest.fixture(scope="module")
def browser(migrated_data):  # noqa: F811 (the fixture imported above)
    """Chromium as in test_engagement_in_browser.py, with a buyer's User-Agent."""
    from pathlib import Path

    from django.db import connection
    from playwright.sync_api import sync_playwright

    from assets_pipeline import models3d

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs it (scripts/system_deps.sh).")
    with sync_playwright() as playwright:
        # The serialized data must be on the greenlet's connection too (see that module).
        if migrated_data:
            connection._test_serialized_contents = migrated_data
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*models3d.CHROMIUM_ARGS, f"--user-agent={USER_AGENT}"]
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def hls_stream(tmp_path_factory):
    """Twenty seconds of a test picture as an HLS stream (H.264, 2 s segments): what a
    live encoder would publish, small enough to make in a second."""
    folder = tmp_path_factory.mktemp("stream")
    if not shutil.which("ffmpeg"):
        pytest.fail("ffmpeg is missing: `make test` installs it (scripts/system_deps.sh).")
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x90:rate=10",
            "-t", "20", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "20",
            "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod",
            str(folder / "stream.m3u8"),
        ],
        check=True,
        timeout=60,
    )  # fmt: skip
    return folder


@pytest.fixture
def show(transactional_db, tmp_path, settings, live_server, hls_stream):
    """The small show, its quilt booth on air now with an HLS stream served by the site."""
    from django.core.cache import cache
    from django.utils import timezone

    from booths.models import BoothPage
    from booths.site_setup import ensure_home_page, ensure_site
    from engagement import beacons
    from engagement.models import LiveSession
    from site_builder.build import build
    from tests.site_builder.small_site import build_small_site

    settings.MEILI_URL = "http://127.0.0.1:9"  # search is not what these tests look at
    settings.MEILI_MASTER_KEY = "unused"
    cache.clear()  # the hot list is cached for a few seconds: not from an earlier test
    beacons.clear_caches()
    ensure_site(locales=["en"])
    small = build_small_site(ensure_home_page())
    now = timezone.now()
    booth = BoothPage.objects.get(pk=small.quilt_booth.pk)
    booth.body = [
        (
            "live_stream",
            {
                "title": STREAM_TITLE,
                "starts_at": now - datetime.timedelta(minutes=10),
                "ends_at": now + datetime.timedelta(hours=2),
                "stream_url": f"{live_server.url}/test-stream/stream.m3u8",
                "replay": None,
                "replay_url": "",
            },
        )
    ]
    booth.save_revision().publish()
    # The translation carries the block with the same id, as wagtail-localize keeps it.
    english = BoothPage.objects.get(pk=small.en_quilt_booth.pk)
    english.body = booth.body.raw_data
    english.save_revision().publish()
    out = tmp_path / "site"
    report = build(out=out, index_search=False)
    assert report.errors == []
    shutil.copytree(hls_stream, out / "test-stream")
    settings.SITE_BUILD_DIR = out
    small.session = LiveSession.objects.get(booth_id=booth.pk)
    return small


def new_page(browser, viewport=DESKTOP, init_script=None):
    context = browser.new_context(viewport=viewport, locale="en-GB", timezone_id="Europe/Berlin")
    context.add_init_script(VISIBILITY)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def answered(page, path, action):
    """Runs `action`, which makes the page POST to `path`, and returns the server's answer.

    The database is read only after such an answer, never polled while the page talks to
    the API: the test and the live server share one in-memory SQLite connection, which two
    threads must not use at once (Django's LiveServerTestCase notes)."""
    with page.expect_response(
        lambda response: response.url.endswith(path) and response.request.method == "POST"
    ) as response:
        action()
    return response.value.status, response.value.json()


def sent_beacons(page, action):
    """Runs `action` (hiding the page: it sends what it queued) and checks the answer."""
    status, answer = answered(page, "/api/v1/events", action)
    assert status == 202 and answer["rejected"] == 0, answer
    return answer


def hide(page):
    return page.evaluate("__setVisibility('hidden')")


def beacon_bodies(page):
    """The JSON bodies the page sends to /api/v1/events, as they are sent."""
    import json

    bodies = []
    page.on(
        "request",
        lambda r: (
            bodies.append(json.loads(r.post_data)) if r.url.endswith("/api/v1/events") else None
        ),
    )
    return bodies


def analytics_running(page):
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').some((e) => /\\/analytics\\.\\w+\\.js$/.test(e.name))"
    )


def test_beacons_are_stored_once_even_when_a_batch_arrives_twice(live_server, show, browser):
    from engagement.models import Event

    page = new_page(browser)
    answers = []

    def twice(route):
        # The batch reaches the server twice, as a retry after a lost answer would.
        first = route.fetch()
        second = route.fetch()
        answers.append((first.status, first.json(), second.status, second.json()))
        route.fulfill(response=second)

    page.route("**/api/v1/events", twice)
    page.goto(live_server.url + BOOTH)
    analytics_running(page)
    answered(page, "/api/v1/events", lambda: hide(page))
    assert answers[0] == (
        202,
        {"accepted": 2, "duplicates": 0, "rejected": 0},
        202,
        {"accepted": 0, "duplicates": 2, "rejected": 0},
    )
    events = {event.kind: event for event in Event.objects.all()}
    assert sorted(events) == ["dwell", "page_view"]
    for event in events.values():
        assert event.page_id == show.en_quilt_booth.pk
        assert event.booth_id == show.quilt_booth.pk  # counts for the source-language booth
        assert event.locale == "en"
        assert event.device == "desktop"
        # No choice made yet: counted, linked to no one.
        assert event.visitor == "" and event.ip_hash == "" and event.user_id is None
    assert events["page_view"].data == {}  # opened directly: no referrer
    assert events["dwell"].data["dwell_ms"] > 0
    assert page.errors == []
    page.context.close()


def test_dwell_counts_only_visible_time(live_server, show, browser):
    from engagement.models import Event

    page = new_page(browser)
    page.goto(live_server.url + BOOTH)
    analytics_running(page)
    page.wait_for_timeout(1200)
    hidden = []
    sent_beacons(page, lambda: hidden.append(hide(page)))
    page.wait_for_timeout(2500)  # hidden: must not count
    shown = page.evaluate("__setVisibility('visible')")
    page.wait_for_timeout(1000)
    sent_beacons(page, lambda: hidden.append(hide(page)))
    first_hidden, second_hidden = hidden

    dwells = Event.objects.filter(kind="dwell").order_by("occurred_at")
    first, second = (event.data["dwell_ms"] for event in dwells)
    # From the navigation to the first hide, then from showing again to the second hide.
    assert abs(first - first_hidden) < 50, (first, first_hidden)
    assert abs(second - (second_hidden - shown)) < 50, (second, second_hidden - shown)
    assert first + second < second_hidden - 2400  # the hidden 2.5 s are not in it
    assert Event.objects.filter(kind="page_view").count() == 1
    page.context.close()


@pytest.mark.parametrize(
    "signal",
    [
        "Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' });",
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });",
    ],
    ids=["do-not-track", "global-privacy-control"],
)
def test_do_not_track_and_global_privacy_control_send_no_visitor(
    live_server, show, browser, signal
):
    from engagement.models import Event

    # This reader allowed counting before, and has since told the browser not to track.
    earlier = (
        "localStorage.setItem('expo:analytics', 'yes');"
        "localStorage.setItem('expo:visitor', 'k3Jd9_x-Qa81LmZpQ7');"
    )
    page = new_page(browser, init_script=signal + earlier)
    bodies = beacon_bodies(page)
    page.goto(live_server.url + BOOTH)
    analytics_running(page)
    page.mouse.wheel(0, 100)  # what makes the notice appear for everyone else
    assert sent_beacons(page, lambda: hide(page))["accepted"] == 2

    assert bodies and all(body["consent"] is False and "visitor" not in body for body in bodies)
    assert not page.locator("#analytics-consent").is_visible()  # nothing is asked
    assert not page.locator("[data-consent-open]").is_visible()
    assert page.evaluate("localStorage.getItem('expo:visitor')") is None  # forgotten
    assert list(Event.objects.values_list("visitor", "ip_hash").distinct()) == [("", "")]
    page.context.close()


def test_the_consent_choice_persists_and_can_be_changed(live_server, show, browser):
    from engagement.models import Event

    page = new_page(browser, PHONE)
    page.goto(live_server.url + BOOTH)
    notice = page.locator("#analytics-consent")
    analytics_running(page)
    page.wait_for_timeout(200)
    assert not notice.is_visible()  # the first view is the page's own
    page.mouse.wheel(0, 200)  # the reader starts to use the page: now it asks
    notice.wait_for()
    assert notice.inner_text().startswith("We count visits to booths anonymously")
    assert axe_violations(page, "#analytics-consent") == []
    # On a phone, scrolled to the end, the notice covers nothing: it has its own place.
    bottom = "window.scrollTo(0, document.documentElement.scrollHeight)"
    page.evaluate(bottom)
    # The islands near the end of the page grow it as they start: scroll again once they ran.
    page.wait_for_selector("[data-island=engagement][data-island-state=ready]")
    page.wait_for_timeout(300)
    page.evaluate(bottom)
    footer = page.locator(".site-footer").bounding_box()
    assert footer["y"] + footer["height"] <= notice.bounding_box()["y"] + 0.5

    notice.get_by_role("button", name="Allow").click()
    assert not notice.is_visible()
    visitor = page.evaluate("localStorage.getItem('expo:visitor')")
    assert re.fullmatch(r"[A-Za-z0-9_-]{16,64}", visitor)
    assert page.evaluate("localStorage.getItem('expo:analytics')") == "yes"

    sent_beacons(page, lambda: hide(page))
    page.reload()
    analytics_running(page)
    page.mouse.wheel(0, 100)
    page.wait_for_timeout(200)
    assert not notice.is_visible()  # asked once
    sent_beacons(page, lambda: hide(page))
    tracked = Event.objects.filter(visitor=visitor)
    assert sorted(tracked.values_list("kind", flat=True)) == [
        "dwell",
        "dwell",
        "page_view",
        "page_view",
    ]
    assert all(event.ip_hash for event in tracked)  # with consent: the day's IP hash too

    # The footer's "Visit statistics" asks again; declining forgets the id.
    page.evaluate("__setVisibility('visible')")
    reopen = page.get_by_role("button", name="Visit statistics")
    reopen.click()
    assert notice.is_visible()
    assert page.evaluate("document.activeElement.dataset.consent") == "yes"
    notice.get_by_role("button", name="No thanks").click()
    assert not notice.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Visit statistics"
    assert page.evaluate("localStorage.getItem('expo:visitor')") is None
    assert sent_beacons(page, lambda: hide(page))["accepted"] == 1
    assert list(Event.objects.order_by("-id").values_list("visitor", flat=True)[:1]) == [""]
    assert page.errors == []
    page.context.close()


def test_clicks_and_what_the_islands_announce_are_counted(live_server, show, browser):
    """An exhibit card click counts for the exhibit; the events the 3D viewer and the search
    island announce (dispatched here as they do) become model and search events."""
    from engagement.models import Event

    page = new_page(browser)
    page.goto(live_server.url + BOOTH)
    analytics_running(page)
    page.evaluate(
        """() => {
        const say = (type, detail) => document.dispatchEvent(new CustomEvent(type, { detail }));
        for (let i = 0; i < 5; i++) say("expo:model", { action: "rotate" }); // a drag: once
        say("expo:model", { action: "ar" });
        // Typing: only the query the reader stops at is a search; no e-mail address leaves.
        say("expo:search", { query: "silk", results: 9, filters: [] });
        say("expo:search", { query: "silk quilt anna@example.com", results: 2, filters: ["country", "has_3d"] });
    }"""
    )
    # The link stays on the page (a listener of the test cancels the navigation), so the
    # beacon is sent and answered while the test can see it.
    page.evaluate(
        "document.addEventListener('click', (event) => event.preventDefault(), { capture: true })"
    )
    page.locator(".card--exhibit .card__link", has_text="Silk quilt").click()
    sent_beacons(page, lambda: hide(page))
    click = Event.objects.get(kind="exhibit_click")
    assert click.data == {"target": show.en_quilt.pk}
    assert click.page_id == show.en_quilt_booth.pk  # where it was clicked
    assert click.exhibit_id == show.quilt.pk  # what it counts for: the source exhibit
    models = Event.objects.filter(kind="model_interaction")
    assert sorted(event.data["action"] for event in models) == ["ar", "rotate"]
    (search,) = Event.objects.filter(kind="search")
    assert search.data == {"query": "silk quilt", "results": 2, "filters": ["country", "has_3d"]}
    page.context.close()


def test_a_live_booth_plays_sends_heartbeats_and_tops_the_hot_list(live_server, show, browser):
    import json

    from engagement.models import Event, Viewing

    page = new_page(browser)
    beats = []
    page.on(
        "request",
        lambda r: beats.append(json.loads(r.post_data)) if r.url.endswith("/heartbeat") else None,
    )
    page.goto(live_server.url + BOOTH)
    block = page.locator("[data-island=live]")
    block.scroll_into_view_if_needed()
    page.wait_for_selector("[data-island=live][data-island-state=ready]")
    page.wait_for_selector(".live-stream__player[data-island-state=ready]")
    assert block.locator(".badge").inner_text() == "Live now"
    assert block.locator(".live-stream__viewers").inner_text() == "0 viewers"
    video = block.locator("video")
    assert video.get_attribute("data-hls").endswith("/test-stream/stream.m3u8")

    status, first_beat = answered(
        page, "/heartbeat", lambda: video.evaluate("(v) => { v.muted = true; return v.play(); }")
    )
    assert status == 200 and first_beat["viewers"] == 1
    block.get_by_text("1 viewer", exact=True).wait_for()  # the beat's answer, shown
    viewing = Viewing.objects.get(session=show.session)
    assert viewing.mode == "live" and viewing.user_id is None
    page.wait_for_function(
        "() => document.querySelector('[data-island=live] video').currentTime > 2"
    )
    # Pausing sends the last beat, with the seconds played since the first.
    status, last_beat = answered(page, "/heartbeat", lambda: video.evaluate("(v) => v.pause()"))
    assert status == 200 and last_beat["seconds"] >= 2
    viewing.refresh_from_db()
    assert viewing.seconds == last_beat["seconds"]
    assert Viewing.objects.count() == 1
    assert beats[0]["mode"] == "live" and beats[0]["seconds"] == 0
    assert re.fullmatch(r"[0-9a-f]{32}", beats[0]["viewer"])
    assert {beat["viewer"] for beat in beats} == {beats[0]["viewer"]}

    sent_beacons(page, lambda: hide(page))
    play = Event.objects.get(kind="media_play")
    assert play.data == {"media": "live", "ref": f"session:{show.session.pk}"}

    # The live page: the hot list with the viewer, and a player on the page.
    page.goto(live_server.url + "/en/live/")
    hot = page.locator("[data-island=hot-live]")
    item = hot.locator(".hot-live__item", has_text=STREAM_TITLE)
    item.wait_for()
    assert item.locator(".hot-live__viewers").inner_text() == "1 viewer"
    assert item.locator(".hot-live__title").get_attribute("href") == BOOTH
    assert item.locator(".hot-live__booth").inner_text() == "Haimen Home Textiles Co., Ltd."
    assert page.locator(".schedule__item", has_text=STREAM_TITLE).count() == 1
    assert axe_violations(page, "[data-island=hot-live]") == []
    watch = item.get_by_role("button", name=f"Watch here: {STREAM_TITLE}")
    status, _beat = answered(page, "/heartbeat", watch.click)
    assert status == 200
    assert hot.locator(".hot-live__player video").evaluate("(v) => !v.paused")
    assert Viewing.objects.filter(session=show.session).count() == 2  # a new page load

    # The home page's compact list links to the booth.
    page.goto(live_server.url + "/en/")
    home = page.locator("[data-island=hot-live][data-compact]")
    home.locator(".hot-live__item", has_text=STREAM_TITLE).wait_for()
    assert home.locator(".hot-live__watch").count() == 0
    assert page.errors == []
    page.context.close()


def test_pages_read_as_built_when_the_api_is_unreachable(live_server, show, browser):
    page = new_page(browser, PHONE)
    page.route(re.compile(r".*/api/.*"), lambda route: route.abort())
    page.goto(live_server.url + BOOTH)
    block = page.locator("[data-island=live]")
    block.scroll_into_view_if_needed()
    page.wait_for_selector("[data-island=live][data-island-state=ready]")
    assert block.locator(".live-stream__unavailable").inner_text() == (
        "Live data is unavailable at the moment."
    )
    assert block.get_by_role("link", name="Watch live").is_visible()
    assert block.locator("video").count() == 1
    page.mouse.wheel(0, 100)
    page.locator("#analytics-consent").wait_for()  # beacons fail quietly; the rest works
    hide(page)

    page.goto(live_server.url + "/en/live/")
    note = page.locator("[data-island=hot-live] .hot-live__note")
    note.wait_for()
    assert note.inner_text() == "Live data is unavailable at the moment."
    assert page.locator(".schedule__item", has_text=STREAM_TITLE).count() == 1

    page.goto(live_server.url + "/en/")
    page.wait_for_selector("[data-island=hot-live][data-island-state=ready]", state="attached")
    assert not page.locator("[data-island=hot-live]").is_visible()  # nothing to show
    assert page.errors == []
    page.context.close()
