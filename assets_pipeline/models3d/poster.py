"""The poster: the optimised model rendered by <model-viewer> in headless Chromium."""

import base64
import io
import os
from pathlib import Path

from PIL import Image

from assets_pipeline.models3d.node_runner import NODE_MODULES

CHROMIUM = os.environ.get("ASSETS_CHROMIUM", "/usr/bin/chromium")
POSTER_ORIGIN = "https://poster.invalid"
POSTER_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<style>html,body{margin:0;background:transparent}
model-viewer{width:%(width)dpx;height:%(height)dpx;display:block;--poster-color:transparent}</style>
<script>self.ModelViewerElement={meshoptDecoderLocation:"%(origin)s/meshopt_decoder.js",
lottieLoaderLocation:"data:text/javascript,"};</script>
<script type="module" src="%(origin)s/model-viewer.min.js"></script></head>
<body><model-viewer id="model" src="%(origin)s/model.glb" interaction-prompt="none"
shadow-intensity="1" exposure="1"></model-viewer></body></html>"""
POSTER_SCRIPT = """async () => {
  const viewer = document.getElementById("model");
  await customElements.whenDefined("model-viewer");
  if (!viewer.loaded) {
    await new Promise((resolve, reject) => {
      viewer.addEventListener("load", resolve, { once: true });
      viewer.addEventListener("error", (event) =>
        reject(new Error("model-viewer: " + JSON.stringify(event.detail?.type ?? "error"))), { once: true });
    });
  }
  for (let i = 0; i < 3; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  const blob = await viewer.toBlob({ mimeType: "image/png", idealAspect: false });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i += 32768) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 32768));
  }
  return btoa(text);
}"""
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # WebGL without a GPU: SwiftShader through ANGLE, which newer Chromium only enables
    # when asked to.
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]


class PosterUnavailable(Exception):
    pass


def render_poster(glb, target, recipe):
    """A WebP poster of the model as <model-viewer> shows it; (width, height).

    Runs in a thread of its own: Playwright's sync API refuses a thread that already has
    an asyncio loop (an ASGI server, a caller driving its own browser)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="poster") as pool:
        return pool.submit(_render_poster, glb, target, recipe).result()


def _render_poster(glb, target, recipe):
    """render_poster() in the current thread.

    Chromium renders at twice the size (SwiftShader has no multisampling) and the result
    is scaled down, which smooths the edges. Everything the page needs is answered by
    `page.route` on a fake origin; every other request is refused."""
    if not Path(CHROMIUM).is_file():
        raise PosterUnavailable(f"Chromium is not installed ({CHROMIUM})")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise PosterUnavailable(f"Playwright is not installed ({error})") from None
    width, height = recipe.poster_size
    files = {
        "/": (POSTER_PAGE % {"width": width, "height": height, "origin": POSTER_ORIGIN}).encode(),
        "/model-viewer.min.js": NODE_MODULES / "@google/model-viewer/dist/model-viewer.min.js",
        "/meshopt_decoder.js": NODE_MODULES / "meshoptimizer/meshopt_decoder.cjs",
        "/model.glb": Path(glb),
    }
    types = {"/": "text/html", "/model.glb": "model/gltf-binary"}

    def answer(route):
        from urllib.parse import urlsplit

        url = urlsplit(route.request.url)
        body = files.get(url.path) if f"{url.scheme}://{url.netloc}" == POSTER_ORIGIN else None
        if body is None:
            route.abort("blockedbyclient")
            return
        route.fulfill(
            status=200,
            body=body if isinstance(body, bytes) else body.read_bytes(),
            headers={"content-type": types.get(url.path, "text/javascript")},
        )

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=recipe.poster_timeout * 1000
            )
            try:
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=2,
                    service_workers="block",
                )
                context.route("**/*", answer)
                page = context.new_page()
                page.set_default_timeout(recipe.poster_timeout * 1000)
                page.goto(f"{POSTER_ORIGIN}/")
                encoded = page.evaluate(POSTER_SCRIPT)
            finally:
                browser.close()
    except PlaywrightError as error:
        raise PosterUnavailable(str(error).splitlines()[0][:200]) from None
    with Image.open(io.BytesIO(base64.b64decode(encoded))) as rendered:
        poster = rendered.convert("RGBA").resize((width, height), Image.Resampling.LANCZOS)
    poster.save(target, "WEBP", quality=82, method=4)
    return width, height
