"""Serving the release folder from Django, for `make demo` and development only.

In production a CDN or web server serves the published release; here one port serves the
static site next to /admin/ and /api/, the way the CDN routes them in production.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect

PRIVATE = ("_build",)


def _file(root, path):
    parts = Path(path).parts
    if ".." in parts or (parts and parts[0] in PRIVATE):
        return None
    candidate = root / path
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def serve_release(request, path=""):
    root = Path(settings.SITE_BUILD_DIR)
    found = _file(root, path)
    if found is None and path and not path.endswith("/") and _file(root, path + "/"):
        return HttpResponseRedirect(f"/{path}/")
    if found is None:
        not_found = root / "404.html"
        if not_found.is_file():
            return HttpResponse(not_found.read_bytes(), status=404)
        raise Http404("The site is not built yet: run `manage.py build_site`.")
    content_type, encoding = mimetypes.guess_type(found.name)
    response = FileResponse(
        found.open("rb"), content_type=content_type or "application/octet-stream"
    )
    if found.suffix == ".html":
        response["Cache-Control"] = "no-cache"
    return response
