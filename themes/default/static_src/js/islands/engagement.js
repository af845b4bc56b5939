/**
 * Engagement island of booth and exhibit pages: likes and favourites with live counts,
 * comments, the inquiry form, the chat with the exhibitor and the meeting request.
 *
 * Markup (components/engagement.html, docs/theme.md): `<section data-island="engagement"
 * data-target="booth|exhibit:<page id>" data-account="/<lang>/account/"
 * data-booth-url="<the booth's path>" data-show-zone="Asia/Shanghai">` with its heading,
 * a static note (what readers without JavaScript keep) and `<script type="application/json"
 * data-strings>` blocks of translated strings.
 *
 * The static page is complete without any of this: when the API cannot be reached
 * (network error, 5xx, time-out) the note becomes a short "unavailable" notice and the
 * rest of the page is untouched. Comments and other people's text are inserted as text.
 */

import stylesheetHref from "theme:stylesheet/engagement";
import { ApiError, request, session } from "./api.js";
import { createChat, filesField } from "./chat.js";
import { announce, button, element, field, form, nextId, numbers, readStrings, showErrors, stylesheet, time } from "./dom.js";

const samePath = (a, b) => a && b && new URL(a, location.href).pathname === new URL(b, location.href).pathname;

export async function mount(root) {
  const t = readStrings(root);
  const [, id] = (root.dataset.target || "").split(":");
  const pageId = Number(id);
  if (!pageId) throw new Error("engagement island without data-target");
  const note = root.querySelector(".engagement__note");
  const signInUrl = `${root.dataset.account}?next=${encodeURIComponent(location.pathname)}`;

  const [counts, who] = await Promise.all([
    request(`/pages/${pageId}/counts`),
    session().catch(() => ({ authenticated: false })),
  ]).catch((error) => {
    if (!(error instanceof ApiError) || error.unreachable) unavailable(root, note, t);
    else if (note) note.hidden = true; // not on show (a preview): nothing to engage with
    return [null];
  });
  if (!counts) return;
  await stylesheet(stylesheetHref, import.meta.url);

  const account = who.authenticated ? who.account : null;
  const canWrite = Boolean(account?.verified);
  const status = element("p", { class: "visually-hidden", role: "status" });
  const body = element("div", { class: "engagement__body" }, status);
  if (note) note.replaceWith(body);
  else root.append(body);

  // ----- likes and favourites ---------------------------------------------------------

  const toolbar = element("div", { class: "engagement__reactions" });
  const alert = element("p", { class: "form__message", role: "alert", hidden: true });
  const reactions = {};
  for (const [name, flag, total] of [
    ["like", "liked", "likes"],
    ["favourite", "favourited", "favourites"],
  ]) {
    const count = element("span", { class: "reaction__count", text: numbers.format(counts[total]) });
    // Signed out: the counts alone (the sign-in link below says how to take part).
    const toggle = account
      ? button("", {
          class: `reaction reaction--${name}`,
          "aria-pressed": String(counts[flag]),
          onclick: () => react(name, flag, total),
        })
      : element("span", { class: `reaction reaction--${name} reaction--static` });
    toggle.append(
      element("span", { class: "reaction__icon", "aria-hidden": "true" }),
      element("span", { text: t(account ? name : total) }),
      " ",
      count,
    );
    reactions[name] = { toggle, count };
    toolbar.append(toggle);
  }
  body.append(toolbar, alert);

  const commentsTitle = element("h3", { id: nextId("comments") }, t("comments"), " ");
  const commentCount = element("span", { class: "engagement__count", text: `(${numbers.format(counts.comments)})` });
  commentsTitle.append(commentCount);

  const show = (next) => {
    Object.assign(counts, next);
    for (const [name, flag, total] of [
      ["like", "liked", "likes"],
      ["favourite", "favourited", "favourites"],
    ]) {
      reactions[name].count.textContent = numbers.format(counts[total]);
      if (account) reactions[name].toggle.setAttribute("aria-pressed", String(counts[flag]));
    }
    commentCount.textContent = `(${numbers.format(counts.comments)})`;
  };

  async function react(name, flag, total) {
    const on = !counts[flag];
    const before = { ...counts };
    // Optimistic: the button answers at once; the server's counts replace the guess. Presses
    // while a request runs are ignored, so two cannot cross on the way (not `disabled`: that
    // would throw the keyboard focus off the button).
    const { toggle } = reactions[name];
    if (toggle.getAttribute("aria-busy")) return;
    toggle.setAttribute("aria-busy", "true");
    alert.hidden = true;
    show({ [flag]: on, [total]: counts[total] + (on ? 1 : -1) });
    try {
      show(await request(`/pages/${pageId}/${name}`, { method: on ? "PUT" : "DELETE" }));
    } catch (error) {
      show(before);
      alert.textContent = error.unreachable ? t("unavailable") : error.detail || t("error");
      alert.hidden = false;
    } finally {
      toggle.removeAttribute("aria-busy");
    }
  }

  if (!account) {
    body.append(element("p", { class: "engagement__signin" }, element("a", { href: signInUrl, text: t("signInPrompt") })));
  } else if (!account.verified) {
    body.append(element("p", { class: "engagement__signin" }, element("a", { href: root.dataset.account, text: t("unverified") })));
  }

  // ----- inquiry, chat, meeting ---------------------------------------------------------

  if (canWrite) {
    const contact = element("div", { class: "engagement__contact" });
    body.append(contact);
    let staffHere = false;
    const chat = createChat({
      t,
      status,
      filter: (c) => {
        const here = samePath(c.booth_url, root.dataset.boothUrl);
        staffHere ||= here && c.role === "exhibitor";
        return here;
      },
    });
    chat.root.hidden = true;
    contact.append(chat.root);
    let conversations = 0;
    try {
      conversations = await chat.load();
    } catch (error) {
      console.error("engagement: conversations unavailable", error);
    }
    if (conversations) {
      chat.root.hidden = false;
      // Usually a buyer has one conversation with a booth: open it (without moving focus).
      if (conversations === 1) chat.open(chat.latest()).catch(() => {});
    }
    // The exhibitor's own staff answer here; they neither inquire nor book themselves.
    const ownBooth =
      staffHere || (counts.exhibitor_id != null && account.exhibitors.includes(counts.exhibitor_id));
    if (!ownBooth) {
      contact.append(disclosure(t("inquiry"), () => inquiryForm(chat)));
      if (counts.exhibitor_id != null) {
        const { meetingForm } = await import("./meeting.js");
        contact.append(
          disclosure(t("requestMeeting"), (close) =>
            meetingForm({
              t,
              showZone: root.dataset.showZone,
              exhibitorId: counts.exhibitor_id,
              done: () => {
                close();
                announce(status, t("meetingSent"));
              },
            }),
          ),
        );
      }
    }
  }

  function inquiryForm(chat) {
    const subject = element("input", { name: "subject", required: true, maxlength: "200" });
    const message = element("textarea", { name: "body", rows: "5", required: true, maxlength: "5000" });
    return form(
      { class: "form engagement__inquiry" },
      [
        field(t("subject"), subject),
        field(t("message"), message),
        filesField(t),
        element("button", { type: "submit", class: "engagement-button engagement-button--primary", text: t("sendInquiry") }),
      ],
      async (formNode) => {
        if (formNode.elements.namedItem("files").files.length > 5) {
          showErrors(formNode, { fields: { files: [t("tooManyFiles")] } }, t("tooManyFiles"));
          return;
        }
        try {
          const thread = await request(`/pages/${pageId}/inquiries`, { method: "POST", form: new FormData(formNode) });
          formNode.reset();
          formNode.closest(".disclosure").close();
          chat.root.hidden = false;
          chat.show(thread, { focus: true });
          announce(status, t("inquirySent"));
        } catch (error) {
          showErrors(formNode, error, error.unreachable ? t("unavailable") : t("error"));
        }
      },
    );
  }

  // ----- comments -----------------------------------------------------------------------

  const list = element("ol", { class: "comments", role: "list" });
  const emptyNote = element("p", { class: "comments__empty", text: t("noComments"), hidden: true });
  const older = button(t("olderComments"), { class: "engagement-button engagement-button--quiet", hidden: true });
  const comments = element("section", { class: "engagement__comments", "aria-labelledby": commentsTitle.id }, commentsTitle);
  body.append(comments);
  let nextBefore = null;

  const refreshCounts = () => request(`/pages/${pageId}/counts`).then(show, () => {});

  function commentForm(parentId, onPosted) {
    const text = element("textarea", { name: "body", rows: parentId ? "2" : "3", required: true, maxlength: "2000" });
    return form(
      { class: "form comments__form" },
      [
        field(parentId ? t("yourReply") : t("yourComment"), text),
        element("button", { type: "submit", class: "engagement-button engagement-button--primary", text: parentId ? t("postReply") : t("postComment") }),
      ],
      async (formNode) => {
        try {
          const comment = await request(`/pages/${pageId}/comments`, {
            method: "POST",
            json: { body: text.value, parent_id: parentId },
          });
          formNode.reset();
          onPosted(comment);
          announce(status, comment.status === "held" ? t("heldNote") : t("posted"));
          refreshCounts();
        } catch (error) {
          showErrors(formNode, error, error.unreachable ? t("unavailable") : t("error"));
        }
      },
    );
  }

  function renderComment(comment, parent = null) {
    const replies = element("ol", { class: "comments comments--replies", role: "list" });
    const actions = element("div", { class: "comment__actions" });
    const item = element(
      "li",
      { class: `comment${comment.by_exhibitor ? " comment--exhibitor" : ""}`, id: `comment-${comment.id}`, tabindex: "-1" },
      element(
        "article",
        {},
        element(
          "p",
          { class: "comment__meta" },
          element("strong", { class: "comment__author", text: comment.author }),
          comment.by_exhibitor ? element("span", { class: "badge badge--exhibitor", text: t("exhibitor") }) : null,
          time(comment.created_at),
        ),
        element("p", { class: "comment__body", text: comment.body }),
        comment.status === "held" ? element("p", { class: "engagement-held", text: t("held") }) : null,
        actions,
      ),
      parent ? null : replies,
    );
    if (canWrite && !parent && comment.status === "published") {
      const reply = button(t("reply"), {
        class: "engagement-button engagement-button--quiet",
        "aria-expanded": "false",
        onclick: () => {
          const open = item.querySelector(":scope > article > .comments__form");
          if (open) {
            open.remove();
            reply.setAttribute("aria-expanded", "false");
            return;
          }
          const replyForm = commentForm(comment.id, (posted) => {
            replies.append(renderComment(posted, comment));
            replyForm.remove();
            reply.setAttribute("aria-expanded", "false");
            reply.focus();
          });
          actions.after(replyForm);
          reply.setAttribute("aria-expanded", "true");
          replyForm.querySelector("textarea").focus();
        },
      });
      actions.append(reply);
    }
    if (comment.mine) {
      actions.append(
        button(t("withdraw"), {
          class: "engagement-button engagement-button--quiet",
          onclick: async (event) => {
            if (!confirm(t("withdrawConfirm"))) return;
            const pressed = event.currentTarget;
            pressed.disabled = true;
            try {
              await request(`/comments/${comment.id}`, { method: "DELETE" });
              const next = item.nextElementSibling || item.previousElementSibling;
              item.remove();
              emptyNote.hidden = list.childElementCount > 0;
              (next || commentsTitle).focus?.();
              announce(status, t("withdrawn"));
              refreshCounts();
            } catch (error) {
              pressed.disabled = false;
              alert.textContent = error.detail || t("error");
              alert.hidden = false;
            }
          },
        }),
      );
    }
    replies.append(...(comment.replies || []).map((reply) => renderComment(reply, comment)));
    return item;
  }

  async function loadComments(before) {
    const page = await request(`/pages/${pageId}/comments${before ? `?before=${before}` : ""}`);
    const items = page.comments.map((comment) => renderComment(comment));
    list.append(...items);
    nextBefore = page.next_before;
    older.hidden = !nextBefore;
    emptyNote.hidden = list.childElementCount > 0;
    return items;
  }

  older.addEventListener("click", async () => {
    older.disabled = true;
    try {
      const items = await loadComments(nextBefore);
      items[0]?.focus(); // go on reading where the new ones begin
    } catch (error) {
      alert.textContent = error.unreachable ? t("unavailable") : error.detail || t("error");
      alert.hidden = false;
    } finally {
      older.disabled = false;
    }
  });

  if (canWrite) {
    comments.append(
      commentForm(null, (comment) => {
        list.prepend(renderComment(comment));
        emptyNote.hidden = true;
      }),
    );
  }
  comments.append(emptyNote, list, older);
  try {
    await loadComments();
  } catch (error) {
    emptyNote.hidden = false;
    emptyNote.textContent = error.unreachable ? t("unavailable") : error.detail || t("error");
  }
}

/** The static note becomes the "unavailable" notice; nothing else on the page changes. */
function unavailable(root, note, t) {
  const notice = note || root.appendChild(element("p"));
  notice.className = "engagement__note engagement__note--unavailable";
  notice.setAttribute("role", "status");
  notice.textContent = t("unavailable");
}

/** A button that opens and closes a panel built on first use (`build(close)`). */
function disclosure(label, build) {
  const holder = element("div", { class: "disclosure" });
  const panel = element("div", { class: "disclosure__panel", id: nextId("panel"), hidden: true });
  const toggle = button(label, {
    class: "engagement-button",
    "aria-expanded": "false",
    "aria-controls": panel.id,
  });
  const close = () => {
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
  };
  holder.close = close;
  toggle.addEventListener("click", () => {
    const opening = panel.hidden;
    if (opening && !panel.firstChild) panel.append(build(close));
    panel.hidden = !opening;
    toggle.setAttribute("aria-expanded", String(opening));
    if (opening) panel.querySelector("input, textarea, select")?.focus();
  });
  holder.append(toggle, panel);
  return holder;
}
