/**
 * "Live now": the streams on air, most current viewers first (SPEC 6.2.2.1, "hot live";
 * GET /api/v1/live/hot). On the live-schedule page it comes with a player: "Watch here"
 * plays a stream's HLS playlist on the page, with heartbeats like a booth's own player.
 * The compact one of the home page only lists and links.
 *
 * Markup (components/hot_live.html): `<section data-island="hot-live" data-limit="10"
 * [data-compact] hidden>` with its heading and `data-strings`. It is hidden as built: a list
 * of what is on air means nothing without the API. The full one shows itself with the
 * list, "nothing on air" or "live data unavailable"; the compact one only when something
 * is on air.
 *
 * Refreshed every REFRESH_MS while the page is visible (the server caches the list for a
 * few seconds). Items are kept and moved, not rebuilt, so the keyboard focus and the
 * player stay where they are.
 */

import stylesheetHref from "theme:stylesheet/live";
import { lang, request } from "./api.js";
import { element, readStrings, stylesheet } from "./dom.js";
import { heartbeats, player, viewersText } from "./live.js";

const REFRESH_MS = 30_000;

export async function mount(root) {
  const t = readStrings(root);
  const compact = root.hasAttribute("data-compact");
  const limit = Number(root.dataset.limit) || 10;
  await stylesheet(stylesheetHref, import.meta.url);

  const note = element("p", { class: "hot-live__note", role: "status", hidden: true });
  const list = element("ol", { class: "hot-live__list", role: "list" });
  const stage = element("div", { class: "hot-live__stage", hidden: true });
  root.querySelector("h2, h3").after(note, list);
  if (!compact) list.before(stage);
  const items = new Map(); // session id -> {li, count, session}
  let watching = null; // {id, stop}
  let loaded = 0;
  let ok = false;

  function watch(id) {
    const { session } = items.get(id);
    watching?.stop();
    const wrapper = player(
      { mode: "live", hls: session.live_hls, ref: `session:${id}` },
      "hot-live__player",
      session.title,
    );
    stage.replaceChildren(wrapper);
    stage.hidden = false;
    const video = wrapper.querySelector("video");
    const count = (viewers) => {
      const item = items.get(id);
      if (item) item.count.textContent = viewersText(t("viewers"), viewers);
    };
    watching = { id, stop: heartbeats(video, id, "live", count) };
    video.focus({ preventScroll: true });
    stage.scrollIntoView({ block: "nearest" });
    video.play().catch(() => {}); // the reader pressed the button: playback may start
  }

  function item(session) {
    const id = session.session_id;
    const link = element("a", { class: "hot-live__title", href: session.booth.url });
    const booth = element("span", { class: "hot-live__booth" });
    const count = element("span", { class: "hot-live__viewers" });
    const button = compact
      ? null
      : element("button", {
          type: "button",
          class: "hot-live__watch",
          text: t("watch"),
          onclick: () => watch(id),
        });
    const li = element("li", { class: "hot-live__item" }, link, booth, count, button);
    return { li, link, booth, count, button, session };
  }

  function render(sessions) {
    const order = sessions.map((session) => {
      const id = session.session_id;
      const entry = items.get(id) || item(session);
      entry.session = session;
      entry.link.textContent = session.title;
      entry.link.href = session.booth.url;
      entry.booth.textContent = session.booth.title;
      entry.count.textContent = viewersText(t("viewers"), session.viewers);
      if (entry.button) {
        entry.button.hidden = !session.live_hls; // a platform page: the link is the way
        entry.button.setAttribute("aria-label", `${t("watch")}: ${session.title}`);
      }
      items.set(id, entry);
      return entry.li;
    });
    const wanted = new Set(order);
    for (const [id, entry] of items) {
      if (!wanted.has(entry.li)) {
        entry.li.remove();
        items.delete(id);
      }
    }
    order.forEach((li, index) => {
      const here = list.children[index] ?? null;
      if (here === li) return;
      // moveBefore keeps the focus of a moved item (Chrome 133+); else a plain move.
      if (li.isConnected && list.moveBefore) list.moveBefore(li, here);
      else list.insertBefore(li, here);
    });
  }

  async function refresh() {
    loaded = Date.now();
    try {
      const sessions = await request(`/live/hot?locale=${encodeURIComponent(lang)}&limit=${limit}`);
      ok = true;
      render(sessions);
      note.hidden = sessions.length > 0;
      note.textContent = sessions.length ? "" : t("noneLive");
      root.hidden = compact && !sessions.length;
    } catch (error) {
      console.error("hot live list unavailable", error);
      // A list shown before stays, with the note saying it may be out of date.
      note.textContent = t("unavailable");
      note.hidden = false;
      root.hidden = compact && (!ok || !items.size);
    }
  }

  setInterval(() => document.visibilityState === "visible" && refresh(), REFRESH_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && Date.now() - loaded > REFRESH_MS) refresh();
  });
  await refresh();
  if (!compact) root.hidden = false;
}
