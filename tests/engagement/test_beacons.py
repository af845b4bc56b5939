"""Analytics beacons over POST /api/v1/events (SPEC 4.3): what is stored, what is refused,
and what is never kept about a visitor."""

import datetime
import json
import time
import uuid

import pytest
from django.test import Client

from engagement import beacons
from engagement.models import AnalyticsSalt, Event
from tests.engagement.conftest import signed_in, translate

pytestmark = pytest.mark.django_db

URL = "/api/v1/events"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
IP = "203.0.113.77"
VISITOR = "k3Jd9_x-Qa81LmZp"


@pytest.fixture(autouse=True)
def fresh_beacon_caches():
    """Salts are cached per process; a rolled-back test must not leave its salt behind."""
    beacons.clear_caches()
    yield
    beacons.clear_caches()


def now_ms():
    return int(time.time() * 1000)


def event(kind="page_view", page=None, data=None, **fields):
    item = {
        "event_id": str(uuid.uuid4()),
        "kind": kind,
        "ts": now_ms(),
        "page": page,
        "locale": "zh-hans",
        **fields,
    }
    if data is not None:
        item["data"] = data
    return item


def batch(*events, consent=True, visitor=VISITOR):
    body = {"events": list(events), "consent": consent}
    if visitor is not None:
        body["visitor"] = visitor
    return body


def send(body, client=None, content_type="application/json", **headers):
    headers.setdefault("HTTP_USER_AGENT", CHROME)
    headers.setdefault("REMOTE_ADDR", IP)
    raw = body if isinstance(body, str | bytes) else json.dumps(body)
    return (client or Client()).post(URL, raw, content_type=content_type, **headers)


def test_a_batch_is_stored_once_for_the_source_booth_and_answered_202(show):
    body = batch(
        event(page=show.booth.pk),
        event("dwell", show.booth.pk, {"ms": 42_000}),
        event("media_play", show.exhibit.pk, {"media": "video", "ref": "intro-1"}),
        event("model_interaction", show.exhibit.pk, {"action": "ar"}),
    )
    response = send(body)
    assert response.status_code == 202
    assert response.json() == {"accepted": 4, "duplicates": 0, "rejected": 0}
    stored = {e.kind: e for e in Event.objects.all()}
    assert stored["page_view"].booth_id == show.booth.pk and stored["page_view"].exhibit_id is None
    assert stored["dwell"].data == {"dwell_ms": 42_000}
    assert stored["media_play"].exhibit_id == show.exhibit.pk
    assert stored["media_play"].booth_id == show.booth.pk
    assert stored["model_interaction"].data == {"action": "ar"}
    assert {e.device for e in stored.values()} == {"desktop"}
    assert {e.visitor for e in stored.values()} == {VISITOR}


def test_a_retried_batch_is_stored_once_and_reported_as_duplicates(show):
    body = batch(event(page=show.booth.pk), event(page=show.exhibit.pk))
    assert send(body).json() == {"accepted": 2, "duplicates": 0, "rejected": 0}
    assert send(body).json() == {"accepted": 0, "duplicates": 2, "rejected": 0}
    assert Event.objects.count() == 2


def test_an_event_repeated_within_a_batch_is_stored_once(show):
    view = event(page=show.booth.pk)
    assert send(batch(view, view)).json() == {"accepted": 1, "duplicates": 1, "rejected": 0}
    assert Event.objects.count() == 1


def test_send_beacon_text_plain_bodies_are_accepted(show):
    response = send(
        json.dumps(batch(event(page=show.booth.pk))), content_type="text/plain;charset=UTF-8"
    )
    assert response.status_code == 202
    assert Event.objects.get().booth_id == show.booth.pk


def test_no_csrf_token_is_needed(show):
    client = Client(enforce_csrf_checks=True)
    assert send(batch(event(page=show.booth.pk)), client=client).status_code == 202


def test_events_on_a_translation_count_for_the_source_pages(show):
    english_booth = translate(show.booth, "en")
    english_exhibit = translate(show.exhibit, "en")
    send(
        batch(
            event(page=english_exhibit.pk, locale="en"),
            event("exhibit_click", english_booth.pk, {"target": english_exhibit.pk}, locale="en"),
        )
    )
    view = Event.objects.get(kind="page_view")
    assert view.page_id == english_exhibit.pk and view.locale == "en"
    assert (view.booth_id, view.exhibit_id) == (show.booth.pk, show.exhibit.pk)
    click = Event.objects.get(kind="exhibit_click")
    assert click.page_id == english_booth.pk  # where the click was
    assert (click.booth_id, click.exhibit_id) == (show.booth.pk, show.exhibit.pk)  # what


def test_a_page_that_is_no_booth_is_stored_for_the_site_only(show):
    send(batch(event(page=show.edition.pk), event("search", None, {"query": "餐椅", "results": 3})))
    assert set(Event.objects.values_list("kind", "booth_id", "exhibit_id")) == {
        ("page_view", None, None),
        ("search", None, None),
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b.update(extra=1), "extra"),
        (lambda b: b["events"][1].update(user_id=5), "events.1.user_id"),
        (lambda b: b["events"][1]["data"].update(seconds=3), "events.1.data.seconds"),
        (lambda b: b["events"][1]["data"].update(ms="42000"), "events.1.data.ms"),
        (lambda b: b["events"][1]["data"].update(ms=6 * 3600 * 1000 + 1), "events.1.data.ms"),
        (lambda b: b["events"][1].update(ts=str(now_ms())), "events.1.ts"),
        (lambda b: b["events"][1].update(kind="scroll"), "events.1"),
        (lambda b: b["events"][1].update(event_id="not-a-uuid"), "events.1.event_id"),
        (lambda b: b["events"][1].update(locale="xx"), "events.1.locale"),
        (lambda b: b["events"][1].update(page=None), "events.1.page"),
        (lambda b: b.update(visitor="short"), "visitor"),
        (lambda b: b.update(consent="yes"), "consent"),
        (lambda b: b.update(events=[]), "events"),
    ],
)
def test_a_malformed_batch_is_refused_whole_naming_the_bad_event(show, change, field):
    body = batch(event(page=show.booth.pk), event("dwell", show.booth.pk, {"ms": 42_000}))
    change(body)
    response = send(body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert field in response.json()["fields"]
    assert not Event.objects.exists()


def test_more_than_fifty_events_are_refused(show):
    response = send(batch(*[event(page=show.booth.pk) for _ in range(51)]))
    assert response.status_code == 422
    assert "events" in response.json()["fields"]
    assert not Event.objects.exists()


def test_only_the_first_bad_event_is_named(show):
    body = batch(
        event(page=show.booth.pk),
        event("dwell", show.booth.pk, {"ms": -1}),
        event("dwell", show.booth.pk, {"ms": -2}),
    )
    fields = send(body).json()["fields"]
    assert list(fields) == ["events.1.data.ms"]


def test_a_body_over_16_kib_is_refused_with_413(show):
    body = batch(event(page=show.booth.pk))
    body["padding"] = "x" * 17_000
    response = send(body)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not Event.objects.exists()


def test_broken_json_is_400_and_other_content_types_415(show):
    assert send("{not json", content_type="text/plain").status_code == 400
    assert send(b"\xff\xfe{}", content_type="text/plain").status_code == 400
    assert send("  ", content_type="application/json").status_code == 400
    response = send("events=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


def test_events_outside_the_time_window_are_rejected_and_not_stored(show):
    day = 24 * 3600 * 1000
    body = batch(
        event(page=show.booth.pk, ts=now_ms() - day - 60_000),
        event(page=show.booth.pk, ts=now_ms() + 10 * 60_000),
        event(page=show.booth.pk, ts=now_ms() - day + 60_000),
    )
    assert send(body).json() == {"accepted": 1, "duplicates": 0, "rejected": 2}
    assert Event.objects.count() == 1


def stored_values():
    return [str(value) for row in Event.objects.values() for value in row.values()]


def test_the_client_ip_is_never_stored_only_a_keyed_hash(show):
    send(batch(event(page=show.booth.pk), event("search", None, {"query": IP, "results": 0})))
    assert Event.objects.count() == 2
    assert not any(IP in value for value in stored_values())
    hashes = set(Event.objects.values_list("ip_hash", flat=True))
    assert len(hashes) == 1
    (digest,) = hashes
    assert len(digest) == 64 and int(digest, 16)


def test_the_ip_hash_is_stable_within_a_day_and_changes_with_the_day(db):
    today = datetime.date(2026, 5, 20)
    tomorrow = today + datetime.timedelta(days=1)
    assert beacons.hash_ip(IP, today) == beacons.hash_ip(IP, today)
    assert beacons.hash_ip(IP, today) != beacons.hash_ip(IP, tomorrow)
    assert beacons.hash_ip(IP, today) != beacons.hash_ip("203.0.113.78", today)
    # Another process (a fresh cache) reads the same day's salt from the database.
    first = beacons.hash_ip(IP, today)
    beacons.clear_caches()
    assert beacons.hash_ip(IP, today) == first
    assert AnalyticsSalt.objects.filter(day__in=[today, tomorrow]).count() == 2


def test_salts_older_than_yesterday_are_forgotten_and_their_hashes_unrepeatable(db):
    today = datetime.date(2026, 5, 20)
    old = today - datetime.timedelta(days=2)
    yesterday = today - datetime.timedelta(days=1)
    before = beacons.hash_ip(IP, old)
    kept = beacons.hash_ip(IP, yesterday)
    beacons.hash_ip(IP, today)
    assert beacons.forget_old_salts(today) == 1
    assert set(AnalyticsSalt.objects.values_list("day", flat=True)) == {yesterday, today}
    assert beacons.hash_ip(IP, yesterday) == kept
    assert beacons.hash_ip(IP, old) != before  # a new salt: the old hashes link to nothing


@pytest.mark.parametrize(
    ("headers", "consent"),
    [({"HTTP_DNT": "1"}, True), ({"HTTP_SEC_GPC": "1"}, True), ({}, False)],
    ids=["do-not-track", "global-privacy-control", "no-consent"],
)
def test_opted_out_visitors_are_stored_without_anything_identifying(show, buyer, headers, consent):
    client = signed_in(buyer)
    send(batch(event(page=show.booth.pk), consent=consent), client=client, **headers)
    stored = Event.objects.get()
    assert (stored.visitor, stored.ip_hash, stored.user_id) == ("", "", None)
    assert stored.booth_id == show.booth.pk  # still counted as a view


def test_consent_without_opt_out_keeps_visitor_hash_and_buyer(show, buyer):
    send(batch(event(page=show.booth.pk)), client=signed_in(buyer), HTTP_DNT="0")
    stored = Event.objects.get()
    assert stored.visitor == VISITOR and stored.ip_hash and stored.user_id == buyer.pk


def test_consent_absent_means_no_consent(show):
    body = batch(event(page=show.booth.pk))
    del body["consent"]
    send(body)
    assert Event.objects.get().visitor == ""


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36",
        "python-requests/2.32.3",
        "",
    ],
)
def test_bot_events_are_dropped_entirely(show, agent):
    body = batch(event(page=show.booth.pk), event(page=show.exhibit.pk))
    response = send(body, HTTP_USER_AGENT=agent)
    assert response.json() == {"accepted": 0, "duplicates": 0, "rejected": 2}
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (CHROME, "desktop"),
        (IPHONE, "mobile"),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Mobile Safari/537.36",
            "mobile",
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "tablet",
        ),
        (
            "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Safari/537.36",
            "tablet",
        ),
    ],
)
def test_the_device_is_kept_as_a_class_never_the_user_agent(show, agent, device):
    send(batch(event(page=show.booth.pk)), HTTP_USER_AGENT=agent)
    stored = Event.objects.get()
    assert stored.device == device
    assert not any("Mozilla" in value for value in stored_values())


def test_search_queries_are_screened_for_email_addresses_and_phone_numbers(show):
    send(
        batch(
            event(
                "search",
                None,
                {
                    "query": "chairs for li.wei@example.com call +86 138-1234-5678",
                    "results": 12,
                    "filters": ["category:furniture", "13812345678"],
                },
            ),
            event("search", show.booth.pk, {"query": "功率 5–20 kW 1200 mm", "results": 0}),
        )
    )
    first, second = Event.objects.order_by("pk")
    assert first.data == {
        "query": "chairs for [removed] call [removed]",
        "results": 12,
        "filters": ["category:furniture", "[removed]"],
    }
    assert second.data["query"] == "功率 5–20 kW 1200 mm"
    assert second.booth_id == show.booth.pk


def test_referrers_are_kept_without_query_string(show):
    referrer = "https://user:pw@www.example.com/expo/chairs?q=li.wei%40example.com#top"
    send(batch(event(page=show.booth.pk, data={"referrer": referrer})))
    assert Event.objects.get().data == {"referrer": "https://www.example.com/expo/chairs"}


def test_the_per_address_rate_limit_answers_429(show, settings):
    settings.RATE_LIMITS = {"events": {"ip": "2/m"}}
    body = batch(event(page=show.booth.pk))
    assert send(body).status_code == 202
    assert send(body).status_code == 202
    response = send(body)
    assert response.status_code == 429 and response["Retry-After"]


def test_a_batch_of_fifty_costs_a_few_queries_on_warm_caches(
    show, buyer, django_assert_max_num_queries
):
    client = signed_in(buyer)
    pages = [show.booth.pk, show.exhibit.pk]
    send(batch(*[event(page=page) for page in pages]), client=client)  # warms the caches
    body = batch(*[event(page=pages[n % 2]) for n in range(50)])
    # The signed-in buyer's session and user, and the one INSERT for the 50 events.
    with django_assert_max_num_queries(3):
        response = send(body, client=client)
    assert response.json() == {"accepted": 50, "duplicates": 0, "rejected": 0}
    assert Event.objects.filter(user=buyer).count() == 52


def test_the_openapi_schema_documents_both_body_types_and_every_answer(db):
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/events"]["post"]
    content = operation["requestBody"]["content"]
    assert set(content) == {"application/json", "text/plain"}
    body = content["application/json"]["schema"]
    assert body["additionalProperties"] is False and body["properties"]["events"]["maxItems"] == 50
    kinds = {
        option["properties"]["kind"]["const"]
        for option in body["properties"]["events"]["items"]["oneOf"]
    }
    assert kinds == {kind for kind, _label in Event.KIND_CHOICES}
    assert "$ref" not in json.dumps(body)
    assert set(operation["responses"]) == {"202", "400", "413", "415", "422", "429"}


def test_an_anonymous_batch_of_fifty_is_one_insert_on_warm_caches(show, django_assert_num_queries):
    pages = [show.booth.pk, show.exhibit.pk]
    send(batch(*[event(page=page) for page in pages], consent=False))  # warms the caches
    body = batch(*[event(page=pages[n % 2]) for n in range(50)], consent=False)
    with django_assert_num_queries(1):
        response = send(body)
    assert response.json()["accepted"] == 50
