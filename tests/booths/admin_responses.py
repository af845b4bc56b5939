"""Helpers for admin tests over HTTP: log in, read a response, tell a refusal from a leak.

Wagtail answers a PermissionDenied inside the admin (non-AJAX) with a 302 to the dashboard
and the message "Sorry, you do not have permission to access this area." (admin/auth.py,
`require_admin_access`); `assert_refused()` accepts that redirect only with that message.
"""

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.booths.isolation_builders import B_SECRET, BUYER_SECRET

PRIVATE_MARKERS = (B_SECRET, BUYER_SECRET)
DENIED_MESSAGE = "Sorry, you do not have permission to access this area."

BOOTH_TEMPLATE = "<h1>{{ page.title }}</h1>{{ page.introduction|safe }}"
EXHIBIT_TEMPLATE = "<h1>{{ page.title }}</h1>{{ page.description|safe }}"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def assert_no_private_data(response, markers=PRIVATE_MARKERS):
    body = body_of(response)
    for marker in markers:
        assert marker not in body, f"{marker} leaked with status {response.status_code}"


def assert_refused(response, also_allowed_redirects=(), markers=PRIVATE_MARKERS):
    """403, 404, or Wagtail's redirect-with-message; never private data in the body."""
    assert_no_private_data(response, markers)
    if response.status_code in (403, 404):
        return
    assert response.status_code == 302, f"expected a refusal, got {response.status_code}"
    location = response["Location"]
    if location == reverse("wagtailadmin_home"):
        with translation.override(response.wsgi_request.LANGUAGE_CODE):
            expected = translation.gettext(DENIED_MESSAGE)
        texts = [str(message.message) for message in get_messages(response.wsgi_request)]
        assert any(expected in text for text in texts), f"redirected home without refusal: {texts}"
        return
    assert location in also_allowed_redirects, f"unexpected redirect to {location}"


def use_minimal_page_templates(settings, directory):
    """Put bare page templates ahead of the theme's, so previews test permissions, not themes.

    The theme's templates are written elsewhere and may be incomplete at any given time.
    """
    pages = directory / "pages"
    pages.mkdir()
    (pages / "booth_page.html").write_text(BOOTH_TEMPLATE)
    (pages / "exhibit_page.html").write_text(EXHIBIT_TEMPLATE)
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [directory, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
