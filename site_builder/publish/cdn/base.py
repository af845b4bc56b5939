"""The shape of a CDN invalidation backend, and how the settings choose one.

settings.SITE_CDN = {"default": {"BACKEND": "dotted.path.Class", "OPTIONS": {...}}}
(CONVENTIONS "Swappable backends, one shape"; as wagtail.contrib.frontend_cache).
"""

import hashlib
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from ..exceptions import PublishError


class CDNConfigurationError(ImproperlyConfigured):
    """SITE_CDN names a backend that cannot be loaded or lacks a required option."""


class CDNError(PublishError):
    """The CDN refused an invalidation. The release is live already; the invalidation stays
    owed in the marker and the next publish_site run sends it again."""


def get_cdn_backend(alias: str = "default") -> "CDNBackend":
    config = getattr(settings, "SITE_CDN", {}).get(alias)
    if not config or "BACKEND" not in config:
        raise CDNConfigurationError(f"SITE_CDN[{alias!r}] needs a BACKEND.")
    try:
        backend_class = import_string(config["BACKEND"])
    except ImportError as error:
        raise CDNConfigurationError(f"SITE_CDN backend {config['BACKEND']!r}: {error}") from error
    return backend_class(config.get("OPTIONS") or {})


def page_urls(path: str) -> list[str]:
    """The URLs a CDN may have cached a page file under: a directory URL is also reachable
    with its index.html (`en/foo/index.html` -> `/en/foo/`, `/en/foo/index.html`)."""
    urls = []
    if path == "index.html":
        urls.append("/")
    elif path.endswith("/index.html"):
        urls.append("/" + path.removesuffix("index.html"))
    urls.append("/" + path)
    # Slugs may be non-ASCII (Wagtail unicode slugs); CDNs expect them percent-encoded.
    return [quote(url, safe="/") for url in urls]


def caller_reference(release_id: str, urls: Sequence[str]) -> str:
    """Same release and same URLs -> same reference, so sending a batch again (a rerun after
    an interruption) cannot create a second invalidation."""
    digest = hashlib.sha256("\n".join([release_id, *urls]).encode()).hexdigest()
    return f"expo-{release_id[:12]}-{digest[:32]}"


class CDNBackend:
    """Base class: subclasses implement `invalidate_batch`; `invalidate` splits the URLs into
    batches of `max_batch_size` (the batch fallback)."""

    max_batch_size = 1000

    def __init__(self, options: Mapping):
        self.options = dict(options)

    def paths_for(self, urls: Sequence[str]) -> list[str]:
        """The paths this backend would send for `urls` (also what a dry run reports)."""
        return sorted(set(urls))

    def invalidate(self, urls: Sequence[str], release_id: str) -> list[str]:
        """Invalidate `urls` (root-relative paths) after `release_id` went live; returns the
        paths sent."""
        urls = self.paths_for(urls)
        for start in range(0, len(urls), self.max_batch_size):
            batch = urls[start : start + self.max_batch_size]
            self.invalidate_batch(batch, caller_reference(release_id, batch))
        return urls

    def invalidate_batch(self, urls: Sequence[str], reference: str) -> None:
        raise NotImplementedError
