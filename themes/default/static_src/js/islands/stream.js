/**
 * The signed-in reader's live events: one EventSource per tab on /api/v1/stream, shared by
 * every chat panel of the page (engagement.stream on the server).
 *
 * Events are notices ({type: "message", conversation, message, by_exhibitor, status} and
 * {type: "read", conversation, by_exhibitor, up_to}); a panel fetches what it lacks
 * through the REST API. So a missed event costs only a delay: whenever the stream opens
 * again (the server ends each stream after a few minutes, networks drop), listeners get a
 * "reconnect" notice and ask for the messages after the last one they have.
 */

const RETRY_MIN_MS = 2000;
const RETRY_MAX_MS = 60_000;

const listeners = new Set();
let source = null;
let opened = false;
let retry = RETRY_MIN_MS;
let timer = 0;

function dispatch(type, data) {
  for (const listener of listeners) {
    try {
      listener(type, data);
    } catch (error) {
      console.error("stream listener failed", error);
    }
  }
}

function parse(event) {
  try {
    return JSON.parse(event.data);
  } catch {
    return null;
  }
}

function connect() {
  clearTimeout(timer);
  if (source || !listeners.size || !("EventSource" in window)) return;
  source = new EventSource("/api/v1/stream");
  for (const type of ["message", "read"]) {
    source.addEventListener(type, (event) => {
      const data = parse(event);
      if (data) dispatch(type, data);
    });
  }
  source.addEventListener("open", () => {
    retry = RETRY_MIN_MS;
    if (opened) dispatch("reconnect");
    opened = true;
  });
  source.addEventListener("error", () => {
    // CONNECTING: the browser retries by itself (after the server's `retry`). CLOSED: it
    // gave up (an HTTP error, e.g. 401 after signing out elsewhere, or 502 from a proxy);
    // try again later, less and less often.
    if (source.readyState !== EventSource.CLOSED) return;
    source = null;
    timer = setTimeout(connect, retry);
    retry = Math.min(retry * 2, RETRY_MAX_MS);
  });
}

/** `listener(type, data)` for "message", "read" and "reconnect"; returns an unsubscribe. */
export function subscribe(listener) {
  listeners.add(listener);
  connect();
  return () => {
    listeners.delete(listener);
    if (!listeners.size && source) {
      source.close();
      source = null;
      opened = false;
    }
  };
}
