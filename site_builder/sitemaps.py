"""sitemap.xml (an index), one sitemap per language, and robots.txt.

Every URL lists its translations as `xhtml:link rel="alternate" hreflang` (Google's
multilingual sitemap format), so search engines send each reader to their language.
Written from the catalog alone: no page is loaded to write them.
"""

from xml.sax.saxutils import escape, quoteattr

from site_builder.public_urls import absolute_url

MAX_URLS = 50_000  # the sitemap protocol's limit per file


def _lastmod(entry):
    stamp = entry.last_published_at or entry.first_published_at
    return stamp.date().isoformat() if stamp else None


def sitemap_files(catalog, listing_paths):
    """{file path: bytes} of the sitemap index, the per-language sitemaps and robots.txt.

    listing_paths: {locale_id: [first-page listing URLs]} (listings are not pages).
    """
    files = {}
    index_entries = []
    for locale_id, root in sorted(catalog.roots.items(), key=lambda item: item[1].language_code):
        entries = sorted(
            (e for e in catalog.entries.values() if e.locale_id == locale_id),
            key=lambda e: e.url,
        )
        urls = [(e.url, _lastmod(e), catalog.translations(e)) for e in entries]
        urls += [(path, None, []) for path in sorted(listing_paths.get(locale_id, []))]
        chunks = [urls[i : i + MAX_URLS] for i in range(0, len(urls), MAX_URLS)] or [[]]
        for number, chunk in enumerate(chunks, start=1):
            name = (
                f"sitemaps/{root.language_code}.xml"
                if len(chunks) == 1
                else f"sitemaps/{root.language_code}-{number}.xml"
            )
            files[name] = _urlset(chunk, catalog)
            index_entries.append(name)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for name in index_entries:
        lines.append(f"<sitemap><loc>{escape(absolute_url('/' + name))}</loc></sitemap>")
    lines.append("</sitemapindex>")
    files["sitemap.xml"] = ("\n".join(lines) + "\n").encode("utf-8")
    files["robots.txt"] = (
        "User-agent: *\nAllow: /\nDisallow: /*/search/\n\n"
        f"Sitemap: {absolute_url('/sitemap.xml')}\n"
    ).encode()
    return files


def _urlset(urls, catalog):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
    )
    for path, lastmod, translations in urls:
        parts = [f"<url><loc>{escape(absolute_url(path))}</loc>"]
        if lastmod:
            parts.append(f"<lastmod>{lastmod}</lastmod>")
        if len(translations) > 1:
            for other in sorted(translations, key=lambda e: e.url):
                language = catalog.roots[other.locale_id].language_code
                parts.append(
                    f'<xhtml:link rel="alternate" hreflang={quoteattr(language)} '
                    f"href={quoteattr(absolute_url(other.url))}/>"
                )
        parts.append("</url>")
        lines.append("".join(parts))
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
