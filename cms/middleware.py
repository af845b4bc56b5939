"""Cross-cutting request handling of the CMS origin."""

from django.conf import settings
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils.translation import gettext as _


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


class ApiBodyLimitMiddleware:
    """413 for an API request body over its limit, before anything reads it (SPEC 6.1.3).

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE only guards form parsing and answers 400; the API
    reads JSON from request.body, and a declared Content-Length is enough to refuse a body
    early. Bodies without a length (chunked) are capped by the server (gunicorn/uvicorn
    limit the request size) and by DATA_UPLOAD_MAX_MEMORY_SIZE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            content_type = request.META.get("CONTENT_TYPE", "")
            limit = (
                settings.API_MAX_UPLOAD_BYTES
                if content_type.startswith("multipart/form-data")
                else settings.API_MAX_BODY_BYTES
            )
            if length > limit:
                return JsonResponse(
                    {
                        "detail": _("The request is too large (at most %(limit)d KiB).")
                        % {"limit": limit // 1024},
                        "code": "too_large",
                    },
                    status=413,
                )
        return self.get_response(request)
