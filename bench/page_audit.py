"""Page weight and Lighthouse on the built demo site (issue 3 §6).

- first render: the booth page's HTML plus the CSS it needs, gzip-compressed: ≤ 14 KB;
- everything a booth page with a 3D model loads before any interaction, as transferred
  (text compressed like a CDN does): ≤ 500 KB;
- Lighthouse (npm `lighthouse`, Debian's Chromium, mobile settings) on the home page, a
  listing, a booth and an exhibit: performance, accessibility, best practices ≥ 95, SEO 100.

Needs a built demo (`make demo` or `make site`) in var/site/. Lighthouse is installed at
its pinned version into var/tools/lighthouse/ on first use.
"""

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SITE = Path(os.environ.get("SITE_BUILD_DIR", ROOT / "var" / "site"))
LIGHTHOUSE_VERSION = "13.5.0"
LIGHTHOUSE_DIR = ROOT / "var" / "tools" / "lighthouse"
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)

from bench.static_server import serve  # noqa: E402


def booth_with_model():
    for path in sorted((SITE / "en").glob("*/*/index.html")):
        text = path.read_text(encoding="utf-8")
        if "<model-viewer" in text and "page--booth" in text:
            return "/" + str(path.parent.relative_to(SITE)) + "/"
    raise RuntimeError("No booth page with a 3D model in the build: run `make site`.")


def first_of(pattern, marker):
    for path in sorted(SITE.glob(pattern)):
        if marker in path.read_text(encoding="utf-8"):
            return "/" + str(path.parent.relative_to(SITE)) + "/"
    raise RuntimeError(f"No {marker} page matches {pattern} in {SITE}")


def first_render_bytes(page):
    html = (SITE / page.lstrip("/") / "index.html").read_bytes()
    css = re.search(rb'<link rel="stylesheet" href="([^"]+)"', html).group(1).decode()
    css_bytes = (SITE / css.lstrip("/")).read_bytes()
    return len(gzip.compress(html, 9)), len(gzip.compress(css_bytes, 9))


def before_interaction(base, page):
    """Bytes transferred by a phone-sized Chromium until the page is idle, no input."""
    from playwright.sync_api import sync_playwright

    sizes = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS.split()
        )
        context = browser.new_context(viewport={"width": 390, "height": 844})
        tab = context.new_page()

        def record(response):
            headers = response.headers
            try:
                body = response.body()
            except Exception:  # noqa: BLE001 (a redirect or aborted request has no body)
                return
            compressed = headers.get("content-encoding") == "gzip"
            length = int(headers.get("content-length", len(body)))
            sizes[response.url] = length if compressed else len(body)

        tab.on("response", record)
        tab.goto(base + page, wait_until="networkidle")
        tab.wait_for_timeout(3000)  # islands that start when idle
        tab.wait_for_load_state("networkidle")
        browser.close()
    return sizes


def lighthouse(base, page):
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        (LIGHTHOUSE_DIR / "package.json").write_text('{"name": "bench-tools", "private": true}')
        subprocess.run(  # noqa: S603 (npm from the registry, pinned version)
            [  # noqa: S607
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            cwd=LIGHTHOUSE_DIR,
            check=True,
        )
    output = subprocess.run(  # noqa: S603 (our own pinned tool)
        [
            str(binary),
            base + page,
            "--output=json",
            "--quiet",
            f"--chrome-flags={CHROMIUM_FLAGS}",
            "--only-categories=performance,accessibility,best-practices,seo",
        ],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    report = json.loads(output)
    return {name: round(100 * c["score"]) for name, c in report["categories"].items()}


def main():
    base, stop = serve(SITE)
    try:
        booth = booth_with_model()
        pages = {
            "home": "/en/",
            "listing": first_of("en/*/halls/*/index.html", "page--listing"),
            "booth (3D)": booth,
            "exhibit": first_of("en/*/*/*/index.html", "page--exhibit"),
        }
        html_gz, css_gz = first_render_bytes(booth)
        loaded = before_interaction(base, booth)
        scores = {name: lighthouse(base, page) for name, page in pages.items()}
    finally:
        stop()
    result = {
        "booth": booth,
        "first_render_gzip_bytes": {"html": html_gz, "css": css_gz, "total": html_gz + css_gz},
        "before_interaction_bytes": sum(loaded.values()),
        "before_interaction_requests": len(loaded),
        "largest": sorted(loaded.items(), key=lambda item: -item[1])[:5],
        "lighthouse": {name: {"page": pages[name], **s} for name, s in scores.items()},
    }
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
