"""HTTP headers of each published file: Content-Type, Cache-Control and Content-Encoding.

A bucket serves exactly the headers stored with each object, so they are decided here once,
from the path alone (the build names files so that the path says everything: hashed names
under static/, media under media/). A folder target leaves headers to the web server;
docs/publishing.md has the matching nginx lines.
"""

import functools
import gzip
import mimetypes
from dataclasses import dataclass
from pathlib import PurePosixPath

# Bump when a rule below changes: a bucket keeps the headers an object was uploaded with, so
# the next publish to a bucket then re-uploads every object with the new ones.
HEADERS_VERSION = 1

# Hashed theme assets never change under the same name (SPEC 6.1.3: cache them for a year).
IMMUTABLE = "public, max-age=31536000, immutable"
# Media renditions and documents: a day in browsers, so a replaced file shows up soon.
MEDIA = "public, max-age=86400"
# Pages, sitemaps, robots.txt, JSON: browsers revalidate every time, the CDN keeps them a
# minute, and a publish invalidates changed pages at once.
REVALIDATE = "public, max-age=0, s-maxage=60, must-revalidate"
# The release marker is publisher state, never worth caching.
NO_STORE = "no-store"

# Types the site uses, fixed here so that headers do not depend on the publishing machine's
# /etc/mime.types (and .ts is an MPEG transport stream of an HLS ladder, not TypeScript).
EXPLICIT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".map": "application/json",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
    ".avif": "image/avif",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".glb": "model/gltf-binary",
    ".gltf": "model/gltf+json",
    ".usdz": "model/vnd.usdz+zip",
    ".ktx2": "image/ktx2",
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".vtt": "text/vtt",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
}
DEFAULT_TYPE = "application/octet-stream"
# Text types that get "; charset=utf-8" (all text the build writes is UTF-8).
CHARSET_TYPES = {"application/xml", "image/svg+xml"}
# Types worth gzip: text and text-like formats. Images, video, fonts in woff/woff2 and .glb
# are compressed already.
COMPRESSIBLE_TYPES = {
    "application/json",
    "application/ld+json",
    "application/manifest+json",
    "application/xml",
    "application/wasm",
    "application/vnd.apple.mpegurl",
    "image/svg+xml",
    "image/x-icon",
    "model/gltf+json",
    "font/ttf",
    "font/otf",
}
# Precompressed siblings a build may write beside a file (`app.css.br`, `app.css.gz`).
ENCODING_SUFFIXES = {".gz": "gzip", ".br": "br"}


@dataclass(frozen=True)
class ObjectHeaders:
    content_type: str
    cache_control: str
    content_encoding: str = ""

    def as_s3_args(self) -> dict[str, str]:
        args = {"ContentType": self.content_type, "CacheControl": self.cache_control}
        if self.content_encoding:
            args["ContentEncoding"] = self.content_encoding
        return args


@functools.cache
def _fallback_types() -> mimetypes.MimeTypes:
    # A fresh MimeTypes holds Python's built-in table only (not the host's files), and is
    # built on first use rather than at import.
    return mimetypes.MimeTypes()


def base_type(path: str) -> str:
    """The media type without parameters."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in EXPLICIT_TYPES:
        return EXPLICIT_TYPES[suffix]
    guessed, encoding = _fallback_types().guess_type(path, strict=True)
    if encoding or not guessed:
        return DEFAULT_TYPE
    return guessed


def content_type(path: str) -> str:
    media_type = base_type(path)
    if media_type.startswith("text/") or media_type in CHARSET_TYPES:
        return f"{media_type}; charset=utf-8"
    return media_type


def cache_control(path: str) -> str:
    if path.startswith("static/"):
        return IMMUTABLE
    if path.startswith("media/"):
        return MEDIA
    return REVALIDATE


def is_compressible(path: str) -> bool:
    media_type = base_type(path)
    return media_type.startswith("text/") or media_type in COMPRESSIBLE_TYPES


def headers_for(path: str, encoding_of: str = "") -> ObjectHeaders:
    """Headers of the file at `path`. `encoding_of` names the file that `path` is a
    precompressed copy of (`app.css` for `app.css.br`): it is served as that file's type
    with its encoding, so a CDN rule can pick it for browsers that accept it."""
    if encoding_of:
        encoding = ENCODING_SUFFIXES[PurePosixPath(path).suffix]
        return ObjectHeaders(content_type(encoding_of), cache_control(path), encoding)
    return ObjectHeaders(content_type(path), cache_control(path))


def gzip_deterministic(data: bytes) -> bytes:
    """gzip with mtime 0 and no file name: the same input always gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)
