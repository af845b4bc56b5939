"""Cross-cutting request handling of the CMS origin."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware


class PublicLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, minus its "add a language prefix to a 404" redirect
    outside the public pages.

    Every language of the site has a URL prefix (`/zh-hans/…`, as on the static site), and
    Wagtail's catch-all page route makes any prefixed path look valid, so the stock
    middleware would answer a 404 under /admin/ or /api/ with a redirect to
    /zh-hans/admin/…: a refusal must stay a refusal.
    """

    UNPREFIXED = ("/admin/", "/api/", "/documents/", "/static/", "/media/")

    def process_response(self, request, response):
        if settings.SITE_SERVE_BUILD or request.path_info.startswith(self.UNPREFIXED):
            # With the built site served at / (make demo), its own 404 page answers.
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
