/**
 * Login state in the header: `<a data-island="session" href="/<lang>/account/">` shows
 * "Sign in" (its static text, for every reader without JavaScript or not signed in) or,
 * for a signed-in reader, their name and the number of unread messages.
 *
 * It starts at once but costs nothing on the first render: the link is already there,
 * and the API is asked only when this browser has signed in before (a hint the islands
 * keep in localStorage), so the many anonymous page views of a CDN-served show never
 * reach the API. Sign-in and sign-out on the page (`expo:session`) and messages read in a
 * chat panel (`expo:unread`) update it without another request.
 */

import { hintedSignedIn, request, session } from "./api.js";

export function mount(link) {
  const label = link.querySelector(".site-account__label");
  const signedOutText = label.textContent;
  const make = (className, hidden) => {
    const span = document.createElement("span");
    span.className = className;
    if (hidden) span.setAttribute("aria-hidden", "true");
    return span;
  };
  // The number is for the eye; screen readers get the sentence beside it.
  const badge = make("site-account__badge", true);
  const unreadText = make("visually-hidden");
  badge.hidden = true;
  link.append(badge, unreadText);

  function showUnread(total) {
    badge.hidden = !total;
    badge.textContent = total ? String(total) : "";
    unreadText.textContent = total ? (link.dataset.labelUnread || "").replace("%(count)s", total) : "";
  }

  function show(data) {
    const signedIn = Boolean(data?.authenticated);
    link.classList.toggle("site-account--signed-in", signedIn);
    label.textContent = signedIn ? data.account.name : signedOutText;
    if (!signedIn) return showUnread(0);
    request("/conversations/unread").then(
      (unread) => showUnread(unread.total),
      () => showUnread(0),
    );
  }

  // Every answer about the session (this island's, or a sign-in on the account page)
  // arrives as this event.
  document.addEventListener("expo:session", (event) => show(event.detail));
  document.addEventListener("expo:unread", (event) => showUnread(event.detail.total));
  // A failed request leaves the plain link, which still leads to the account page.
  if (hintedSignedIn()) session().catch(() => {});
}
