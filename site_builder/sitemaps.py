"""sitemap.xml (an index), the per-language sitemaps and robots.txt.

Every URL lists its translations as `xhtml:link rel="alternate" hreflang` (Google's
multilingual sitemap format), so search engines send each reader to their language.

The URLs are kept as rows in the build manifest (path, language, last modification,
alternates); a language's URLs are spread over `ceil(count / URLS_PER_FILE)` files by a
hash of the path, so that an incremental build rewrites only the file holding a changed
URL, and the same set of URLs always gives the same files.
"""

import json
import math
import zlib
from xml.sax.saxutils import escape, quoteattr

from site_builder.public_urls import absolute_url

URLS_PER_FILE = 10_000  # well under the protocol's 50,000, so that files stay small


def lastmod(entry):
    stamp = entry.last_published_at or entry.first_published_at
    return stamp.date().isoformat() if stamp else ""


def page_row(catalog, entry):
    """(locale_id, lastmod, alternates) of a page's sitemap URL."""
    translations = catalog.translations(entry)
    alternates = []
    if len(translations) > 1:
        alternates = [
            (catalog.roots[other.locale_id].language_code, other.url)
            for other in sorted(translations, key=lambda e: e.url)
        ]
    return (entry.locale_id, lastmod(entry), json.dumps(alternates, ensure_ascii=False))


def listing_row(locale_id):
    return (locale_id, "", "[]")


def file_count(urls):
    return max(1, math.ceil(urls / URLS_PER_FILE))


def file_of(path, files):
    return zlib.crc32(path.encode("utf-8")) % files


def file_name(language_code, number, files):
    if files == 1:
        return f"sitemaps/{language_code}.xml"
    return f"sitemaps/{language_code}-{number + 1}.xml"


def language_files(language_code, rows, numbers=None):
    """{file name: bytes} of one language's sitemaps (all, or the given file numbers).

    rows: {path: (locale_id, lastmod, alternates)} of every URL of the language.
    """
    files = file_count(len(rows))
    chunks = {number: [] for number in (range(files) if numbers is None else numbers)}
    for path in sorted(rows):
        number = file_of(path, files)
        if number in chunks:
            chunks[number].append((path, rows[path]))
    return {file_name(language_code, n, files): _urlset(chunk) for n, chunk in chunks.items()}


def index_and_robots(counts):
    """sitemap.xml naming every language's files, and robots.txt.

    counts: {language_code: number of URLs}.
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for code in sorted(counts):
        files = file_count(counts[code])
        for number in range(files):
            name = file_name(code, number, files)
            lines.append(f"<sitemap><loc>{escape(absolute_url('/' + name))}</loc></sitemap>")
    lines.append("</sitemapindex>")
    return {
        "sitemap.xml": ("\n".join(lines) + "\n").encode("utf-8"),
        "robots.txt": (
            "User-agent: *\nAllow: /\nDisallow: /*/search/\nDisallow: /*/account/\n"
            "Disallow: /api/\n\n"
            f"Sitemap: {absolute_url('/sitemap.xml')}\n"
        ).encode(),
    }


def all_file_names(counts):
    return {
        file_name(code, number, file_count(count))
        for code, count in counts.items()
        for number in range(file_count(count))
    }


def _urlset(urls):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
    )
    for path, (_locale, modified, alternates) in urls:
        parts = [f"<url><loc>{escape(absolute_url(path))}</loc>"]
        if modified:
            parts.append(f"<lastmod>{modified}</lastmod>")
        for language, url in json.loads(alternates):
            parts.append(
                f'<xhtml:link rel="alternate" hreflang={quoteattr(language)} '
                f"href={quoteattr(absolute_url(url))}/>"
            )
        parts.append("</url>")
        lines.append("".join(parts))
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
