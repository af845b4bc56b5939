/**
 * The one way the islands talk to the public API (/api/v1/, same origin as the site: the
 * CDN routes /api/ to the CMS, so the session cookie goes along by itself).
 *
 * - `Accept-Language` is the page's language: the server answers errors (`detail`,
 *   `fields`) and titles in the language the reader is reading.
 * - Unsafe methods carry the CSRF token in X-CSRFToken. The token comes from
 *   GET /auth/session once per page and is kept; a 403 with code "csrf" (the session
 *   rotated it, e.g. a sign-in in another tab) fetches it again and retries once.
 * - Every request gives up after TIMEOUT_MS: a hanging API must not leave a spinner for
 *   ever, and the widgets then say the service is unavailable.
 * - Failures throw `ApiError` with {status, code, detail, fields}: status 0 for a network
 *   error or time-out, `detail` as translated by the server (empty when there was none).
 */

export const API = "/api/v1";
const TIMEOUT_MS = 8000;
const UNSAFE = /^(POST|PUT|PATCH|DELETE)$/;

export class ApiError extends Error {
  constructor(status, code, detail = "", fields = null) {
    super(detail || code);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.fields = fields;
  }

  /** The service is down or out of reach (not: the reader did something it refuses). */
  get unreachable() {
    return this.status === 0 || this.status >= 500;
  }
}

export const lang = document.documentElement.lang || "en";

let sessionPromise = null;
let csrfToken = "";

/** Who is signed in ({authenticated, account, csrf_token}), fetched once per page. */
export function session(refresh = false) {
  if (refresh || !sessionPromise) {
    sessionPromise = request("/auth/session").then(remember, (error) => {
      sessionPromise = null; // a later call may try again
      throw error;
    });
  }
  return sessionPromise;
}

/**
 * Keeps an answer of the session shape (sign-in, sign-out… return one: the CSRF token
 * rotates) and tells the page: the header shows the new state at once.
 */
export function remember(data) {
  if (data?.csrf_token) csrfToken = data.csrf_token;
  sessionPromise = Promise.resolve(data);
  hintSignedIn(Boolean(data?.authenticated));
  document.dispatchEvent(new CustomEvent("expo:session", { detail: data }));
  return data;
}

/**
 * `request(path, {method, json, form, signal, keepalive})`: `json` is sent as JSON, `form` (a
 * FormData) as multipart; `keepalive` lets a small request outlive the page (a player's last
 * heartbeat as the tab closes). Resolves to the parsed answer (null for 204).
 */
export async function request(path, { method = "GET", json, form, signal, keepalive, retried } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": lang };
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) {
    body = form; // the browser writes the multipart boundary itself
  }
  if (UNSAFE.test(method)) {
    if (!csrfToken) await session(true);
    headers["X-CSRFToken"] = csrfToken;
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  const abort = () => controller.abort();
  signal?.addEventListener("abort", abort);
  let response;
  try {
    response = await fetch(API + path, {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: controller.signal,
      keepalive,
    });
  } catch {
    throw new ApiError(0, signal?.aborted ? "aborted" : "network");
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", abort);
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    // A proxy's HTML error page, or an empty body.
  }
  if (response.ok) return data;
  const error = new ApiError(
    response.status,
    data?.code || "error",
    typeof data?.detail === "string" ? data.detail : "",
    data?.fields || null,
  );
  if (error.status === 403 && error.code === "csrf" && !retried) {
    await session(true);
    return request(path, { method, json, form, signal, keepalive, retried: true });
  }
  throw error;
}

/**
 * A signed-in reader was here before in this browser: the header asks the API who is
 * signed in only then, so an anonymous reader's page views cost the API nothing.
 */
const HINT = "expo:signed-in";
export function hintSignedIn(on) {
  try {
    if (on) localStorage.setItem(HINT, "1");
    else localStorage.removeItem(HINT);
  } catch {
    // Storage switched off: the header then keeps its plain "Sign in" link.
  }
}
export function hintedSignedIn() {
  try {
    return localStorage.getItem(HINT) === "1";
  } catch {
    return false;
  }
}

/** Unread messages changed: the header badge listens for this. */
export function announceUnread(total) {
  document.dispatchEvent(new CustomEvent("expo:unread", { detail: { total } }));
}
