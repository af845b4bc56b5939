from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import api_errors
from cms.api import api
from engagement.stream import stream

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Server-sent events: a long-lived response, outside the OpenAPI operations.
    path("api/v1/stream", stream, name="engagement-stream"),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_errors.not_found),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves pages for previews and the development server; buyers get the static build.
# Each language has its own URL prefix, the source language too (/zh-hans/…, /en/…), as on
# the static site (site_builder.public_urls).
if settings.SITE_SERVE_BUILD:
    # `make demo`: the built static site at /, as the CDN serves it in production.
    from site_builder.views import serve_release

    urlpatterns += [re_path(r"^(?P<path>.*)$", serve_release)]

urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=True)
