"""A static file server for the built site that compresses text like a CDN does, so that
page-weight and Lighthouse figures are those buyers get (bench only; never deployed)."""

import functools
import gzip
import http.server
import io
import os
import threading

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def send_head(self):
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
