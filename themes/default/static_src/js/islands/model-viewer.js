/**
 * 3D / AR viewer island: `<model-viewer>` (bundles its own three.js).
 *
 * The template renders the element with a `src`, a `poster` and an `<img slot="poster">`,
 * so the poster shows before and without JavaScript; defining the element here upgrades
 * every <model-viewer> on the page in place. `loading="lazy" reveal="auto"` keep the model
 * itself from downloading until the element is visible; `ar` with
 * `ar-modes="webxr scene-viewer quick-look"` gives the AR button on phones that can.
 */
import "./model-viewer-locations.js";
import "@google/model-viewer";

/**
 * For analytics (islands/analytics.js): `expo:model` events when the reader turns or zooms
 * the model or opens it in AR, each action once per viewer (a drag changes the camera on
 * every frame). A change of distance alone is a zoom; any change of angle a turn.
 */
function announceInteractions(viewer, arButtons) {
  const done = new Set();
  const announce = (action) => {
    if (done.has(action)) return;
    done.add(action);
    viewer.dispatchEvent(new CustomEvent("expo:model", { bubbles: true, detail: { action } }));
  };
  let orbit = null;
  viewer.addEventListener("camera-change", (event) => {
    if (event.detail?.source !== "user-interaction") return;
    if (done.has("rotate") && done.has("zoom")) return;
    const next = viewer.getCameraOrbit();
    if (orbit) {
      const turned = Math.abs(next.theta - orbit.theta) + Math.abs(next.phi - orbit.phi) > 1e-4;
      if (turned) announce("rotate");
      else if (Math.abs(next.radius - orbit.radius) > 1e-4) announce("zoom");
    }
    orbit = next;
  });
  for (const button of arButtons) button?.addEventListener("click", () => announce("ar"));
}

export function mount(element, { requested = false } = {}) {
  const viewers = element.matches("model-viewer")
    ? [element]
    : element.querySelectorAll("model-viewer");
  for (const viewer of viewers) {
    // A model that cannot be loaded leaves the poster in place; say so to styles and tests.
    viewer.addEventListener("error", () => element.setAttribute("data-model-error", ""), {
      once: true,
    });
    // The built-in AR buttons come with tabindex 2 and 3, which pull them ahead of the whole
    // page in keyboard order, and English labels; the template may give a translated one.
    const shadow = viewer.shadowRoot;
    for (const focusable of shadow?.querySelectorAll("[tabindex]") ?? []) {
      if (focusable.tabIndex > 0) focusable.tabIndex = 0;
    }
    const arButton = shadow?.querySelector("#default-ar-button");
    if (arButton && element.dataset.arLabel) {
      arButton.setAttribute("aria-label", element.dataset.arLabel);
    }
    announceInteractions(viewer, [arButton, viewer.querySelector('[slot="ar-button"]')]);
  }
  // Opened with its button: the keyboard lands on the model (arrow keys turn it) as soon as
  // it replaces the poster; its input surface cannot take focus before that.
  const viewer = viewers[0];
  if (requested && viewer) {
    const focusModel = () => viewer.shadowRoot?.querySelector(".userInput")?.focus();
    if (viewer.modelIsVisible) focusModel();
    else viewer.addEventListener("poster-dismissed", focusModel, { once: true });
  }
}
