/**
 * First-party analytics beacons (SPEC 4.3; the server's side is docs/engagement.md,
 * "Analytics beacons"). boot.js imports this on every page built with `data-analytics` on
 * <body> (the site's pages, not the CMS preview); `data-page-id` names the page.
 *
 * Events wait in a queue and leave in batches through navigator.sendBeacon: a text/plain
 * POST needs no CORS preflight, and the browser delivers it even as the tab closes. A batch
 * goes when MAX_BATCH events are waiting, FLUSH_MS after the first one, and whenever the page
 * is hidden or left: on phones `visibilitychange` is the last moment a page surely runs,
 * `pagehide` covers navigation and the back/forward cache. Every event carries a random
 * `event_id`, so a batch delivered twice is stored once.
 *
 * Recorded: the page view (with the referrer when it is another site, without its query),
 * the time the page was visible (dwell), clicks on `a[data-target="exhibit|booth:<id>"]`
 * (the cards), and what the islands announce as document events: `expo:media` (a video,
 * live stream, replay or panorama started), `expo:model` (a 3D model turned, zoomed or
 * opened in AR) and `expo:search` (a query the search island ran).
 *
 * Privacy: no cookie and no third party. With Do-Not-Track or Global Privacy Control the
 * batches say `consent: false` without a visitor id, and nothing is asked. Otherwise the
 * reader is asked once (components/consent.html); before answering, and after declining,
 * batches say `consent: false`: the visit is counted, never linked to anyone. Only with
 * consent is a random visitor id kept in localStorage and sent.
 */

const ENDPOINT = "/api/v1/events";
const MAX_BATCH = 20;
const FLUSH_MS = 15_000;
/** The search island asks as the reader types; the query they stop at is the search. */
const SEARCH_SETTLE_MS = 2_000;
const MAX_DWELL_MS = 6 * 3600 * 1000; // the API's limit
const CONSENT_KEY = "expo:analytics";
const ASK_ON = ["scroll", "pointerdown", "keydown"];
const VISITOR_KEY = "expo:visitor";
/** E-mail addresses and phone numbers never leave the page (the server screens them too). */
const PERSONAL = /[\w.+-]+@[\w-]+(\.[\w-]+)+|\+?\(?\d([\s().-]{0,2}\d){6,}/g;

const page = Number(document.body.dataset.pageId) || undefined;
const locale = document.documentElement.lang;
const optedOut = navigator.doNotTrack === "1" || navigator.globalPrivacyControl === true;

function store(key, value) {
  try {
    if (value === undefined) return localStorage.getItem(key);
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage switched off: the reader's choice holds for this page only.
  }
  return null;
}

/** A v4 UUID: crypto.randomUUID exists only in secure contexts of recent browsers. */
function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ----- consent ------------------------------------------------------------------------

let consent = false;
let visitor = "";

function choose(choice) {
  consent = !optedOut && choice === "yes";
  visitor = consent ? store(VISITOR_KEY) || uuid().replace(/-/g, "") : "";
  // Declining (or a browser that now asks not to be tracked) also forgets an id kept before.
  store(VISITOR_KEY, visitor || null);
}

const notice = document.getElementById("analytics-consent");
const reopen = document.querySelector("[data-consent-open]");
const stored = store(CONSENT_KEY);
choose(stored);
if (!optedOut && notice) {
  let returnTo = null;
  if (reopen) reopen.hidden = false;
  if (!stored) {
    // Asked once the reader starts to use the page, not over its first view: the page
    // paints and reads undisturbed (and the notice never becomes its largest paint), and
    // nothing is lost meanwhile, since events without an answer carry no visitor id.
    const ask = () => {
      for (const type of ASK_ON) removeEventListener(type, ask, true);
      if (!store(CONSENT_KEY)) notice.hidden = false;
    };
    for (const type of ASK_ON) addEventListener(type, ask, { capture: true, passive: true });
  }
  notice.addEventListener("click", (event) => {
    const choice = event.target.closest("[data-consent]")?.dataset.consent;
    if (!choice) return;
    store(CONSENT_KEY, choice);
    choose(choice);
    const hadFocus = notice.contains(document.activeElement);
    notice.hidden = true;
    // The buttons are gone: the keyboard goes back where it came from, not to <body>.
    if (hadFocus) (returnTo || document.getElementById("main"))?.focus({ preventScroll: true });
    returnTo = null;
  });
  reopen?.addEventListener("click", (event) => {
    returnTo = event.target.closest("button");
    notice.hidden = false;
    notice.querySelector("button").focus();
  });
}

// ----- the queue ----------------------------------------------------------------------

const queue = [];
let timer = 0;

function record(kind, data) {
  if (!page && kind !== "search") return; // only a search may come from a page without id
  queue.push({ event_id: uuid(), kind, ts: Date.now(), page, locale, data });
  if (queue.length >= MAX_BATCH) flush();
  else timer ||= setTimeout(flush, FLUSH_MS);
}

function flush() {
  clearTimeout(timer);
  timer = 0;
  commitSearch();
  while (queue.length) {
    const events = queue.splice(0, MAX_BATCH);
    const body = JSON.stringify(visitor ? { visitor, consent, events } : { consent, events });
    // sendBeacon says false when the browser's beacon quota is used up; a keepalive fetch
    // outlives the page as well.
    if (!navigator.sendBeacon?.(ENDPOINT, body)) {
      fetch(ENDPOINT, {
        method: "POST",
        body,
        keepalive: true,
        headers: { "Content-Type": "text/plain;charset=UTF-8" },
      }).catch(() => {});
    }
  }
}

// ----- page view and visible time -------------------------------------------------------

function pageView() {
  const data = {};
  try {
    const from = new URL(document.referrer);
    if (from.origin !== location.origin && from.protocol.startsWith("http")) {
      data.referrer = (from.origin + from.pathname).slice(0, 500);
    }
  } catch {
    // No referrer.
  }
  record("page_view", data);
}

// performance.now() counts from the navigation: a page visible now has been since then.
let visibleSince = document.visibilityState === "visible" ? 0 : null;
let dwell = 0;

function leave() {
  if (visibleSince !== null) dwell += performance.now() - visibleSince;
  visibleSince = null;
  if (dwell >= 1) record("dwell", { ms: Math.min(Math.round(dwell), MAX_DWELL_MS) });
  dwell = 0;
  flush();
}

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") leave();
  else visibleSince ??= performance.now();
});
addEventListener("pagehide", leave);
addEventListener("pageshow", (event) => {
  // Back from the back/forward cache: a new view of the same page.
  if (!event.persisted) return;
  visibleSince ??= performance.now();
  pageView();
});

// ----- what the reader does -------------------------------------------------------------

function onClick(event) {
  if (event.type === "auxclick" && event.button !== 1) return; // the middle button: a new tab
  const link = event.target.closest?.("a[data-target]");
  const target = Number(link?.dataset.target.split(":")[1]);
  if (target) record("exhibit_click", { target });
}
document.addEventListener("click", onClick);
document.addEventListener("auxclick", onClick);

document.addEventListener("expo:media", ({ detail }) => {
  record("media_play", detail.ref ? { media: detail.media, ref: detail.ref } : { media: detail.media });
});

const modelActions = new Set();
document.addEventListener("expo:model", ({ detail }) => {
  // Once per page and action: turning a model fires many events, one is the fact.
  if (modelActions.has(detail.action)) return;
  modelActions.add(detail.action);
  record("model_interaction", { action: detail.action });
});

let pendingSearch = null;
let lastSearch = "";
let searchTimer = 0;

function commitSearch() {
  clearTimeout(searchTimer);
  const search = pendingSearch;
  pendingSearch = null;
  const key = JSON.stringify(search);
  if (!search || key === lastSearch) return; // "more results" repeats the same search
  lastSearch = key;
  record("search", search);
}

document.addEventListener("expo:search", ({ detail }) => {
  const query = detail.query.replace(PERSONAL, "").trim().slice(0, 200);
  const filters = detail.filters.slice(0, 10).map((name) => name.slice(0, 64));
  // The page opening with everything listed is not a search.
  if (!query && !filters.length) return;
  pendingSearch = { query, results: detail.results, filters };
  clearTimeout(searchTimer);
  searchTimer = setTimeout(commitSearch, SEARCH_SETTLE_MS);
});

pageView();
