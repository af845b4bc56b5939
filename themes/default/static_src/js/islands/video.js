/**
 * Video and live player island.
 *
 * Markup: `<video controls preload="none" playsinline poster="..." data-hls="....m3u8">`
 * with an MP4 `<source>` (a live stream may have only `data-hls`). Without JavaScript the
 * browser plays the MP4. Here:
 * - a browser that plays HLS itself (Safari, iOS, Android) gets the HLS playlist as `src`, so
 *   it adapts the bitrate to the connection;
 * - another browser with Media Source Extensions gets hls.js, but only when the reader
 *   starts playback (it is the largest script of the theme); the MP4 sources are set aside
 *   until then, so nothing downloads twice;
 * - anything else keeps the MP4.
 * If hls.js hits a fatal error, the MP4 sources come back and play instead.
 */

const HLS_TYPE = "application/vnd.apple.mpegurl";
const MSE_PROBE = 'video/mp4; codecs="avc1.42E01E,mp4a.40.2"';

function hasMediaSource() {
  const MediaSourceClass = self.ManagedMediaSource || self.MediaSource;
  return Boolean(MediaSourceClass?.isTypeSupported?.(MSE_PROBE));
}

let hlsModule;
function loadHls() {
  hlsModule ||= import("hls.js/light").then((module) => module.default);
  return hlsModule;
}

function restoreSources(video, sources) {
  if (!sources.length) return false;
  video.removeAttribute("src");
  video.append(...sources);
  video.load();
  return true;
}

function useHlsJs(video, playlist) {
  const sources = [...video.querySelectorAll("source")];
  for (const source of sources) source.remove();
  video.load();

  // Start fetching the library as soon as the reader shows intent, to save a round trip.
  const warmUp = () => loadHls().catch(() => {});
  for (const type of ["pointerenter", "focusin", "touchstart"]) {
    video.addEventListener(type, warmUp, { once: true, passive: true });
  }

  const fallBack = () => {
    if (restoreSources(video, sources)) video.play().catch(() => {});
    else video.closest("[data-island]")?.setAttribute("data-video-error", "");
  };

  video.addEventListener(
    "play",
    async () => {
      let Hls;
      try {
        Hls = await loadHls();
      } catch (error) {
        console.error("hls.js did not load", error);
        fallBack();
        return;
      }
      if (!Hls.isSupported()) {
        fallBack();
        return;
      }
      const hls = new Hls({ capLevelToPlayerSize: true });
      hls.on(Hls.Events.MANIFEST_PARSED, () => video.play().catch(() => {}));
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (!data.fatal) return;
        console.error("hls.js fatal error", data.details);
        hls.destroy();
        fallBack();
      });
      hls.loadSource(playlist);
      hls.attachMedia(video);
      video.dataset.player = "hls.js";
    },
    { once: true },
  );
}

export function mount(element) {
  const videos = element.matches("video") ? [element] : element.querySelectorAll("video");
  for (const video of videos) {
    // For analytics (islands/analytics.js): the first play of each player. The island's
    // `data-media` says what it plays (video, live, replay), `data-media-ref` which one.
    const announce = () => {
      const detail = { media: element.dataset.media || "video", ref: element.dataset.mediaRef };
      video.dispatchEvent(new CustomEvent("expo:media", { bubbles: true, detail }));
    };
    video.addEventListener("play", announce, { once: true });
    const playlist = video.dataset.hls;
    // A reader who pressed play before this module arrived keeps the MP4 already playing.
    const started = !video.paused || video.readyState > 0;
    if (!playlist || started) {
      video.dataset.player = "native";
    } else if (video.canPlayType(HLS_TYPE)) {
      // The src attribute wins over <source> children: the browser plays HLS natively.
      video.src = playlist;
      video.dataset.player = "native-hls";
    } else if (hasMediaSource()) {
      useHlsJs(video, playlist);
    } else {
      video.dataset.player = "native";
    }
  }
}
