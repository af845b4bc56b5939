/**
 * Live-stream island of a booth's live-stream block, and the heartbeats of every player of
 * a live stream or replay (SPEC 6.2.2.1; the protocol is docs/engagement.md, "Live
 * streams").
 *
 * Markup (components/blocks/live_stream_block.html): `<section data-island="live"
 * data-target="booth:<page id>" data-live-status data-starts-at data-ends-at>` holding the
 * status badge, the title, the times, a `data-island="video"` player when the stream is an
 * HLS playlist (or the replay, once ended), the link to the stream, and `data-strings`
 * (`live_strings()` in components/island_strings.html).
 *
 * The page says what was true when it was built. This island asks GET /booths/{id}/live,
 * finds its block's session (same start, end and title) and from then on the server's
 * status wins over the reader's clock (boot.js stops checking the block):
 * - the badge shows the server's status, and while the stream is on air the number of
 *   people watching it;
 * - the player plays what can be played now: the live playlist while on air, the replay
 *   once ended (HLS ladder, else MP4, else the exhibitor's replay playlist), through
 *   video.js, so hls.js is loaded only when the reader presses play. A player that is
 *   playing is never swapped under the reader;
 * - heartbeats go while the player plays and the page is visible.
 * The status is asked again when the stream should start or end, and every minute while it
 * is on air (for the viewer count). When the API cannot be reached the block keeps what was
 * built and says that live data is unavailable.
 */

import stylesheetHref from "theme:stylesheet/live";
import { lang, request } from "./api.js";
import { element, numbers, readStrings, stylesheet } from "./dom.js";
import { mount as mountVideo } from "./video.js";

const BEAT_MS = 15_000;
const REFRESH_MS = 60_000;
/** Several blocks of one booth share one answer. */
const SHARE_MS = 10_000;
/** Never ask again sooner than this, even when the reader's clock is off. */
const MIN_WAIT_MS = 10_000;

/** A random id: hexadecimal, 32 characters (the API takes 8–64 of [A-Za-z0-9_-]). */
export const randomId = () =>
  [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");

/** The viewer id of this page load, for every player on it (docs/engagement.md). */
let viewer = randomId();

const plurals = new Intl.PluralRules(lang);
/** "12 viewers" in the page's language: `forms` holds a text per plural category. */
export function viewersText(forms, count) {
  const form = forms?.[plurals.select(count)] ?? forms?.other ?? "%(count)s";
  return form.replace("%(count)s", numbers.format(count));
}

export const isPlaylist = (url) => {
  try {
    return new URL(url, location.href).pathname.toLowerCase().endsWith(".m3u8");
  } catch {
    return false;
  }
};

/**
 * Heartbeats of one <video> watching one session: one when playback starts, one every
 * BEAT_MS while it plays and the page is visible, and (best effort) one when it pauses or
 * ends or the page is hidden or left; each with the whole seconds played visibly since the
 * one before. `onViewers` gets each answer's live viewer count. Returns a function that
 * stops it all.
 */
export function heartbeats(video, sessionId, mode, onViewers) {
  const controller = new AbortController();
  const { signal } = controller;
  let played = 0; // seconds played visibly and not reported yet
  let since = null; // when visible playback last (re)started
  let timer = 0;
  const visiblyPlaying = () =>
    !video.paused && !video.ended && document.visibilityState === "visible";
  const settle = () => {
    const now = performance.now();
    if (since !== null) played += (now - since) / 1000;
    since = visiblyPlaying() ? now : null;
  };
  const stopTimer = () => {
    clearInterval(timer);
    timer = 0;
  };

  async function beat(keepalive = false) {
    settle();
    const seconds = Math.floor(played);
    played -= seconds;
    try {
      const answer = await request(`/live/${sessionId}/heartbeat`, {
        method: "POST",
        json: { mode, viewer, seconds },
        keepalive,
      });
      onViewers?.(answer.viewers);
    } catch (error) {
      // The reader signed in or out in another tab: the old id belongs to the other account.
      if (error.code === "viewer_taken") viewer = randomId();
      // Not on show, not on air (yet or any more), no replay: nothing to count.
      else if (error.status === 404 || error.status === 409) stopTimer();
      // Unreachable or rate-limited: these seconds go with the next beat.
      else played += seconds;
    }
  }

  const start = () => {
    settle();
    if (timer) return;
    beat();
    timer = setInterval(() => visiblyPlaying() && beat(), BEAT_MS);
  };
  const stop = () => {
    settle();
    if (!timer) return;
    stopTimer();
    beat(true);
  };
  video.addEventListener("playing", start, { signal });
  video.addEventListener("pause", stop, { signal });
  video.addEventListener("ended", stop, { signal });
  document.addEventListener(
    "visibilitychange",
    () => (timer && document.visibilityState === "hidden" ? beat(true) : settle()),
    { signal },
  );
  addEventListener("pagehide", () => timer && beat(true), { signal });
  return () => {
    controller.abort();
    stopTimer();
  };
}

/**
 * A player for `want` ({mode, hls, mp4, poster, ref}) as the video island renders one,
 * already mounted: it plays the MP4 or the playlist natively, or loads hls.js on play.
 */
export function player(want, className, caption) {
  const video = element(
    "video",
    {
      class: "video__player",
      controls: true,
      preload: "none",
      playsinline: true,
      poster: want.poster || null,
      "data-hls": want.hls || null,
    },
    want.mp4 ? element("source", { src: want.mp4, type: "video/mp4" }) : null,
  );
  const wrapper = element(
    caption ? "figure" : "div",
    {
      class: `video ${className}`,
      "data-island": "video",
      "data-island-state": "ready",
      "data-media": want.mode,
      "data-media-ref": want.ref,
    },
    caption ? element("figcaption", { text: caption }) : null,
    video,
  );
  mountVideo(wrapper);
  return wrapper;
}

const booths = new Map();
/** The booth's sessions, one request for all the blocks of the page. */
function sessionsOf(pageId) {
  const known = booths.get(pageId);
  if (known && performance.now() - known.at < SHARE_MS) return known.answer;
  const answer = request(`/booths/${pageId}/live`);
  booths.set(pageId, { at: performance.now(), answer });
  answer.catch(() => booths.delete(pageId));
  return answer;
}

/** What can be played of `session` now, or null. */
function playable(session) {
  const ref = `session:${session.id}`;
  if (session.status !== "ended") {
    return session.live_hls ? { mode: "live", hls: session.live_hls, ref } : null;
  }
  // The order of docs/engagement.md: the HLS ladder, else the MP4, else the exhibitor's
  // own replay link when it is a playlist.
  let hls = session.replay_hls;
  if (!hls && !session.replay_mp4 && isPlaylist(session.replay_url)) hls = session.replay_url;
  if (!hls && !session.replay_mp4) return null;
  return { mode: "replay", hls, mp4: session.replay_mp4, poster: session.replay_poster, ref };
}

function plays(video, want) {
  if (!video || !want) return false;
  if (want.hls) return video.dataset.hls === want.hls;
  const sources = [...video.querySelectorAll("source")].map((source) => source.getAttribute("src"));
  return !video.dataset.hls && [video.getAttribute("src"), ...sources].includes(want.mp4);
}

export async function mount(section) {
  const t = readStrings(section);
  const pageId = Number((section.dataset.target || "").split(":")[1]);
  if (!pageId) throw new Error("live island without data-target");
  const starts = Date.parse(section.dataset.startsAt);
  const ends = Date.parse(section.dataset.endsAt);
  const title = section.querySelector(".block__title")?.textContent.trim();
  const times = section.querySelector(".live-stream__times");
  await stylesheet(stylesheetHref, import.meta.url);

  const viewers = element("p", { class: "live-stream__viewers", hidden: true });
  const note = element("p", { class: "live-stream__unavailable", role: "status", hidden: true });
  times.after(viewers, note);
  let watching = null; // {video, mode, stop}
  let next = 0;

  const showViewers = (count) => {
    viewers.textContent = viewersText(t("viewers"), count);
  };

  function showStatus(status) {
    const holder = section.querySelector(".live-stream__status");
    const badge = holder?.querySelector(".badge");
    const label = holder?.dataset[`label${status[0].toUpperCase()}${status.slice(1)}`];
    section.classList.remove("live-stream--upcoming", "live-stream--live", "live-stream--ended");
    section.classList.add(`live-stream--${status}`);
    section.dataset.liveStatus = status;
    if (badge && label) {
      badge.className = `badge badge--${status}`;
      badge.textContent = label;
    }
  }

  function showPlayer(session) {
    const want = playable(session);
    const current = section.querySelector(".live-stream__player, .live-stream__replay");
    let video = current?.querySelector("video") || null;
    // A player that is playing stays (a stream running late, a replay being watched).
    const busy = Boolean(video && !video.paused);
    if (!busy && !plays(video, want)) {
      const replay = want?.mode === "replay";
      const className = replay ? "live-stream__replay" : "live-stream__player";
      const fresh = want && player(want, className, replay ? t("replay") : "");
      if (current && fresh) current.replaceWith(fresh);
      else if (current) current.remove();
      else if (fresh) note.after(fresh);
      video = fresh?.querySelector("video") || null;
    }
    if (plays(video, want)) {
      Object.assign(video.parentElement.dataset, { media: want.mode, mediaRef: want.ref });
      if (watching?.video !== video || watching.mode !== want.mode) {
        watching?.stop();
        const stop = heartbeats(video, session.id, want.mode, showViewers);
        watching = { video, mode: want.mode, stop };
      }
    } else if (!busy) {
      watching?.stop();
      watching = null;
    }

    const ended = session.status === "ended";
    const links = [...section.querySelectorAll("a.button")];
    const streamLink = links.find((a) => a.getAttribute("href") === session.stream_url);
    if (streamLink) streamLink.parentElement.hidden = ended;
    const replayLink = links.find((a) => a.getAttribute("href") === session.replay_url);
    let noReplay = section.querySelector(".live-stream__note");
    if (ended && !want && session.replay_url && !replayLink) {
      // A replay on the exhibitor's platform: a link, as a page built after the end has.
      const link = element("a", {
        class: "button",
        href: session.replay_url,
        rel: "external noopener noreferrer",
        target: "_blank",
        text: t("replay"),
      });
      note.after(element("p", {}, link));
    } else if (ended && !want && !session.replay_url && !noReplay) {
      noReplay = element("p", { class: "live-stream__note", text: t("noReplay") });
      note.after(noReplay);
    }
    if (noReplay) noReplay.hidden = !ended || Boolean(want || session.replay_url);
  }

  function schedule(status) {
    clearTimeout(next);
    const now = Date.now();
    // Upcoming: when it should start. Live: every minute (viewers), and when it should end.
    const at = { upcoming: starts, live: Math.min(ends, now + REFRESH_MS) }[status];
    if (at === undefined || Number.isNaN(at)) return;
    const wait = Math.max(at - now, MIN_WAIT_MS);
    if (wait < 2 ** 31) next = setTimeout(refresh, wait);
  }

  async function refresh() {
    if (document.visibilityState === "hidden") {
      // Nobody is looking: ask when the page shows again.
      document.addEventListener("visibilitychange", refresh, { once: true });
      return;
    }
    let sessions;
    try {
      sessions = await sessionsOf(pageId);
    } catch (error) {
      if (error.unreachable) {
        note.textContent = t("unavailable");
        note.hidden = false;
        schedule(section.dataset.liveStatus);
      }
      return; // 404: the booth is not on show (a preview); the built block stays as it is
    }
    note.hidden = true;
    // The API does not name the block; its start and end do (two sessions of one booth at
    // the same times would be told apart by their titles).
    const same = sessions.filter(
      (entry) => Date.parse(entry.starts_at) === starts && Date.parse(entry.ends_at) === ends,
    );
    const session = same.find((entry) => entry.title === title) || same[0];
    if (!session) return; // not (yet) known to the API: the built block stays as it is
    // From here the server's status wins over the reader's clock (boot.js reads this).
    delete section.dataset.startsAt;
    showStatus(session.status);
    viewers.hidden = session.status !== "live";
    showViewers(session.viewers);
    showPlayer(session);
    schedule(session.status);
  }

  await refresh();
}
