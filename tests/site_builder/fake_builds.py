"""Small fake release folders, shaped like the output of build_site (see the contract in
docs/publishing.md): hashed theme assets, media, directory-URL pages that reference them,
a sitemap index, robots.txt, a 404 and the builder's private `_build/` state.

`write_build()` is deterministic: the same arguments give byte-identical files, as the real
builder promises, so the publish tests can reason about exactly which files changed.
"""

import gzip
import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ASSET_REFERENCE = re.compile(r'(?:href|src)="/([^"]*)"')


def _hashed(name: str, suffix: str, data: bytes) -> str:
    return f"{name}.{hashlib.sha256(data).hexdigest()[:10]}{suffix}"


def booth_path(number: int) -> str:
    return f"en/expo-2026/booth-{number:03d}/index.html"


def write_build(
    root: Path,
    *,
    booths=range(1, 4),
    theme: str = "blue",
    texts: dict | None = None,
    images=None,
) -> dict[str, bytes]:
    """Write a build into `root` (emptied first) and return {path: bytes}.

    booths   numbers of the booth pages (each with its own image in media/)
    theme    changes the stylesheet, hence its hashed name, hence every page
    texts    {booth number: description} to change single pages
    images   numbers of the booths that have a photo (default: all)
    """
    texts = texts or {}
    with_image = set(booths if images is None else images) & set(booths)
    files: dict[str, bytes] = {}
    css = f"body{{color:{theme};font-family:system-ui,sans-serif}}\n".encode() * 20
    js = b"const islands=document.querySelectorAll('[data-island]');export{islands};\n" * 20
    css_path = "static/css/" + _hashed("site", ".css", css)
    js_path = "static/js/" + _hashed("boot", ".js", js)
    files[css_path] = css
    files[js_path] = js
    files[js_path + ".gz"] = gzip.compress(js, compresslevel=9, mtime=0)  # precompressed sibling
    files["manifest.webmanifest"] = b'{"name": "Cloud Expo", "display": "standalone"}\n'
    files["media/models/pump.glb"] = b"glTF\x02\x00\x00\x00" + bytes(range(256)) * 4
    files["media/video/intro/index.m3u8"] = b"#EXTM3U\n#EXT-X-VERSION:3\nseg0.ts\n"
    files["media/video/intro/seg0.ts"] = b"\x47" + bytes(187) * 3
    for number in sorted(with_image):
        files[f"media/images/booth-{number:03d}.webp"] = b"RIFF\x00\x00\x00\x00WEBPVP8 " + (
            f"booth {number}".encode() * 8
        )

    def page(title: str, body: str) -> bytes:
        return (
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{title}</title>"
            f'<link rel="stylesheet" href="/{css_path}">'
            f'<link rel="manifest" href="/manifest.webmanifest">'
            f'<script type="module" src="/{js_path}"></script></head>'
            f"<body><main>{body}</main></body></html>\n"
        ).encode()

    listing = "".join(
        f'<a href="/en/expo-2026/booth-{number:03d}/">Booth {number}</a>' for number in booths
    )
    files["index.html"] = page("Cloud Expo", '<a href="/en/">English</a>')
    files["404.html"] = page("Not found", '<a href="/">Home</a>')
    files["en/index.html"] = page("Cloud Expo", '<a href="/en/expo-2026/">Expo 2026</a>')
    files["en/expo-2026/index.html"] = page("Expo 2026", listing)
    files["en/search/index.html"] = page("Search", '<div data-island="search"></div>')
    for number in booths:
        files[booth_path(number)] = page(
            f"Booth {number}",
            (
                f'<img src="/media/images/booth-{number:03d}.webp" alt="">'
                if number in with_image
                else ""
            )
            + f"<p>{texts.get(number, f'Booth {number} makes pumps.')}</p>"
            '<model-viewer src="/media/models/pump.glb"></model-viewer>'
            '<a href="/en/expo-2026/">Back</a>',
        )
    page_urls = [
        "/" + path.removesuffix("index.html") for path in files if path.endswith("index.html")
    ]
    files["sitemaps/en.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset>'
        + "".join(f"<url><loc>https://expo.example{url}</loc></url>" for url in sorted(page_urls))
        + "</urlset>\n"
    ).encode()
    files["sitemap.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex><sitemap>'
        b"<loc>https://expo.example/sitemaps/en.xml</loc></sitemap></sitemapindex>\n"
    )
    files["robots.txt"] = b"User-agent: *\nAllow: /\nSitemap: https://expo.example/sitemap.xml\n"

    _replace_tree(root, files)
    (root / "_build").mkdir()
    (root / "_build" / "manifest.sqlite3").write_bytes(b"SQLite format 3\x00 private state")
    return files


def _replace_tree(root: Path, files: dict[str, bytes]) -> None:
    if root.exists():
        for path in sorted(root.rglob("*"), reverse=True):
            path.unlink() if path.is_file() or path.is_symlink() else path.rmdir()
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)


def references(html: bytes) -> set[str]:
    """Files a page refers to, as paths in the release (directory URLs -> index.html)."""
    found = set()
    for url in ASSET_REFERENCE.findall(html.decode()):
        found.add(url + "index.html" if url == "" or url.endswith("/") else url)
    return found


def dangling_references(read, paths: set[str]) -> dict[str, set[str]]:
    """{page: referenced paths that are missing} over every page in `paths`; `read(path)`
    returns a page's bytes (several pages are read at once: over HTTP that is most of the
    time). Empty when the site is consistent."""
    pages = sorted(path for path in paths if path.endswith(".html"))
    with ThreadPoolExecutor(8) as pool:
        contents = dict(zip(pages, pool.map(read, pages), strict=True))
    missing = {}
    for path, html in contents.items():
        absent = references(html) - paths
        if absent:
            missing[path] = absent
    return missing
