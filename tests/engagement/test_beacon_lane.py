"""The beacon lane (engagement.beacon_lane): plain beacons are answered beside Django with
the same result and headers; everything else is Django's to answer, body included."""

import json

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from engagement import beacon_lane
from engagement.beacon_lane import BeaconLane
from engagement.models import Event
from tests.engagement.conftest import signed_in
from tests.engagement.test_beacons import CHROME, IP, URL, batch, event

pytestmark = pytest.mark.django_db


class Django(WSGIHandler):
    """Django's own handler, counting the requests the lane hands over."""

    calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return super().__call__(environ, start_response)


@pytest.fixture
def django_app():
    return Django()


@pytest.fixture
def lane(django_app):
    return BeaconLane(django_app)


def made_now():
    """(lane, Django) made after a test's settings: both read them when made, as in
    production, where settings do not change."""
    django_app = Django()
    return BeaconLane(django_app), django_app


def call(app, body, content_type="text/plain;charset=UTF-8", **headers):
    """(status code, headers, parsed body) of one POST through a WSGI application, with
    the test database kept open as django.test.Client keeps it."""
    headers.setdefault("HTTP_USER_AGENT", CHROME)
    headers.setdefault("REMOTE_ADDR", IP)
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    environ = RequestFactory().generic("POST", URL, raw, content_type, **headers).environ
    answer = {}

    def start_response(status, response_headers):
        answer["status"] = int(status.split(" ", 1)[0])
        answer["headers"] = dict(response_headers)

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        chunks = app(environ, start_response)
        content = b"".join(chunks)
        getattr(chunks, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    is_json = answer["headers"].get("Content-Type", "").startswith("application/json")
    return answer["status"], answer["headers"], json.loads(content) if is_json else content


def test_the_lane_is_on_with_the_projects_middleware():
    """Fails when a middleware is added that the lane does not know: decide what it would
    add to a beacon's answer, then list it in beacon_lane.KNOWN_MIDDLEWARE."""
    assert beacon_lane.unknown_middleware() == []
    assert BeaconLane(WSGIHandler()).enabled


def test_the_wsgi_entry_point_puts_the_lane_in_front_of_django():
    from cms import wsgi

    assert isinstance(wsgi.application, BeaconLane)
    assert wsgi.application.django is wsgi.django_application


def test_a_plain_beacon_is_stored_by_the_lane_without_django(show, lane, django_app):
    status, _headers, body = call(lane, batch(event(page=show.booth.pk), event(page=3)))
    assert (status, body) == (202, {"accepted": 2, "duplicates": 0, "rejected": 0})
    assert django_app.calls == 0
    stored = Event.objects.get(page_id=show.booth.pk)
    assert stored.booth_id == show.booth.pk and stored.device == "desktop"
    assert len(stored.ip_hash) == 64 and stored.user_id is None


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_ORIGIN": "http://127.0.0.1:8000"},  # the site's origin (SITE_PUBLIC_URL)
        {"HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_ACCEPT_LANGUAGE": "ru"},
    ],
    ids=["same-origin", "site-origin", "other-origin", "https-russian"],
)
def test_the_lane_answers_exactly_as_django_would(show, settings, headers):
    settings.CORS_ALLOWED_ORIGINS = ["http://127.0.0.1:8000"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    lane, django_app = made_now()
    body = batch(event(page=show.booth.pk))
    by_lane = call(lane, body, **headers)
    assert django_app.calls == 0
    by_django = call(django_app, body, **headers)  # the same events again: duplicates
    assert by_lane[0] == by_django[0] == 202
    # Django varies a consented beacon's answer on Cookie because it looked for a signed-in
    # user; the lane answers only requests without a session cookie, so it has nothing to
    # vary on (and a POST answer is never cached anyway).
    django_vary = by_django[1].pop("Vary").replace("Cookie, ", "")
    assert by_lane[1].pop("Vary") == django_vary == "origin"
    assert by_lane[1] == by_django[1]
    assert by_lane[2] == {"accepted": 1, "duplicates": 0, "rejected": 0}
    assert by_django[2] == {"accepted": 0, "duplicates": 1, "rejected": 0}


@pytest.mark.parametrize(
    ("raw", "content_type", "status", "code"),
    [
        (b'{"events": [', "text/plain", 400, "bad_json"),
        (b'{"events": []}', "text/plain", 422, "invalid"),
        (b'{"events": []}', "application/x-www-form-urlencoded", 415, "unsupported_type"),
        (b"x" * (17 * 1024), "text/plain", 413, "too_large"),
    ],
    ids=["broken-json", "invalid", "wrong-type", "too-large"],
)
def test_refusals_are_answered_by_django_in_the_readers_language(
    lane, django_app, raw, content_type, status, code
):
    answer = call(lane, raw, content_type, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert django_app.calls == 1
    assert answer[0] == status and answer[2]["code"] == code
    assert answer[1]["Content-Language"] == "zh-hans"
    assert not answer[2]["detail"].isascii()  # worded in Chinese


def test_django_reads_the_body_the_lane_has_read(show, lane, django_app):
    bad = event(page=show.booth.pk, locale="xx")
    status, _headers, body = call(lane, batch(event(page=show.booth.pk), bad))
    assert django_app.calls == 1 and status == 422
    assert set(body["fields"]) == {"events.1.locale"}  # Django saw the same events


def test_over_the_rate_limit_django_answers_429(show, settings, lane, django_app):
    settings.RATE_LIMITS = {"events": {"ip": "2/m"}}
    for _ in range(2):
        assert call(lane, batch(event(page=show.booth.pk)))[0] == 202
    status, headers, body = call(lane, batch(event(page=show.booth.pk)))
    assert (status, body["code"]) == (429, "rate_limited")
    assert int(headers["Retry-After"]) > 0
    assert django_app.calls == 1


def test_a_signed_in_visitors_beacon_goes_to_django_and_keeps_the_user(
    show, buyer, lane, django_app
):
    client = signed_in(buyer)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    status, _headers, _body = call(lane, batch(event(page=show.booth.pk)), HTTP_COOKIE=cookie)
    assert status == 202 and django_app.calls == 1
    assert Event.objects.get().user_id == buyer.pk


def test_a_host_outside_allowed_hosts_is_refused_by_django(settings):
    settings.ALLOWED_HOSTS = ["api.expo.example"]
    lane, django_app = made_now()
    status, _headers, _body = call(lane, batch(event(page=3)), HTTP_HOST="evil.example")
    assert status == 400 and django_app.calls == 1
    assert not Event.objects.exists()


def test_plain_http_is_redirected_by_django_when_https_is_required(settings):
    settings.SECURE_SSL_REDIRECT = True
    lane, django_app = made_now()
    status, headers, _body = call(lane, batch(event(page=3)))
    assert status == 301 and headers["Location"].startswith("https://")
    assert django_app.calls == 1
    assert not Event.objects.exists()


def test_an_unexpected_failure_in_the_lane_leaves_the_answer_to_django(
    show, monkeypatch, lane, django_app
):
    from engagement.api import beacons as api

    real = api.beacons.record
    failures = iter([RuntimeError("database went away")])

    def flaky(batch, meta, now=None):
        error = next(failures, None)
        if error is not None:
            raise error
        return real(batch, meta, now)

    monkeypatch.setattr(api.beacons, "record", flaky)
    status, _headers, body = call(lane, batch(event(page=show.booth.pk)))
    assert (status, body["accepted"]) == (202, 1)
    assert django_app.calls == 1


def test_an_unknown_middleware_turns_the_lane_off(settings, django_app):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "somewhere.NewMiddleware"]
    lane = BeaconLane(django_app)
    assert not lane.enabled
    call(lane, b"{}")
    assert django_app.calls == 1


def test_beacon_lane_0_turns_it_off(settings, django_app):
    settings.BEACON_LANE = False
    lane = BeaconLane(django_app)
    call(lane, b"{}")
    assert django_app.calls == 1
