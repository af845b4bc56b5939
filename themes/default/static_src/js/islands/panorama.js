/**
 * 360° panorama island (Pannellum: WebGL, no three.js, about a tenth of the alternatives).
 *
 * Markup: `<figure data-island="panorama" data-src="<equirectangular.jpg>" data-title="...">`
 * holding a flat `<img>` preview and a `<figcaption>`. Boot adds a "View 360°" button
 * (its text is the figure's `data-label`); pressing it loads this module, which puts the
 * viewer where the preview was. The preview stays in the page, hidden, and comes back if the
 * panorama cannot be shown (no WebGL, image too large for the device, network error), so the
 * reader always sees at least the flat picture.
 *
 * Optional attributes: `data-initial-heading` (degrees, where the view starts),
 * `data-loading-label` (text while the image downloads).
 */
import "pannellum/build/pannellum.js";
import stylesheet from "theme:stylesheet/panorama";

let styles;
/** Adds the viewer's style sheet (hashed file beside this chunk) once, and waits for it. */
function loadStyles() {
  styles ||= new Promise((resolve, reject) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL(stylesheet, import.meta.url).href;
    link.onload = resolve;
    link.onerror = () => reject(new Error(`style sheet ${link.href} did not load`));
    document.head.append(link);
  });
  return styles;
}

/** The part of the figure that shows the flat preview: the <img> or the wrapper around it. */
function previewOf(figure) {
  const image = figure.querySelector("img");
  if (!image) return null;
  let preview = image;
  while (preview.parentElement && preview.parentElement !== figure) {
    preview = preview.parentElement;
  }
  return preview;
}

export async function mount(figure) {
  const source = figure.dataset.src || figure.dataset.panoramaSrc;
  if (!source) throw new Error("panorama without data-src");
  await loadStyles();

  const preview = previewOf(figure);
  const container = document.createElement("div");
  container.className = "panorama-viewer";
  container.setAttribute("role", "img");
  container.setAttribute(
    "aria-label",
    figure.dataset.title || preview?.querySelector("img")?.alt || "",
  );
  if (preview) preview.before(container);
  else figure.prepend(container);

  const viewer = self.pannellum.viewer(container, {
    type: "equirectangular",
    panorama: new URL(source, document.baseURI).href,
    autoLoad: true,
    yaw: Number(figure.dataset.initialHeading) || 0,
    showFullscreenCtrl: true,
    showZoomCtrl: true,
    // The wheel scrolls the page unless the panorama is full screen.
    mouseZoom: "fullscreenonly",
    compass: false,
    strings: { loadingLabel: figure.dataset.loadingLabel || "…" },
  });

  await new Promise((resolve, reject) => {
    viewer.on("load", resolve);
    viewer.on("error", (message) => {
      viewer.destroy();
      container.remove();
      if (preview) preview.hidden = false;
      figure.removeAttribute("data-panorama-open");
      reject(new Error(`panorama ${source}: ${message}`));
    });
    // The preview gives way as soon as the viewer is in place, not after the download.
    if (preview) preview.hidden = true;
    figure.setAttribute("data-panorama-open", "");
  });
  container.tabIndex = 0;
  container.focus({ preventScroll: true });
  // For analytics (islands/analytics.js): a panorama opened counts as a media play.
  figure.dispatchEvent(new CustomEvent("expo:media", { bubbles: true, detail: { media: "panorama" } }));
}
