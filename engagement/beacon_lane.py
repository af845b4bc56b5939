"""The beacon lane: POST /api/v1/events answered beside Django's request handling.

Analytics beacons are most of the API's traffic (SPEC 6.1.3: bursts of 1,000 requests per
second, 70 % of them beacons in bench/api_load.py), and for a beacon Django's handler —
twelve middleware, the URL resolver, django-ninja's operation — cost more CPU than storing
the events. This WSGI wrapper answers the common case itself with the operation's own code
(`engagement.api.beacons.accept`: the same rate limit, body checks, parsing and INSERT)
and gives the response the headers the middleware would give it, by calling those
middleware's response halves. Everything else goes to Django untouched, body included:

- a refusal of any kind (wrong type, too large, invalid, rate limited), so that every
  error is made and worded in one place, in the reader's language;
- a request with a session cookie: what an account means for a beacon (the user kept with
  consented events, per-account limits) is the session and auth middleware's business;
- a host not in ALLOWED_HOSTS, a plain-HTTP request that SECURE_SSL_REDIRECT would send to
  HTTPS, a user agent in DISALLOWED_USER_AGENTS, an unexpected exception;
- every request when a middleware the lane does not know is installed: it cannot say what
  that one would add, so it steps aside (and tests/engagement/test_beacon_lane.py, which
  asserts the lane is on with the project's settings, fails until someone looks).

A refused request is counted twice by the rate limit (once here, once by Django); it is
over the limit either way. Settings: BEACON_LANE=0 turns the lane off. ASGI (cms.asgi)
has no lane: it serves the event stream, not the beacons.
"""

import io
import json
import logging

from django.conf import settings
from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils import translation

from cms.api_errors import ApiError
from cms.ratelimit import RateLimited
from engagement.api.beacons import accept

logger = logging.getLogger(__name__)

PATH = "/api/v1/events"
CONTENT_TYPE = "application/json; charset=utf-8"  # what django-ninja answers with

# The middleware whose effect on a beacon answer the lane knows: it applies the response
# half of those that add headers and checks the request half of those that may refuse.
# A session cookie sends the request to Django, so the session, CSRF, auth and messages
# middleware have nothing to do for the rest; the others act on other paths or on 404s.
KNOWN_MIDDLEWARE = frozenset(
    {
        "django.middleware.security.SecurityMiddleware",  # SSL redirect; HSTS and co.
        "corsheaders.middleware.CorsMiddleware",  # Access-Control-Allow-*, Vary: origin
        "django.contrib.sessions.middleware.SessionMiddleware",
        "cms.middleware.PublicLocaleMiddleware",  # Content-Language
        "cms.middleware.ApiBodyLimitMiddleware",  # the lane's own limit is lower
        "django.middleware.common.CommonMiddleware",  # host check, user agents, length
        "django.middleware.csrf.CsrfViewMiddleware",  # ninja operations are exempt
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "booths.middleware.AdminObjectAccessMiddleware",  # /admin/ only
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",  # X-Frame-Options
        "wagtail.contrib.redirects.middleware.RedirectMiddleware",  # 404s only
    }
)


def unknown_middleware():
    return [name for name in settings.MIDDLEWARE if name not in KNOWN_MIDDLEWARE]


class BeaconLane:
    """WSGI application: the beacon lane in front of `django_app` (cms.wsgi)."""

    def __init__(self, django_app):
        self.django = django_app
        unknown = unknown_middleware()
        self.enabled = settings.BEACON_LANE and not unknown
        if settings.BEACON_LANE and unknown:
            logger.warning("Beacon lane off: it does not know the middleware %s", unknown)
        installed = set(settings.MIDDLEWARE)

        def nothing(response):
            return response

        self.security = (
            SecurityMiddleware(nothing)
            if "django.middleware.security.SecurityMiddleware" in installed
            else None
        )
        self.clickjacking = (
            XFrameOptionsMiddleware(nothing)
            if "django.middleware.clickjacking.XFrameOptionsMiddleware" in installed
            else None
        )
        self.cors = None
        if "corsheaders.middleware.CorsMiddleware" in installed:
            from corsheaders.middleware import CorsMiddleware

            self.cors = CorsMiddleware(nothing)

    def __call__(self, environ, start_response):
        if (
            self.enabled
            and environ.get("REQUEST_METHOD") == "POST"
            and environ.get("PATH_INFO") == PATH
        ):
            answered = self.answer(environ, start_response)
            if answered is not None:
                return answered
        return self.django(environ, start_response)

    def answer(self, environ, start_response):
        """The response body iterable if the lane answered, None to hand over to Django."""
        request = WSGIRequest(environ)
        if not self.plain(request):
            return None
        signals.request_started.send(sender=WSGIHandler, environ=environ)
        try:
            try:
                body = accept(request)
            except (ApiError, RateLimited):
                self.rewind(request, environ)
                return None
            except Exception:
                logger.exception("Beacon lane failed; Django answers instead")
                self.rewind(request, environ)
                return None
            response = self.respond(request, body)
        finally:
            signals.request_finished.send(sender=WSGIHandler)
        status = f"{response.status_code} {response.reason_phrase}"
        start_response(status, list(response.items()))
        return [response.content]

    def plain(self, request):
        """Whether nothing about the request needs Django's middleware."""
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        try:
            request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware checks it
        except DisallowedHost:
            return False
        if self.security is not None and self.security.process_request(request) is not None:
            return False  # SECURE_SSL_REDIRECT would redirect it
        if settings.PREPEND_WWW:
            return False
        user_agent = request.META.get("HTTP_USER_AGENT", "")
        return not any(pattern.search(user_agent) for pattern in settings.DISALLOWED_USER_AGENTS)

    @staticmethod
    def rewind(request, environ):
        """Give Django the body the lane has read, if it has."""
        if hasattr(request, "_body"):
            environ["wsgi.input"] = io.BytesIO(request._body)

    def respond(self, request, body):
        """The 202 answer with the headers the middleware stack would have given it."""
        response = HttpResponse(json.dumps(body), content_type=CONTENT_TYPE, status=202)
        response.headers["Content-Length"] = str(len(response.content))
        if self.clickjacking is not None:
            self.clickjacking.process_response(request, response)
        if self.security is not None:
            self.security.process_response(request, response)
        if self.cors is not None:
            self.cors.add_response_headers(request, response)
        response.headers.setdefault(
            "Content-Language", translation.get_language_from_request(request)
        )
        return response
