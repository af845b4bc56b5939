"""A static file server for the built site that compresses text like a CDN does, so that
page-weight and Lighthouse figures are those buyers get (bench only; never deployed).

Under /api/ it answers as the public API answers an anonymous visitor of a quiet show (no
likes, no comments, nothing live, beacons accepted): the pages' islands run as they do in
production, without a CMS behind this server, and log no errors for Lighthouse to count.
"""

import functools
import gzip
import http.server
import io
import json
import os
import re
import threading

QUIET_API = (
    (
        re.compile(r"^/api/v1/auth/session$"),
        {"authenticated": False, "account": None, "csrf_token": ""},
    ),
    (re.compile(r"^/api/v1/pages/(\d+)/counts$"), "counts"),
    (
        re.compile(r"^/api/v1/pages/\d+/comments$"),
        {"count": 0, "comments": [], "next_before": None},
    ),
    (re.compile(r"^/api/v1/live/hot$"), []),
    (re.compile(r"^/api/v1/booths/\d+/live$"), []),
)

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def _api(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(data)

    def do_POST(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path.split("?")[0] == "/api/v1/events":
            self._api(202, {"accepted": 0, "duplicates": 0, "rejected": 0})
        else:
            self._api(401, {"detail": "Sign in to do this.", "code": "not_signed_in"})

    def send_head(self):
        route = self.path.split("?")[0]
        if route.startswith("/api/"):
            for pattern, body in QUIET_API:
                match = pattern.match(route)
                if match:
                    if body == "counts":
                        body = {
                            "page_id": int(match.group(1)),
                            "likes": 0,
                            "favourites": 0,
                            "comments": 0,
                            "liked": False,
                            "favourited": False,
                            "exhibitor_id": None,
                        }
                    return self._api(200, body)
            return self._api(
                404, {"detail": "There is nothing at this address.", "code": "not_found"}
            )
        path = self.translate_path(self.path)
        status = 200
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.end_headers()
                return None
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            status, path = 404, os.path.join(self.directory, "404.html")
        with open(path, "rb") as handle:
            data = handle.read()
        ctype = self.guess_type(path)
        compress = "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(
            COMPRESSIBLE
        )
        if compress:
            data = gzip.compress(data, compresslevel=9, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        immutable = self.path.startswith("/static/")
        self.send_header(
            "Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache"
        )
        self.end_headers()
        return io.BytesIO(data)


def serve(directory):
    """Start serving `directory` on a free port; returns (base URL, stop function)."""
    handler = functools.partial(Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server.shutdown
