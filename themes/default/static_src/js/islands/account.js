/**
 * Account island of /<lang>/account/: sign in, register, reset a forgotten password, and,
 * signed in, the reader's conversations (with the chat panel), meetings and favourites,
 * password change and sign-out.
 *
 * Markup (pages/account_page.html): `<div data-island="account" data-terms-version="…">`
 * with a <noscript> note and `<script type="application/json" data-strings>` blocks; the
 * terms of use are a `#terms` section of the same page, so the registration form links
 * there instead of to another page.
 *
 * Links into this page: `?verified=1|0` (the e-mail confirmation link lands here),
 * `#reset=<uid>.<token>` (the password-reset e-mail: the token stays in the fragment, out
 * of server and CDN logs, and is cleared once used), `#conversation-<id>` (new-message
 * e-mails) and `?next=<path>` (where to go back to after signing in; same origin only).
 *
 * Every refusal shows the server's translated `detail`, and its `fields` messages beside
 * the fields they are about.
 */

import engagementStyles from "theme:stylesheet/engagement";
import accountStyles from "theme:stylesheet/account";
import { lang, remember, request, session } from "./api.js";
import { createChat } from "./chat.js";
import { announce, button, checkbox, element, field, form, placeholders, readStrings, showErrors, stylesheet } from "./dom.js";

/** ISO 3166-1 alpha-2 codes the server accepts (django-countries), two letters each. */
const COUNTRY_CODES =
  "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";
const RESET = /^#reset=([\w-]+)\.([\w-]+)$/;
const CONVERSATION = /^#conversation-(\d+)$/;

function input(name, attributes = {}) {
  return element("input", { name, id: `account-${name}`, ...attributes });
}

function countrySelect(t) {
  let names = null;
  try {
    names = new Intl.DisplayNames([lang], { type: "region" });
  } catch {
    // Without DisplayNames the codes themselves are shown: still a usable list.
  }
  const options = COUNTRY_CODES.match(/../g)
    .map((code) => ({ code, name: names?.of(code) || code }))
    .sort((a, b) => a.name.localeCompare(b.name, lang));
  // The reader's browser language usually names their country ("de-AT" -> AT).
  let guess = "";
  try {
    guess = new Intl.Locale(navigator.language).maximize().region || "";
  } catch {
    // An unusual navigator.language: no guess.
  }
  return element(
    "select",
    { name: "country", id: "account-country", autocomplete: "country" },
    element("option", { value: "", text: t("chooseCountry") }),
    options.map(({ code, name }) => element("option", { value: code, selected: code === guess, text: name })),
  );
}

function timeZoneControl() {
  const current = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [];
  if (!zones.length) return input("time_zone", { value: current, maxlength: "64" });
  if (current && !zones.includes(current)) zones.push(current);
  return element(
    "select",
    { name: "time_zone", id: "account-time_zone" },
    zones.sort().map((zone) => element("option", { value: zone, selected: zone === current, text: zone.replaceAll("_", " ") })),
  );
}

/** `?next=` if it is a path on this site; anything else (another host, `//x`) is ignored. */
function nextPath() {
  const next = new URLSearchParams(location.search).get("next");
  if (!next || !next.startsWith("/") || next.startsWith("//")) return null;
  try {
    const url = new URL(next, location.origin);
    return url.origin === location.origin ? url.pathname + url.search + url.hash : null;
  } catch {
    return null;
  }
}

function section(title, ...children) {
  const heading = element("h2", { class: "section__title", text: title });
  return element("section", { class: "section account__section" }, heading, ...children);
}

function notice(text, kind = "info") {
  return element("p", { class: `account__notice account__notice--${kind}`, role: kind === "error" ? "alert" : "status", text });
}

export async function mount(root) {
  const t = readStrings(root);
  const status = element("p", { class: "visually-hidden", role: "status" });
  const view = element("div", { class: "account__view" });
  const notices = element("div", { class: "account__notices" });
  const params = new URLSearchParams(location.search);

  let who;
  try {
    [who] = await Promise.all([
      session(),
      stylesheet(engagementStyles, import.meta.url),
      stylesheet(accountStyles, import.meta.url),
    ]);
  } catch (error) {
    root.append(notice(error.unreachable ? t("accountUnavailable") : error.detail || t("error"), "error"));
    return;
  }
  root.append(notices, status, view);

  // The confirmation link lands here once: say what happened, then drop the parameter so
  // a reload or a bookmark does not say it again.
  if (params.has("verified")) {
    const ok = params.get("verified") === "1";
    notices.append(notice(ok ? t("verifiedOk") : t("verifiedBad"), ok ? "success" : "error"));
    params.delete("verified");
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? `?${query}` : "") + location.hash);
  }

  // E-mails link to #conversation-<id> (the panel of the signed-in view opens it) and to
  // #reset=… (also when this page is already open: then only the fragment changes).
  let openFromHash = () => {};
  const showReset = () => {
    const reset = RESET.exec(location.hash);
    if (!reset || notices.querySelector(".account__reset")) return false;
    const holder = resetConfirm(reset[1], reset[2]);
    notices.append(holder);
    holder.querySelector("input").focus();
    return true;
  };
  addEventListener("hashchange", () => showReset() || openFromHash());
  showReset();

  render(who);

  function signedIn(data, message) {
    remember(data);
    const next = nextPath();
    if (next) {
      location.assign(next);
      return;
    }
    render(data);
    if (message) notices.replaceChildren(notice(message, "success"));
    view.querySelector("h2")?.setAttribute("tabindex", "-1");
    view.querySelector("h2")?.focus();
  }

  function render(data) {
    view.replaceChildren(...(data.authenticated ? signedInView(data.account) : signedOutView()));
  }

  // ----- signed out -----------------------------------------------------------------------

  function signedOutView() {
    const email = input("email", { type: "email", required: true, autocomplete: "username", maxlength: "254" });
    const password = input("password", { type: "password", required: true, autocomplete: "current-password" });
    const forgot = element("details", { class: "account__forgot" }, element("summary", { text: t("forgot") }), resetRequest());
    const signIn = form(
      { class: "form account__sign-in" },
      [
        field(t("email"), email),
        field(t("password"), password),
        element("button", { type: "submit", class: "engagement-button engagement-button--primary", text: t("signIn") }),
      ],
      async (formNode) => {
        try {
          signedIn(await request("/auth/login", { method: "POST", json: { email: email.value, password: password.value } }));
        } catch (error) {
          showErrors(formNode, error, t("error"));
          if (error.code === "password_expired") {
            forgot.open = true;
            forgot.querySelector("input").value = email.value;
          }
        }
      },
    );
    return [
      element("div", { class: "account__columns" }, section(t("signIn"), signIn, forgot), section(t("register"), registration())),
    ];
  }

  function resetRequest() {
    const email = element("input", { name: "email", type: "email", required: true, autocomplete: "email" });
    return form(
      { class: "form" },
      [field(t("email"), email), element("button", { type: "submit", class: "engagement-button", text: t("sendLink") })],
      async (formNode) => {
        try {
          const answer = await request("/auth/password-reset", { method: "POST", json: { email: email.value } });
          formNode.replaceWith(notice(answer.detail, "success"));
        } catch (error) {
          showErrors(formNode, error, t("error"));
        }
      },
    );
  }

  function registration() {
    const fields = {
      email: input("email", { id: "register-email", type: "email", required: true, autocomplete: "email", maxlength: "254" }),
      password: input("password", { id: "register-password", type: "password", required: true, autocomplete: "new-password" }),
      company_name: input("company_name", { required: true, autocomplete: "organization", maxlength: "255" }),
      country: countrySelect(t),
      contact_name: input("contact_name", { autocomplete: "name", maxlength: "120" }),
      main_products: element("textarea", { name: "main_products", id: "account-main_products", rows: "2", maxlength: "2000" }),
      purchase_keywords: element("textarea", { name: "purchase_keywords", id: "account-purchase_keywords", rows: "2", maxlength: "1000" }),
      time_zone: timeZoneControl(),
    };
    const terms = checkbox(
      [t("acceptTerms", { version: root.dataset.termsVersion || "" }), " (", element("a", { href: "#terms", text: t("readTerms") }), ")"],
      { name: "accept_terms", required: true },
    );
    return form(
      { class: "form account__register" },
      [
        field(t("email"), fields.email),
        field(t("password"), fields.password),
        field(t("company"), fields.company_name),
        field(t("country"), fields.country),
        field(t("contactName"), fields.contact_name),
        field(t("mainProducts"), fields.main_products),
        field(t("purchaseKeywords"), fields.purchase_keywords, t("purchaseKeywordsHint")),
        field(t("timeZone"), fields.time_zone),
        terms,
        element("button", { type: "submit", class: "engagement-button engagement-button--primary", text: t("createAccount") }),
      ],
      async (formNode) => {
        const payload = Object.fromEntries(Object.entries(fields).map(([name, control]) => [name, control.value]));
        payload.accept_terms = terms.control.checked;
        try {
          const answer = await request("/auth/register", { method: "POST", json: payload });
          const done = notice(answer.detail, "success");
          done.tabIndex = -1;
          formNode.replaceWith(done);
          done.focus();
        } catch (error) {
          showErrors(formNode, error, t("error"));
        }
      },
    );
  }

  function resetConfirm(uid, token) {
    const password = element("input", { name: "password", type: "password", required: true, autocomplete: "new-password" });
    const holder = section(
      t("setPassword"),
      form(
        { class: "form" },
        [field(t("newPassword"), password), element("button", { type: "submit", class: "engagement-button engagement-button--primary", text: t("setPassword") })],
        async (formNode) => {
          try {
            const data = await request("/auth/password-reset/confirm", {
              method: "POST",
              json: { uid, token, password: password.value },
            });
            // The token is spent: take it out of the address bar and the history entry.
            history.replaceState(null, "", location.pathname + location.search);
            holder.remove();
            signedIn(data, t("passwordSet"));
          } catch (error) {
            showErrors(formNode, error, t("error"));
          }
        },
      ),
    );
    holder.classList.add("account__reset");
    return holder;
  }

  // ----- signed in ------------------------------------------------------------------------

  function signedInView(account) {
    const signOut = button(t("signOut"), {
      onclick: async () => {
        try {
          const data = await request("/auth/logout", { method: "POST" });
          openFromHash = () => {};
          chat.close();
          render(remember(data));
          notices.replaceChildren(notice(t("signedOut"), "success"));
        } catch (error) {
          announce(status, error.detail || t("error"));
        }
      },
    });
    const who = element(
      "div",
      { class: "account__who" },
      element("p", {}, placeholders(t("signedInAs"), { name: element("strong", { text: account.name }) }), ` (${account.email})`),
      signOut,
    );
    const parts = [who];
    if (!account.verified) parts.push(notice(t("unverified"), "error"));

    const chat = createChat({ t, status, headingLevel: 3, alwaysLive: true });
    const conversations = section(t("conversations"), chat.root);
    conversations.id = "conversations";
    parts.push(conversations);
    openFromHash = () => {
      const match = CONVERSATION.exec(location.hash);
      if (!match) return;
      chat
        .open(Number(match[1]), { focus: true })
        .then(() => conversations.scrollIntoView({ block: "start" }))
        .catch((error) => announce(status, error.detail || t("error")));
    };
    chat
      .load()
      .then(() => openFromHash())
      .catch((error) => chat.root.replaceChildren(notice(error.detail || t("error"), "error")));

    const meetings = section(t("meetings"));
    parts.push(meetings);
    import("./meeting.js")
      .then(({ meetingList }) => meetingList({ t }))
      .then((list) => meetings.append(list))
      .catch((error) => meetings.append(notice(error.detail || t("error"), "error")));

    const favourites = section(t("favourites"));
    parts.push(favourites);
    request(`/me/favourites?locale=${encodeURIComponent(lang)}`)
      .then((pages) => {
        favourites.append(
          pages.length
            ? element(
                "ul",
                { class: "account__favourites", role: "list" },
                pages.map((page) =>
                  element(
                    "li",
                    {},
                    element("a", { href: page.url, text: page.title }),
                    " ",
                    element("span", { class: "badge", text: t(page.kind) }),
                  ),
                ),
              )
            : element("p", { class: "chat__empty", text: t("noFavourites") }),
        );
      })
      .catch((error) => favourites.append(notice(error.detail || t("error"), "error")));

    parts.push(section(t("changePassword"), ...passwordChange()));
    return parts;
  }

  function passwordChange() {
    const done = notice("", "success");
    done.hidden = true;
    const current = element("input", { name: "current_password", type: "password", required: true, autocomplete: "current-password" });
    const fresh = element("input", { name: "new_password", type: "password", required: true, autocomplete: "new-password" });
    const changeForm = form(
      { class: "form" },
      [
        field(t("currentPassword"), current),
        field(t("newPassword"), fresh),
        element("button", { type: "submit", class: "engagement-button", text: t("changePassword") }),
      ],
      async (formNode) => {
        try {
          remember(
            await request("/auth/password", {
              method: "POST",
              json: { current_password: current.value, new_password: fresh.value },
            }),
          );
          formNode.reset();
          done.textContent = t("passwordChanged");
          done.hidden = false;
        } catch (error) {
          done.hidden = true;
          showErrors(formNode, error, t("error"));
        }
      },
    );
    return [changeForm, done];
  }
}
