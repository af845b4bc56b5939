/**
 * Small DOM helpers the engagement and account islands share. No framework: the widgets
 * are a few forms and lists, and building them with `element()` keeps every piece of user
 * text a text node (`text:` sets textContent; nothing here ever assigns innerHTML).
 */

import { lang } from "./api.js";

let uid = 0;
/** A document-unique id for label/field and aria-* pairs. */
export const nextId = (prefix) => `${prefix}-${++uid}`;

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.flat().filter((child) => child != null && child !== false));
  return node;
}

/**
 * The translated strings of an island: every `<script type="application/json"
 * data-strings>` inside it (the templates write them with `_()`), merged.
 */
export function readStrings(root) {
  const strings = {};
  for (const script of root.querySelectorAll("script[data-strings]")) {
    try {
      Object.assign(strings, JSON.parse(script.textContent));
    } catch (error) {
      console.error("island strings are not valid JSON", error);
    }
  }
  return (key, values) => {
    let text = strings[key] ?? key;
    for (const [name, value] of Object.entries(values || {})) {
      text = text.replaceAll(`%(${name})s`, String(value));
    }
    return text;
  };
}

/**
 * A translated sentence with nodes in place of its `%(name)s` placeholders, wherever the
 * translation puts them ("Signed in as %(name)s" with the name in <strong>).
 */
export function placeholders(text, nodes) {
  const parts = [];
  let rest = text;
  for (const match of text.matchAll(/%\((\w+)\)s/g)) {
    const [before] = rest.split(match[0], 1);
    parts.push(before, nodes[match[1]] ?? match[0]);
    rest = rest.slice(before.length + match[0].length);
  }
  parts.push(rest);
  return parts.filter((part) => part !== "");
}

const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
export const numbers = new Intl.NumberFormat(lang);

export function time(iso) {
  const date = new Date(iso);
  return element("time", { datetime: date.toISOString(), text: dateTime.format(date) });
}

/** Adds the island's own style sheet (built by `theme:stylesheet/<name>`) once. */
export function stylesheet(href, base) {
  const url = new URL(href, base).href;
  const known = [...document.styleSheets].some((sheet) => sheet.href === url);
  if (known || document.querySelector(`link[href="${url}"]`)) return Promise.resolve();
  return new Promise((resolve) => {
    const link = element("link", { rel: "stylesheet", href: url });
    // A style sheet that fails to load leaves plain but working widgets.
    link.onload = link.onerror = () => resolve();
    document.head.append(link);
  });
}

/** A labelled form field; `input` is the control, `error` the place for its messages. */
export function field(label, control, hint) {
  control.id ||= nextId("f");
  const error = element("p", { class: "form-field__error", id: `${control.id}-error`, hidden: true });
  const hintNode = hint ? element("p", { class: "form-field__hint", id: `${control.id}-hint`, text: hint }) : null;
  if (hintNode) control.setAttribute("aria-describedby", hintNode.id);
  const wrapper = element(
    "div",
    { class: "form-field" },
    element("label", { for: control.id, text: label }),
    control,
    hintNode,
    error,
  );
  wrapper.control = control;
  return wrapper;
}

/** A checkbox with its label after it. */
export function checkbox(label, attributes) {
  const control = element("input", { type: "checkbox", id: nextId("f"), ...attributes });
  const error = element("p", { class: "form-field__error", id: `${control.id}-error`, hidden: true });
  const wrapper = element(
    "div",
    { class: "form-field form-field--check" },
    control,
    element("label", { for: control.id }, label),
    error,
  );
  wrapper.control = control;
  return wrapper;
}

/**
 * A form whose submit runs `action(form)`; while it runs the submit button is disabled.
 * Its errors: `showErrors(form, error, fallback)` puts the server's `fields` messages
 * beside the fields (by name) and `detail` in the form's own message area.
 */
export function form(attributes, children, action) {
  const message = element("p", { class: "form__message", role: "alert", hidden: true });
  const node = element("form", { class: "form", ...attributes }, children, message);
  node.message = message;
  node.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(node);
    const buttons = node.querySelectorAll("button[type=submit]");
    const focused = document.activeElement;
    for (const button of buttons) button.disabled = true;
    node.setAttribute("aria-busy", "true");
    try {
      await action(node);
    } finally {
      node.removeAttribute("aria-busy");
      for (const button of buttons) button.disabled = false;
      // A disabled button drops the focus to <body>: give it back unless the action moved
      // it on purpose (to an error, a new message, the next step).
      const lost = !document.activeElement || document.activeElement === document.body;
      if (lost && focused?.isConnected && node.isConnected) focused.focus();
    }
  });
  return node;
}

export function clearErrors(formNode) {
  for (const error of formNode.querySelectorAll(".form-field__error")) {
    error.hidden = true;
    error.textContent = "";
  }
  for (const control of formNode.querySelectorAll("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
    const described = (control.getAttribute("aria-describedby") || "")
      .split(" ")
      .filter((id) => id && id !== `${control.id}-error`);
    if (described.length) control.setAttribute("aria-describedby", described.join(" "));
    else control.removeAttribute("aria-describedby");
  }
  formNode.message.hidden = true;
  formNode.message.textContent = "";
}

/** The field a server message is about: `fields` keys are names, maybe dotted ("form.body"). */
function controlFor(formNode, name) {
  const candidates = [name, name.split(".").at(-1)];
  for (const candidate of candidates) {
    const control = formNode.elements.namedItem(candidate);
    if (control) return control.length && !control.tagName ? control[0] : control;
  }
  return null;
}

export function showErrors(formNode, error, fallback) {
  let first = null;
  let placedAll = true;
  for (const [name, messages] of Object.entries(error.fields || {})) {
    const control = controlFor(formNode, name);
    const holder = control && formNode.querySelector(`#${CSS.escape(control.id)}-error`);
    if (!holder) {
      placedAll = false;
      continue;
    }
    holder.textContent = messages.join(" ");
    holder.hidden = false;
    control.setAttribute("aria-invalid", "true");
    const described = control.getAttribute("aria-describedby");
    control.setAttribute("aria-describedby", [described, holder.id].filter(Boolean).join(" "));
    first ||= control;
  }
  // The detail says what went wrong as a whole; beside one field it would repeat that
  // field's message, so it goes to the form's area unless every message found its field
  // and says the same.
  const detail = error.unreachable ? fallback : error.detail || fallback;
  const repeated = first && placedAll && Object.values(error.fields || {}).flat().includes(detail);
  if (!repeated) {
    formNode.message.textContent = detail;
    formNode.message.hidden = false;
  }
  // The first field to fix gets the focus; a message for the whole form is an alert, read
  // out where the reader is.
  first?.focus();
}

export function button(text, attributes = {}) {
  return element("button", { type: "button", class: "engagement-button", text, ...attributes });
}

/** Says `text` through the island's polite live region. */
export function announce(region, text) {
  region.textContent = "";
  // A fresh text node in a later task, so that the same sentence twice is read twice.
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}
