"""Public URLs of pages on the static site, computed in bulk without Wagtail's routing.

Every language has its own prefix, the source language included: `/zh-hans/…`, `/en/…`.
A page's path below its language's home page is its `url_path` minus the home's, so
`/home-en/expo-2026/acme/` under the English home `/home-en/` is `/en/expo-2026/acme/`.
This equals what Wagtail's own `get_url()` gives with `i18n_patterns` and
`prefix_default_language=True` (cms/urls.py), so that the admin preview, rich-text links
and the static build agree; it is computed from two columns so that a build of 100,000
pages needs no per-page routing.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class LocaleRoot:
    """Where one language's site starts: its prefix and its home page's tree position."""

    locale_id: int
    language_code: str
    home_id: int
    home_url_path: str

    @property
    def prefix(self):
        return f"/{self.language_code}/"


def locale_roots():
    """{locale_id: LocaleRoot} for every language that has a live home page."""
    from booths.models import HomePage

    homes = HomePage.objects.live().filter(depth=2).select_related("locale")
    return {
        home.locale_id: LocaleRoot(
            locale_id=home.locale_id,
            language_code=home.locale.language_code,
            home_id=home.pk,
            home_url_path=home.url_path,
        )
        for home in homes.order_by("path")
    }


def public_path(url_path, root):
    """The root-relative URL of the page at `url_path` in the language site `root`.

    Returns None for a page outside that language's home (it has no public URL).
    """
    if not url_path.startswith(root.home_url_path):
        return None
    return root.prefix + url_path[len(root.home_url_path) :]


def absolute_url(path):
    """An absolute URL on the public origin (canonical links, sitemaps, Open Graph)."""
    return settings.SITE_PUBLIC_URL + path


def output_file(path):
    """The file a directory URL is written to: `/en/acme/` → `en/acme/index.html`."""
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        return relative + "index.html"
    return relative
