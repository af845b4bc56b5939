"""Live-stream audience (SPEC 6.2.2.1): sessions mirrored from the booth's live-stream
blocks, heartbeats, the hot live list, replay viewers for the exhibitor."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from booths import roles
from booths.models import BoothPage, DerivedMedia
from engagement import live
from engagement.models import LiveSession, Viewing
from tests.builders import make_booth, make_exhibitor, make_user
from tests.engagement.conftest import make_buyer, signed_in, translate

pytestmark = pytest.mark.django_db

HLS = "https://live.example.com/factory/index.m3u8"


def stream(title="工厂直播", starts_in=-10, lasts=60, **values):
    """A live-stream block value starting `starts_in` minutes from now."""
    starts = timezone.now() + datetime.timedelta(minutes=starts_in)
    return {
        "title": title,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(minutes=lasts),
        "stream_url": HLS,
        "replay": None,
        "replay_url": "",
        **values,
    }


def publish_body(booth, *streams):
    booth = BoothPage.objects.get(pk=booth.pk)
    booth.body = [("live_stream", value) for value in streams]
    booth.save_revision().publish()
    return BoothPage.objects.get(pk=booth.pk)


def replay_document(name="replay.mp4"):
    document = Document(title=name, file=ContentFile(b"\x00\x00\x00\x18ftypmp42", name=name))
    document.save()
    return document


def session_titled(title):
    return LiveSession.objects.get(title=title)


def beat(client, session, mode="live", viewer="viewer-0001", seconds=0, **headers):
    return client.post(
        f"/api/v1/live/{session.pk}/heartbeat",
        data=json.dumps({"mode": mode, "viewer": viewer, "seconds": seconds}),
        content_type="application/json",
        **headers,
    )


def csrf_client(user):
    """A signed-in client that, like a browser, is held to the CSRF check."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    token = client.get("/api/v1/auth/session").json()["csrf_token"]
    return client, token


@pytest.fixture
def on_air(show):
    """The show's booth with a stream on air now and one that ended with a replay."""
    booth = publish_body(
        show.booth,
        stream("工厂直播", starts_in=-10),
        stream("新品发布", starts_in=-180, replay=replay_document()),
    )
    show.booth = booth
    show.live = session_titled("工厂直播")
    show.ended = session_titled("新品发布")
    return show


# --- sessions follow the booth ---------------------------------------------------------


def test_publishing_a_booth_lists_each_live_stream_block_as_a_session(on_air):
    blocks = {block.id: block.value for block in on_air.booth.body}
    sessions = LiveSession.objects.filter(booth=on_air.booth, listed=True)
    assert {session.block_id for session in sessions} == set(blocks)
    assert on_air.live.exhibitor == on_air.exhibitor
    assert on_air.live.stream_url == HLS
    assert on_air.ended.replay_id is not None


def test_republishing_updates_a_session_in_place(on_air):
    booth = BoothPage.objects.get(pk=on_air.booth.pk)
    booth.body[0].value["title"] = "工厂直播（第二场）"
    booth.save_revision().publish()
    renamed = LiveSession.objects.get(pk=on_air.live.pk)
    assert renamed.title == "工厂直播（第二场）" and renamed.listed


def test_a_stream_removed_from_the_booth_is_unlisted_but_kept_for_its_figures(on_air):
    Viewing.objects.create(
        session=on_air.ended,
        mode="replay",
        viewer_key="k" * 8,
        seconds=30,
        last_seen_at=timezone.now(),
    )
    booth = BoothPage.objects.get(pk=on_air.booth.pk)
    del booth.body[[block.value["title"] for block in booth.body].index("新品发布")]
    booth.save_revision().publish()
    ended = LiveSession.objects.get(pk=on_air.ended.pk)
    assert not ended.listed and ended.viewings.count() == 1
    assert LiveSession.objects.get(pk=on_air.live.pk).listed


def test_unpublishing_the_booth_unlists_all_its_sessions(on_air):
    BoothPage.objects.get(pk=on_air.booth.pk).unpublish()
    assert not LiveSession.objects.filter(booth=on_air.booth, listed=True).exists()
    assert LiveSession.objects.filter(booth=on_air.booth).count() == 2


def test_the_command_mirrors_booths_published_before_the_audience_existed(on_air):
    LiveSession.objects.all().delete()
    output = io.StringIO()
    call_command("sync_live_sessions", stdout=output)
    assert output.getvalue().strip() == "2 live sessions listed."
    assert LiveSession.objects.filter(booth=on_air.booth, listed=True).count() == 2


def localize(page, language_code):
    """Translate `page` through wagtail-localize (a synced tree), its ancestors first."""
    locale = Locale.objects.get(language_code=language_code)
    for ancestor in page.get_ancestors().filter(depth__gte=2).specific():
        if not ancestor.has_translation(locale):
            ancestor.copy_for_translation(locale, copy_parents=True).save_revision().publish()
    source, _created = TranslationSource.get_or_create_from_instance(
        Page.objects.get(pk=page.pk).specific
    )
    translation, _created = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    translation.save_target(publish=True)
    translated = BoothPage.objects.get(translation_key=page.translation_key, locale=locale)
    if not translated.live:  # the review workflow holds it: publish as a reviewer would
        translated.get_latest_revision().publish()
    return BoothPage.objects.get(pk=translated.pk)


def test_translations_keep_the_block_ids_and_share_the_source_sessions(on_air):
    english = localize(on_air.booth, "en")
    assert [block.id for block in english.body] == [block.id for block in on_air.booth.body]
    russian = translate(on_air.booth, "ru")
    assert [block.id for block in russian.body] == [block.id for block in on_air.booth.body]

    assert LiveSession.objects.count() == 2  # publishing translations made none
    chinese = Client().get(f"/api/v1/booths/{on_air.booth.pk}/live").json()
    in_english = Client().get(f"/api/v1/booths/{english.pk}/live").json()
    assert [row["id"] for row in in_english] == [row["id"] for row in chinese]


def test_a_session_is_titled_as_the_requested_page_writes_it(on_air):
    english = translate(on_air.booth, "en")
    raw = list(english.body.raw_data)
    for item in raw:
        item["value"]["title"] = {"工厂直播": "Factory live", "新品发布": "Launch"}[
            item["value"]["title"]
        ]
    english.body = raw
    english.save_revision().publish()
    rows = Client().get(f"/api/v1/booths/{english.pk}/live").json()
    assert {row["title"] for row in rows} == {"Factory live", "Launch"}


# --- the booth's sessions and what the player can play ---------------------------------


def test_the_booth_lists_its_sessions_with_status_and_playable_urls(on_air):
    rows = {
        row["title"]: row for row in Client().get(f"/api/v1/booths/{on_air.booth.pk}/live").json()
    }
    assert rows["工厂直播"]["status"] == "live" and rows["工厂直播"]["live_hls"] == HLS
    ended = rows["新品发布"]
    assert ended["status"] == "ended"
    # Not processed yet: the uploaded file, at the URL the booth page itself uses.
    assert ended["replay_mp4"] == on_air.ended.replay.file.url and ended["replay_hls"] == ""


def test_a_processed_replay_plays_from_the_pipelines_hls_ladder(on_air):
    DerivedMedia.objects.create(
        document=on_air.ended.replay,
        kind="video",
        status="ready",
        folder="derived/ab/ab12",
        manifest={
            "derivatives": [
                {"role": "video", "path": "video.mp4"},
                {"role": "hls", "path": "hls/index.m3u8"},
                {"role": "poster", "path": "poster.jpg"},
            ]
        },
    )
    rows = {
        row["title"]: row for row in Client().get(f"/api/v1/booths/{on_air.booth.pk}/live").json()
    }
    assert rows["新品发布"]["replay_hls"] == "/media/derived/ab/ab12/hls/index.m3u8"
    assert rows["新品发布"]["replay_mp4"] == "/media/derived/ab/ab12/video.mp4"
    assert rows["新品发布"]["replay_poster"] == "/media/derived/ab/ab12/poster.jpg"


def test_a_platform_page_is_not_offered_to_the_hls_player(show):
    publish_body(show.booth, stream(stream_url="https://live.bilibili.com/21452505"))
    row = Client().get(f"/api/v1/booths/{show.booth.pk}/live").json()[0]
    assert row["live_hls"] == "" and row["stream_url"] == "https://live.bilibili.com/21452505"


def test_an_exhibit_or_unknown_page_has_no_sessions(on_air):
    assert Client().get(f"/api/v1/booths/{on_air.exhibit.pk}/live").status_code == 404
    assert Client().get("/api/v1/booths/999999/live").status_code == 404
    assert Client().get(f"/api/v1/booths/{2**64}/live").status_code == 422


# --- heartbeats --------------------------------------------------------------------------


def test_beats_of_one_viewer_keep_one_viewing_per_mode(on_air):
    now = timezone.now()
    live.heartbeat(on_air.live, "live", "viewer-a", visible_seconds=0, now=now)
    viewing, credited = live.heartbeat(
        on_air.live,
        "live",
        "viewer-a",
        visible_seconds=15,
        now=now + datetime.timedelta(seconds=15),
    )
    assert Viewing.objects.count() == 1
    assert credited == 15 and viewing.seconds == 15
    assert viewing.last_seen_at == now + datetime.timedelta(seconds=15)


def test_a_beat_claiming_an_hour_is_credited_a_minute_at_most(on_air):
    now = timezone.now()
    live.heartbeat(on_air.live, "live", "viewer-a", now=now)
    _viewing, credited = live.heartbeat(
        on_air.live,
        "live",
        "viewer-a",
        visible_seconds=3600,
        now=now + datetime.timedelta(minutes=5),
    )
    assert credited == live.MAX_BEAT_SECONDS == 60


def test_a_beat_is_credited_no_more_than_the_time_since_the_last_beat(on_air):
    now = timezone.now()
    _viewing, first = live.heartbeat(on_air.live, "live", "viewer-a", visible_seconds=50, now=now)
    _viewing, second = live.heartbeat(
        on_air.live,
        "live",
        "viewer-a",
        visible_seconds=50,
        now=now + datetime.timedelta(seconds=10),
    )
    assert first == live.BEAT_SLACK_SECONDS
    assert second == 10 + live.BEAT_SLACK_SECONDS


def test_no_live_beats_before_or_after_the_live_window(show):
    publish_body(show.booth, stream("明天", starts_in=60 * 24), stream("昨天", starts_in=-60 * 24))
    for title in ("明天", "昨天"):
        with pytest.raises(live.NotWatchable) as refusal:
            live.heartbeat(session_titled(title), "live", "viewer-a")
        assert refusal.value.code == "not_live"
    response = beat(Client(), session_titled("明天"))
    assert response.status_code == 409 and response.json()["code"] == "not_live"


def test_a_stream_running_over_still_takes_beats_within_the_slack(show):
    publish_body(show.booth, stream("刚结束", starts_in=-62, lasts=60))
    _viewing, credited = live.heartbeat(
        session_titled("刚结束"), "live", "viewer-a", visible_seconds=3
    )
    assert credited == 3


def test_replay_beats_only_for_a_session_with_a_replay(on_air):
    with pytest.raises(live.NotWatchable):
        live.heartbeat(on_air.live, "replay", "viewer-a")
    assert beat(Client(), on_air.ended, mode="replay").status_code == 200


def test_an_anonymous_beat_needs_no_csrf_token_and_names_nobody(on_air):
    response = beat(Client(enforce_csrf_checks=True), on_air.live, seconds=5)
    assert response.status_code == 200
    assert response.json()["viewers"] == 1
    assert Viewing.objects.get().user is None


def test_a_signed_in_beat_with_the_csrf_token_is_attributed(on_air, buyer):
    client, token = csrf_client(buyer)
    assert beat(client, on_air.ended, mode="replay", HTTP_X_CSRFTOKEN=token).status_code == 200
    assert Viewing.objects.get().user == buyer


def test_a_forged_beat_from_another_site_does_not_reveal_the_buyer(on_air, buyer):
    client, _token = csrf_client(buyer)
    assert beat(client, on_air.ended, mode="replay").status_code == 200
    assert Viewing.objects.get().user is None


def test_a_viewer_id_stays_with_the_account_that_opened_it(on_air, buyer):
    client, token = csrf_client(buyer)
    beat(client, on_air.ended, mode="replay", viewer="viewer-taken", HTTP_X_CSRFTOKEN=token)
    response = beat(Client(), on_air.ended, mode="replay", viewer="viewer-taken", seconds=9)
    assert response.status_code == 409 and response.json()["code"] == "viewer_taken"


def test_beats_for_unknown_or_unlisted_sessions_are_not_found(on_air):
    assert beat(Client(), LiveSession(pk=999999)).status_code == 404
    LiveSession.objects.filter(pk=on_air.live.pk).update(listed=False)
    assert beat(Client(), on_air.live).status_code == 404


def test_invalid_beats_are_refused_as_invalid(on_air):
    assert beat(Client(), on_air.live, viewer="short").status_code == 422
    assert beat(Client(), on_air.live, mode="vod").status_code == 422
    assert beat(Client(), on_air.live, seconds=-1).status_code == 422


def test_heartbeats_are_rate_limited_per_address(on_air, settings):
    settings.RATE_LIMITS = {"live_heartbeat": {"ip": "2/m"}}
    codes = [beat(Client(), on_air.live, viewer=f"viewer-{n:04d}").status_code for n in range(3)]
    assert codes == [200, 200, 429]


# --- the hot live list -------------------------------------------------------------------


def viewers(session, count, seen_seconds_ago=5, mode="live", prefix="v"):
    seen = timezone.now() - datetime.timedelta(seconds=seen_seconds_ago)
    Viewing.objects.bulk_create(
        Viewing(session=session, mode=mode, viewer_key=f"{prefix}{n:07d}", last_seen_at=seen)
        for n in range(count)
    )


@pytest.fixture
def three_live(show):
    """Three booths on air now, started 30, 20 and 10 minutes ago."""
    sessions = []
    for n, starts_in in enumerate((-30, -20, -10)):
        booth = make_booth(show.edition, make_exhibitor(f"直播公司{n}"))
        publish_body(booth, stream(f"直播{n}", starts_in=starts_in))
        sessions.append(session_titled(f"直播{n}"))
    return sessions


def test_hot_live_ranks_sessions_by_current_viewers(three_live):
    early, middle, late = three_live
    viewers(late, 3)
    viewers(early, 1)
    viewers(early, 10, seen_seconds_ago=120, prefix="stale")  # gone: not counted
    viewers(middle, 5, mode="replay")  # replays are not the live audience
    rows = live.hot_live(now=timezone.now())
    assert [(row["session_id"], row["viewers"]) for row in rows] == [
        (late.pk, 3),
        (early.pk, 1),
        (middle.pk, 0),
    ]


def test_hot_live_breaks_ties_by_start_time(three_live):
    rows = live.hot_live(now=timezone.now())
    assert [row["session_id"] for row in rows] == [session.pk for session in three_live]


def test_hot_live_leaves_out_sessions_not_on_air(on_air):
    rows = Client().get("/api/v1/live/hot").json()
    assert [row["session_id"] for row in rows] == [on_air.live.pk]


def test_the_heartbeat_window_is_a_setting(three_live, settings):
    viewers(three_live[0], 2, seen_seconds_ago=100)
    assert live.hot_live(now=timezone.now())[0]["viewers"] == 0
    settings.LIVE_HEARTBEAT_WINDOW_SECONDS = 120
    assert live.hot_live(now=timezone.now())[0]["viewers"] == 2


def test_hot_live_names_the_booth_in_the_requested_language(on_air):
    english = translate(on_air.booth, "en", title="Nantong Home Textiles")
    row = Client().get("/api/v1/live/hot?locale=en").json()[0]
    assert row["booth"] == {
        "page_id": english.pk,
        "title": "Nantong Home Textiles",
        "url": f"/en/{english.url_path.split('/', 2)[2]}",
    }
    source = Client().get("/api/v1/live/hot?locale=xx").json()[0]
    assert source["booth"]["page_id"] == on_air.booth.pk


def test_hot_live_is_served_from_the_cache_for_a_few_seconds(on_air, django_assert_num_queries):
    first = Client().get("/api/v1/live/hot").json()
    viewers(on_air.live, 4)
    with django_assert_num_queries(0):
        assert live.hot_live() == [
            {**first[0], "starts_at": on_air.live.starts_at, "ends_at": on_air.live.ends_at}
        ]
    cache.clear()
    assert live.hot_live()[0]["viewers"] == 4


def test_hot_live_takes_the_same_few_queries_however_many_sessions(show):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            rows = live.hot_live(now=timezone.now())
        return len(rows), len(captured)

    for n in range(2):
        publish_body(make_booth(show.edition, make_exhibitor(f"甲{n}")), stream(f"甲{n}"))
    two, few = queries()
    for n in range(5):
        booth = make_booth(show.edition, make_exhibitor(f"乙{n}"))
        publish_body(booth, stream(f"乙{n}"))
        translate(booth, "en")
    seven, same = queries()
    assert (two, seven) == (2, 7)
    assert few == same <= 4


# --- who watched -------------------------------------------------------------------------


@pytest.fixture
def replay_watched(on_air):
    anna = make_buyer("anna@example.com", first_name="Anna", company="Acme GmbH")
    bo = make_buyer("bo@example.com", first_name="Bo", company="Nordic AB")
    now = timezone.now()
    for user, key, seconds in ((anna, "anna-key", 300), (bo, "bo-key-1", 40)):
        Viewing.objects.create(
            session=on_air.ended,
            mode="replay",
            viewer_key=key,
            user=user,
            seconds=seconds,
            last_seen_at=now,
        )
    for n, seconds in enumerate((20, 30)):
        Viewing.objects.create(
            session=on_air.ended,
            mode="replay",
            viewer_key=f"anon-{n:04d}",
            seconds=seconds,
            last_seen_at=now,
        )
    # The exhibitor's own staff checking the replay is not a buyer: counted, not named.
    Viewing.objects.create(
        session=on_air.ended,
        mode="replay",
        viewer_key="staff-key",
        user=on_air.staff,
        seconds=10,
        last_seen_at=now,
    )
    return on_air


def test_the_exhibitor_sees_its_replay_viewers_by_name_and_the_rest_counted(replay_watched):
    entries = {
        entry["session"].pk: entry for entry in live.replay_audience(replay_watched.exhibitor)
    }
    ended = entries[replay_watched.ended.pk]
    assert [(v["name"], v["company"], v["country"], v["seconds"]) for v in ended["viewers"]] == [
        ("Anna", "Acme GmbH", "DE", 300),
        ("Bo", "Nordic AB", "DE", 40),
    ]
    assert (ended["anonymous_viewers"], ended["anonymous_seconds"]) == (3, 60)
    assert entries[replay_watched.live.pk]["viewers"] == []


def test_the_replay_viewers_api_answers_the_exhibitors_staff(replay_watched, staff_client):
    response = staff_client.get(f"/api/v1/exhibitors/{replay_watched.exhibitor.pk}/replay-viewers")
    assert response.status_code == 200
    ended = next(row for row in response.json() if row["session_id"] == replay_watched.ended.pk)
    assert ended["viewers"][0]["name"] == "Anna" and ended["anonymous_viewers"] == 3


def test_another_exhibitors_staff_and_buyers_may_not_see_the_replay_viewers(
    replay_watched, buyer_client
):
    rival = make_user("rival", email="rival@example.com")
    make_exhibitor("竞争对手", owners=[rival])
    path = f"/api/v1/exhibitors/{replay_watched.exhibitor.pk}/replay-viewers"
    assert signed_in(rival).get(path).status_code == 403
    assert buyer_client.get(path).status_code == 403
    assert Client().get(path).status_code == 401


def test_the_live_peak_counts_overlapping_viewings(on_air):
    start = timezone.now() - datetime.timedelta(minutes=9)
    spans = [(0, 5), (1, 3), (2, 8), (6, 7)]  # minutes after the start: at most 3 at once
    for n, (first, last) in enumerate(spans):
        viewing = Viewing.objects.create(
            session=on_air.live,
            mode="live",
            viewer_key=f"peak{n:04d}",
            last_seen_at=start + datetime.timedelta(minutes=last),
        )
        Viewing.objects.filter(pk=viewing.pk).update(
            started_at=start + datetime.timedelta(minutes=first)
        )
    figures = live.live_figures([on_air.live])[on_air.live.pk]
    assert (figures["peak"], figures["viewers"], figures["current"]) == (3, 4, 0)


# --- the admin page ----------------------------------------------------------------------


def test_the_exhibitor_sees_its_live_audience_in_the_admin(replay_watched, staff_client):
    response = staff_client.get("/admin/live-audience/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Acme GmbH" in page and "Anna" in page and 'data-anonymous="3"' in page
    assert "/admin/live-audience/" in staff_client.get("/admin/").content.decode()


def test_the_admin_page_shows_only_the_exhibitors_own_sessions(replay_watched, show):
    rival = make_user("rival", email="rival@example.com")
    make_exhibitor("竞争对手", owners=[rival])
    response = signed_in(rival).get("/admin/live-audience/")
    assert response.status_code == 200
    assert "新品发布" not in response.content.decode()


def test_organizers_see_every_exhibitor_and_can_pick_one(replay_watched, show):
    other = make_booth(show.edition, make_exhibitor("另一家"))
    publish_body(other, stream("另一场"))
    organizer = make_user("organizer", Group.objects.get(name=roles.ORGANIZER))
    client = signed_in(organizer)
    everything = client.get("/admin/live-audience/").content.decode()
    assert "另一场" in everything and "新品发布" in everything
    one = client.get(f"/admin/live-audience/?exhibitor={replay_watched.exhibitor.pk}")
    assert "另一场" not in one.content.decode() and "新品发布" in one.content.decode()


def test_other_admin_users_may_not_open_the_live_audience(on_air):
    translator = make_user("translator", Group.objects.get(name=roles.TRANSLATOR))
    client = signed_in(translator)
    refused = client.get("/admin/live-audience/")  # Wagtail turns 403 into a redirect home
    assert refused.status_code == 302 and refused.url == "/admin/"
    assert "/admin/live-audience/" not in client.get("/admin/").content.decode()


def test_the_admin_page_escapes_what_exhibitors_and_buyers_wrote(replay_watched):
    publish_body(
        replay_watched.booth,
        stream("<script>alert(1)</script>", starts_in=-100, replay=replay_document()),
    )
    session = session_titled("<script>alert(1)</script>")
    evil = make_buyer("evil@example.com", first_name="<img src=x onerror=alert(2)>")
    Viewing.objects.create(
        session=session,
        mode="replay",
        viewer_key="evil-key",
        user=evil,
        last_seen_at=timezone.now(),
    )
    page = signed_in(replay_watched.staff).get("/admin/live-audience/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page
