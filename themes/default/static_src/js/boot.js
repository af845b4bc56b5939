/**
 * The one script every page loads (a module in <head>, so it runs after parsing).
 *
 * Pages read fully without JavaScript (ARCHITECTURE property 6). This file only finds the
 * elements marked `data-island="<name>"` and loads the module that enhances them, each in
 * its own hashed chunk, and only when the page has such an element: a booth page without a
 * 3D model never downloads the viewer. Heavy islands wait until they are near the viewport
 * or asked for, so the first render costs this file alone. The markup each island expects is
 * in docs/theme.md.
 *
 * An island module exports `mount(element, { requested })`; boot calls it once per element
 * (`requested` is true when the reader pressed the island's button, so the island may take
 * the keyboard focus) and records the outcome in `data-island-state` (idle, loading, ready,
 * failed) for styles and tests. If a module fails to load, the element keeps its
 * no-JavaScript content.
 */

document.documentElement.classList.add("js");

/** Start loading this far before an element scrolls into view. */
const NEAR_VIEWPORT = "300px 0px";

/**
 * How each island starts: "now" (as soon as the page is parsed), "near" (when the element
 * comes near the viewport, once the page has loaded and the browser is idle, so the poster
 * or preview paints first) or "click" (when the reader presses the button boot adds; `label`
 * is that button's text when the element has no `data-label`). An element may override its
 * island's default with `data-load="near|click|now"`: `data-load="click"` on a 3D model keeps
 * a page at its lightest until the reader asks for the viewer.
 *
 * `session` (the header's sign-in link) starts at once but asks the API nothing for a
 * browser that never signed in; `account` is the account page itself. `live` is a booth's
 * live-stream block (status, player and heartbeats from the API), `hot-live` the list of
 * streams on air now (hidden as built, so it starts at once).
 */
const ISLANDS = {
  search: { when: "now", load: () => import("./islands/search.js") },
  "model-viewer": { when: "near", label: "3D", load: () => import("./islands/model-viewer.js") },
  video: { when: "near", load: () => import("./islands/video.js") },
  panorama: { when: "click", label: "360°", load: () => import("./islands/panorama.js") },
  engagement: { when: "near", load: () => import("./islands/engagement.js") },
  account: { when: "now", load: () => import("./islands/account.js") },
  session: { when: "now", load: () => import("./islands/session.js") },
  live: { when: "near", load: () => import("./islands/live.js") },
  "hot-live": { when: "now", load: () => import("./islands/hot-live.js") },
};

function start(element, island, requested = false) {
  element.dataset.islandState = "loading";
  return island
    .load()
    .then((module) => module.mount(element, { requested }))
    .then(
      () => {
        element.dataset.islandState = "ready";
      },
      (error) => {
        element.dataset.islandState = "failed";
        console.error(`island ${element.dataset.island} failed`, error);
      },
    );
}

/** Runs `task` after the load event, when the main thread is idle (or 2 s at the latest). */
function whenSettled(task) {
  const idle = () =>
    self.requestIdleCallback ? requestIdleCallback(task, { timeout: 2000 }) : setTimeout(task, 200);
  if (document.readyState === "complete") idle();
  else addEventListener("load", idle, { once: true });
}

let observer;
function whenNear(element, island) {
  if (!("IntersectionObserver" in window)) return whenSettled(() => start(element, island));
  observer ||= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        whenSettled(() => start(entry.target, ISLANDS[entry.target.dataset.island]));
      }
    },
    { rootMargin: NEAR_VIEWPORT },
  );
  observer.observe(element);
}

/**
 * Adds the button that opens the island; its text is the element's `data-label` (the
 * template translates it), else a sign every reader knows ("360°", "3D"). The element's own
 * content, such as a panorama's flat preview or a model's poster, stays as the fallback.
 */
function onClick(element, island) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "island-launch";
  button.textContent = element.dataset.label || island.label || element.dataset.island;
  const title = element.dataset.title;
  if (title) button.setAttribute("aria-label", `${button.textContent}: ${title}`);
  button.addEventListener("click", () => {
    button.disabled = true;
    start(element, island, true).then(() => {
      if (element.dataset.islandState === "ready") button.remove();
      else button.disabled = false;
    });
  });
  element.prepend(button);
  element.dataset.islandState = "idle";
}

const STRATEGIES = { now: start, near: whenNear, click: onClick };

// Analytics beacons (islands/analytics.js) on every page the builder marks: a small chunk
// fetched at once, so that a reader who leaves within seconds is still counted. It is
// imported, not part of this file, so the first render never waits for it.
if (document.body.hasAttribute("data-analytics")) {
  import("./islands/analytics.js").catch((error) => console.error("analytics failed", error));
}

for (const element of document.querySelectorAll("[data-island]")) {
  const island = ISLANDS[element.dataset.island];
  if (!island || element.dataset.islandState) continue;
  const when = STRATEGIES[element.dataset.load] ? element.dataset.load : island.when;
  STRATEGIES[when](element, island);
}

/**
 * Live streams: a static page shows the status (upcoming, live, ended) it had when it was
 * built; the reader's clock says what it is now. Each element with `data-live-status`,
 * `data-starts-at` and `data-ends-at` gets its `live-stream--<status>` class, and its
 * `.live-stream__status` badge the label the template put in `data-label-<status>`,
 * checked again every minute while the page is open.
 */
function refreshLiveStatus() {
  const now = Date.now();
  for (const element of document.querySelectorAll("[data-live-status][data-starts-at]")) {
    const starts = Date.parse(element.dataset.startsAt);
    const ends = Date.parse(element.dataset.endsAt);
    if (Number.isNaN(starts)) continue;
    const status = now < starts ? "upcoming" : now > ends ? "ended" : "live";
    const before = element.dataset.liveStatus;
    if (status === before) continue;
    const holder = element.querySelector(".live-stream__status");
    const label = holder?.dataset[`label${status[0].toUpperCase()}${status.slice(1)}`];
    const badge = holder?.querySelector(".badge");
    if (!label || !badge) continue;
    element.classList.replace(`live-stream--${before}`, `live-stream--${status}`);
    element.dataset.liveStatus = status;
    badge.className = `badge badge--${status}`;
    badge.textContent = label;
  }
}

if (document.querySelector("[data-live-status]")) {
  refreshLiveStatus();
  setInterval(refreshLiveStatus, 60_000);
}
