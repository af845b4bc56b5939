"""Abuse control on the public API (SPEC 6.1.2, 6.1.3): body limits, CORS, client
addresses and rate limits."""

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory

from cms import ratelimit

pytestmark = pytest.mark.django_db


def test_a_body_over_the_limit_is_refused_before_it_is_read(settings):
    settings.API_MAX_BODY_BYTES = 1024
    response = Client().post(
        "/api/v1/auth/login", "x" * 2048, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request is too large (at most 1 KiB).",
        "code": "too_large",
    }


def test_uploads_have_their_own_larger_limit(settings):
    settings.API_MAX_BODY_BYTES = 1024
    settings.API_MAX_UPLOAD_BYTES = 4096
    client = Client()
    small = client.generic(
        "POST", "/api/v1/pages/1/inquiries", b"x" * 2048, "multipart/form-data; boundary=x"
    )
    assert small.status_code != 413
    large = client.generic(
        "POST", "/api/v1/pages/1/inquiries", b"x" * 8192, "multipart/form-data; boundary=x"
    )
    assert large.status_code == 413


def test_cors_answers_only_the_sites_own_origin(settings):
    client = Client()
    allowed = client.options(
        "/api/v1/health",
        HTTP_ORIGIN=settings.SITE_PUBLIC_URL,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert allowed["Access-Control-Allow-Origin"] == settings.SITE_PUBLIC_URL
    assert allowed["Access-Control-Allow-Credentials"] == "true"
    other = client.get("/api/v1/health", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other


def test_the_client_address_comes_from_the_trusted_proxy_only(settings):
    def request():
        return RequestFactory().get(
            "/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
        )

    settings.TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_ip(request()) == "10.0.0.9"  # nobody trusted: the socket's address
    settings.TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_ip(request()) == "203.0.113.7"  # what our proxy saw, not the claim
    settings.TRUSTED_PROXY_COUNT = 2
    assert ratelimit.client_ip(request()) == "6.6.6.6"  # the farther proxy's view


def test_an_ipv6_client_is_counted_per_64_network():
    assert ratelimit.ip_bucket("2001:db8:1:2:aaaa::1") == ratelimit.ip_bucket(
        "2001:db8:1:2:bbbb::9"
    )
    assert ratelimit.ip_bucket("2001:db8:1:3::1") != ratelimit.ip_bucket("2001:db8:1:2::1")
    assert ratelimit.ip_bucket("::ffff:192.0.2.1") == "192.0.2.1"


def test_a_rate_is_enforced_per_window_and_says_when_to_retry():
    rate = ratelimit.Rate.parse("3/m")
    for _ in range(3):
        ratelimit.hit("test", "client-a", rate, now=120.0)
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.hit("test", "client-a", rate, now=130.0)
    assert refused.value.retry_after == 50
    ratelimit.hit("test", "client-b", rate, now=130.0)  # another client is not affected
    ratelimit.hit("test", "client-a", rate, now=181.0)  # the next window


@pytest.mark.parametrize("text", ["10", "x/m", "10/q", "/m"])
def test_bad_rates_are_refused(text):
    with pytest.raises(ValueError):
        ratelimit.Rate.parse(text)


def test_scope_rates_can_be_overridden_in_settings(settings, rf):
    settings.RATE_LIMITS = {"demo": {"ip": "1/h"}}
    request = rf.get("/", REMOTE_ADDR="192.0.2.44")
    ratelimit.check(request, "demo", per_ip="100/m")
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.check(request, "demo", per_ip="100/m")


def test_a_request_counted_against_two_limits_is_refused_by_the_tighter_one():
    loose, tight = ratelimit.Rate.parse("100/m"), ratelimit.Rate.parse("2/m")
    limits = [("test:ip", "client-c", loose), ("test:user", 7, tight)]
    ratelimit.hit_all(limits, now=60.0)
    ratelimit.hit_all(limits, now=61.0)
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.hit_all(limits, now=62.0)
    assert refused.value.scope == "test:user"
    assert refused.value.retry_after == 58


@pytest.mark.skipif(
    "django_redis" not in django_settings.CACHES["default"]["BACKEND"],
    reason="the Redis counter (make test's PostgreSQL pass runs with Redis)",
)
def test_redis_window_counters_expire_with_their_window():
    from django.core.cache import cache
    from django_redis import get_redis_connection

    rate = ratelimit.Rate.parse("5/m")
    ratelimit.hit("test-expiry", "client-d", rate, now=600.0)
    ratelimit.hit("test-expiry", "client-d", rate, now=601.0)
    redis = get_redis_connection("default")
    names = redis.keys(cache.make_key("rl:test-expiry:*"))
    assert len(names) == 1
    assert redis.get(names[0]) == b"2"
    assert 0 < redis.ttl(names[0]) <= 61
