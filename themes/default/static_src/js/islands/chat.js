/**
 * The chat panel: a reader's conversations with exhibitors (or, for an exhibitor's staff,
 * with buyers), one thread open at a time, live through the shared event stream.
 *
 * Used by the engagement island (the conversations about the booth on its page) and the
 * account island (all of them). Messages arrive as notices on the stream; the panel then
 * asks for the messages after the last one it shows (`?after=`), so a lost notice or a
 * reconnect costs a fetch, never a gap. Read receipts: a message of mine is "read" once
 * the other side's `read_by_other_side_up_to` reaches its id. The panel tells the server
 * what the reader has read only while the thread is on screen and the tab visible.
 *
 * Everything a person wrote (subjects, names, messages, file names) goes in as text.
 */

import { announceUnread, request } from "./api.js";
import { button, element, field, form, nextId, numbers, showErrors, time } from "./dom.js";
import { subscribe } from "./stream.js";

const MAX_FILES = 5;
const ACCEPT = "image/*,video/*,.pdf,.docx,.xlsx,.pptx";
/** Within this many pixels of the bottom, new messages scroll into view. */
const STICKY_BOTTOM_PX = 80;

function fileSize(bytes) {
  const units = ["B", "KB", "MB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${numbers.format(Math.round(value * 10) / 10)} ${units[unit]}`;
}

/** A file input with its own check of the count: the server refuses more, later. */
export function filesField(t) {
  const input = element("input", { type: "file", name: "files", multiple: true, accept: ACCEPT });
  const wrapper = field(t("attach"), input, t("attachHint"));
  input.addEventListener("change", () => {
    input.setCustomValidity(input.files.length > MAX_FILES ? t("tooManyFiles") : "");
  });
  return wrapper;
}

/**
 * `createChat({t, status, filter, headingLevel, alwaysLive})`: `t` translates, `status` is a
 * polite live region for short announcements, `filter(conversation)` picks which
 * conversations this panel shows, `alwaysLive` listens even while there are none.
 * Returns {root, load(), show(thread), open(id), latest(), close()}.
 */
export function createChat({ t, status, filter = () => true, headingLevel = 3, alwaysLive = false }) {
  const list = element("ul", { class: "chat__list", role: "list" });
  const empty = element("p", { class: "chat__empty", text: t("noConversations"), hidden: true });
  const title = element(`h${headingLevel}`, { class: "chat__title", tabindex: "-1", id: nextId("chat") });
  const meta = element("p", { class: "chat__meta" });
  const back = button(t("back"), { class: "engagement-button engagement-button--quiet chat__back" });
  const earlier = button(t("earlier"), { class: "engagement-button engagement-button--quiet", hidden: true });
  // A log (implicitly a polite live region): new messages are read out as they arrive.
  const log = element("div", {
    class: "chat__messages",
    role: "log",
    "aria-live": "polite",
    "aria-relevant": "additions",
    "aria-labelledby": title.id,
    tabindex: "0",
  });
  const closedNote = element("p", { class: "chat__closed", text: t("closed"), hidden: true });
  const body = element("textarea", { name: "body", rows: "3", required: true, maxlength: "5000" });
  const files = filesField(t);
  const composer = form(
    { class: "form chat__form" },
    [
      field(t("yourMessage"), body),
      files,
      element("button", { type: "submit", class: "engagement-button engagement-button--primary", text: t("send") }),
    ],
    send,
  );
  const thread = element(
    "section",
    { class: "chat__thread", hidden: true, "aria-labelledby": title.id },
    element("header", { class: "chat__header" }, back, title, meta),
    earlier,
    log,
    closedNote,
    composer,
  );
  const root = element("div", { class: "chat" }, empty, list, thread);

  const conversations = new Map(); // id -> ConversationOut
  let current = null; // {conversation, items: Map(id -> li), lastId, theirsUpTo, readBy, olderBefore}
  let fetching = null;
  let fetchAgain = false;
  let visible = false;
  let unsubscribe = null;
  const listen = () => {
    unsubscribe ||= subscribe(onEvent);
  };

  // ----- the list ---------------------------------------------------------------------

  const otherSide = (c) => (c.role === "exhibitor" ? c.buyer : c.exhibitor);

  function renderList() {
    const rows = [...conversations.values()].sort((a, b) =>
      b.last_message_at.localeCompare(a.last_message_at),
    );
    list.replaceChildren(
      ...rows.map((c) =>
        element(
          "li",
          { class: "chat__item" },
          element(
            "a",
            {
              class: "chat__link",
              href: `#conversation-${c.id}`,
              "aria-current": current?.conversation.id === c.id ? "true" : false,
              onclick: (event) => {
                event.preventDefault();
                open(c.id, { focus: true });
              },
            },
            element("span", { class: "chat__subject", text: c.subject }),
            element("span", { class: "chat__with", text: otherSide(c) }),
            time(c.last_message_at),
            c.unread
              ? element("span", { class: "chat__unread", text: t("unread", { count: numbers.format(c.unread) }) })
              : null,
          ),
        ),
      ),
    );
    empty.hidden = rows.length > 0;
    // One conversation, open: the list would only repeat its title, and "back" lead there.
    list.hidden = rows.length === 0 || (rows.length === 1 && current !== null);
    back.hidden = rows.length < 2;
  }

  async function load() {
    const rows = await request("/conversations");
    conversations.clear();
    for (const c of rows.filter(filter)) conversations.set(c.id, c);
    renderList();
    // A stream holds a server thread: only panels with something to update open one (and
    // the account page, where a first inquiry may arrive for the exhibitor's staff).
    if (conversations.size || alwaysLive) listen();
    return conversations.size;
  }

  // ----- one thread -------------------------------------------------------------------

  function renderMessage(message) {
    const mine = message.mine;
    const receipt = mine ? element("span", { class: "chat-message__receipt" }) : null;
    const item = element(
      "div",
      {
        class: `chat-message chat-message--${mine ? "mine" : "theirs"}${message.by_exhibitor ? " chat-message--exhibitor" : ""}`,
        "data-id": message.id,
      },
      element(
        "p",
        { class: "chat-message__meta" },
        element("span", { class: "chat-message__sender", text: mine ? t("you") : message.sender }),
        " ",
        time(message.created_at),
      ),
      element("p", { class: "chat-message__body", text: message.body }),
      message.attachments.length
        ? element(
            "ul",
            { class: "chat-message__files", role: "list" },
            message.attachments.map((file) =>
              element(
                "li",
                {},
                element("a", { href: file.url, download: file.name, text: file.name }),
                ` (${fileSize(file.size)})`,
              ),
            ),
          )
        : null,
      message.status === "held" ? element("p", { class: "engagement-held", text: t("held") }) : null,
      receipt,
    );
    item.receipt = receipt;
    item.held = message.status === "held";
    return item;
  }

  function updateReceipts() {
    for (const [id, item] of current.items) {
      if (!item.receipt || item.held) continue;
      const read = id <= current.readBy;
      item.receipt.textContent = read ? t("read") : t("sent");
      item.classList.toggle("chat-message--read", read);
    }
  }

  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < STICKY_BOTTOM_PX;
  }

  /**
   * Adds the messages the thread does not show yet, each in its place by id: an event may
   * bring the other side's answer before the sender's own POST has returned.
   */
  function add(messages, { older = false } = {}) {
    const stick = nearBottom();
    const height = log.scrollHeight;
    const fresh = messages.filter((m) => !current.items.has(m.id));
    for (const m of fresh) {
      const node = renderMessage(m);
      const next = [...log.children].find((other) => Number(other.dataset.id) > m.id);
      log.insertBefore(node, next || null);
      current.items.set(m.id, node);
      current.lastId = Math.max(current.lastId, m.id);
      if (!m.mine && m.status !== "held") current.theirsUpTo = Math.max(current.theirsUpTo, m.id);
    }
    if (older) log.scrollTop += log.scrollHeight - height; // keep the reader's place
    else if (stick || fresh.some((m) => m.mine)) log.scrollTop = log.scrollHeight;
    updateReceipts();
    markRead();
    return fresh;
  }

  function show(data, { focus = false } = {}) {
    const c = data.conversation;
    conversations.set(c.id, c);
    listen();
    current = {
      conversation: c,
      items: new Map(),
      lastId: 0,
      theirsUpTo: 0,
      marked: c.unread ? 0 : Number.MAX_SAFE_INTEGER,
      readBy: data.read_by_other_side_up_to,
      olderBefore: data.older_before,
    };
    title.textContent = c.subject;
    const about = c.exhibit_url || c.booth_url;
    meta.replaceChildren(
      element("span", { text: t("with", { name: otherSide(c) }) }),
      about ? " · " : null,
      about ? element("a", { href: about, text: c.exhibit_title || c.booth_title }) : null,
    );
    log.replaceChildren();
    thread.hidden = false;
    earlier.hidden = !data.older_before;
    const isClosed = c.status !== "open";
    closedNote.hidden = !isClosed;
    composer.hidden = isClosed;
    add(data.messages);
    if (current.marked === Number.MAX_SAFE_INTEGER) current.marked = current.theirsUpTo;
    log.scrollTop = log.scrollHeight;
    renderList();
    if (focus) title.focus();
    markRead();
  }

  async function open(id, options = {}) {
    const data = await request(`/conversations/${id}`);
    show(data, options);
  }

  async function send(formNode) {
    if (!current) return;
    const chosen = formNode.elements.namedItem("files");
    if (chosen.files.length > MAX_FILES) {
      showErrors(formNode, { fields: { files: [t("tooManyFiles")] }, detail: t("tooManyFiles") }, t("error"));
      return;
    }
    try {
      const message = await request(`/conversations/${current.conversation.id}/messages`, {
        method: "POST",
        form: new FormData(formNode),
      });
      add([message]);
      formNode.reset();
      body.focus(); // write on at once
      if (message.status === "held") status.textContent = t("held");
    } catch (error) {
      showErrors(formNode, error, t("error"));
      if (error.code === "closed") {
        composer.hidden = true;
        closedNote.hidden = false;
      }
    }
  }

  /** The messages after the last one shown; one request at a time, repeated if asked. */
  async function catchUp() {
    if (!current) return;
    if (fetching) {
      fetchAgain = true;
      return;
    }
    const id = current.conversation.id;
    fetching = request(`/conversations/${id}?after=${current.lastId}`);
    try {
      const data = await fetching;
      if (current?.conversation.id === id) {
        current.readBy = Math.max(current.readBy, data.read_by_other_side_up_to);
        add(data.messages);
      }
    } catch (error) {
      console.error("chat: could not fetch new messages", error);
    } finally {
      fetching = null;
      if (fetchAgain) {
        fetchAgain = false;
        catchUp();
      }
    }
  }

  async function markRead() {
    if (!current || !visible || document.visibilityState !== "visible") return;
    const upTo = current.theirsUpTo;
    if (upTo <= current.marked) return;
    current.marked = upTo;
    const c = current.conversation;
    c.unread = 0;
    renderList();
    try {
      const result = await request(`/conversations/${c.id}/read`, { method: "POST", json: { up_to: upTo } });
      announceUnread(result.total);
    } catch (error) {
      current.marked = 0; // try again on the next occasion
      console.error("chat: could not mark as read", error);
    }
  }

  function onEvent(type, data) {
    if (type === "reconnect") {
      catchUp();
      load().catch(() => {});
      return;
    }
    const c = conversations.get(data.conversation);
    const isCurrent = current?.conversation.id === data.conversation;
    if (type === "message") {
      if (isCurrent) catchUp();
      else if (c) {
        c.unread += data.status === "held" ? 0 : 1;
        renderList();
      } else {
        load().catch(() => {}); // a new conversation (a buyer's first inquiry, for staff)
      }
    } else if (type === "read" && c) {
      const mySide = c.role === "exhibitor";
      if (data.by_exhibitor === mySide) {
        // I read it in another tab.
        c.unread = 0;
        renderList();
      } else if (isCurrent) {
        current.readBy = Math.max(current.readBy, data.up_to);
        updateReceipts();
      }
    }
  }

  back.addEventListener("click", () => {
    const id = current?.conversation.id;
    thread.hidden = true;
    current = null;
    renderList();
    list.hidden = false;
    list.querySelector(`a[href="#conversation-${id}"]`)?.focus();
  });

  earlier.addEventListener("click", async () => {
    const id = current.conversation.id;
    try {
      const data = await request(`/conversations/${id}?before=${current.olderBefore}`);
      if (current?.conversation.id !== id) return;
      current.olderBefore = data.older_before;
      earlier.hidden = !data.older_before;
      add(data.messages, { older: true });
    } catch (error) {
      status.textContent = error.detail || t("error");
    }
  });

  if ("IntersectionObserver" in window) {
    new IntersectionObserver((entries) => {
      visible = entries.some((entry) => entry.isIntersecting);
      markRead();
    }).observe(log);
  } else {
    visible = true;
  }
  document.addEventListener("visibilitychange", () => markRead());

  return {
    root,
    load,
    show,
    open,
    /** Stops listening (the reader signed out). */
    close() {
      unsubscribe?.();
      unsubscribe = null;
    },
    /** The id of the most recently active conversation. */
    latest() {
      return [...conversations.values()].sort((a, b) => b.last_message_at.localeCompare(a.last_message_at))[0]?.id;
    },
  };
}
