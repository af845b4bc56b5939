/**
 * Video meetings (engagement/api/meetings.py): the request form of a booth page and the
 * list of the reader's meetings on the account page.
 *
 * The reader picks a time on their own clock (`<input type="datetime-local">`, in the zone
 * Intl reports); beside it the same instant at the show (its zone, Asia/Shanghai by
 * default, comes from the page), since the exhibitor's staff are there. The request sends
 * UTC instants and the reader's zone; the server checks the rules (in the future, 10 min
 * to 4 h, while the show is open, the exhibitor free) and says what is wrong in the
 * reader's language.
 */

import { lang, request } from "./api.js";
import { button, element, field, form, showErrors } from "./dom.js";

const DURATIONS = [15, 30, 45, 60, 90, 120];
const DEFAULT_DURATION = 30;
const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

function inZone(date, zone) {
  return new Intl.DateTimeFormat(lang, {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

/** `datetime-local` value of a Date, in the reader's own zone. */
function localValue(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The request form. `exhibitorId` is the exhibitor behind the page, `conversationId` the
 * inquiry it follows if any; `done(meeting)` runs after the server took it.
 */
export function meetingForm({ t, showZone, exhibitorId, conversationId = null, done }) {
  // Tomorrow at the next full hour: a time that passes the server's "in the future" rule.
  const start = new Date(Date.now() + 24 * 3600 * 1000);
  start.setMinutes(0, 0, 0);
  // `step` counts from `min`: a minimum at midnight keeps the steps on quarter hours.
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  const when = element("input", {
    type: "datetime-local",
    name: "starts_at",
    required: true,
    min: localValue(today),
    step: "900",
    value: localValue(start),
  });
  // Named after the field the server checks the length on, so that its message ("at least
  // 10 minutes") shows beside this control.
  const duration = element(
    "select",
    { name: "ends_at" },
    DURATIONS.map((minutes) =>
      element("option", { value: minutes, selected: minutes === DEFAULT_DURATION, text: t("minutes", { count: minutes }) }),
    ),
  );
  const showTime = element("p", { class: "form-field__hint meeting__show-time", "aria-live": "polite" });
  const update = () => {
    const date = new Date(when.value);
    showTime.textContent = Number.isNaN(date.getTime())
      ? ""
      : t("showTime", { zone: showZone, time: inZone(date, showZone) });
  };
  when.addEventListener("input", update);
  update();
  const topic = element("input", { name: "title", required: true, maxlength: "200", value: t("meetingTitle") });
  const agenda = element("textarea", { name: "agenda", rows: "3", maxlength: "2000" });
  const whenField = field(t("when"), when, t("yourZone", { zone: readerZone }));
  whenField.querySelector(".form-field__hint").after(showTime);

  return form(
    { class: "form meeting__form" },
    [
      field(t("topic"), topic),
      whenField,
      field(t("duration"), duration),
      field(t("agenda"), agenda),
      element("button", { type: "submit", class: "engagement-button engagement-button--primary", text: t("requestMeeting") }),
    ],
    async (formNode) => {
      const starts = new Date(when.value);
      if (Number.isNaN(starts.getTime())) {
        showErrors(formNode, { fields: { starts_at: [t("when")] } }, t("error"));
        return;
      }
      const ends = new Date(starts.getTime() + Number(duration.value) * 60_000);
      try {
        const meeting = await request("/meetings", {
          method: "POST",
          json: {
            exhibitor_id: exhibitorId,
            title: topic.value,
            agenda: agenda.value,
            starts_at: starts.toISOString(),
            ends_at: ends.toISOString(),
            time_zone: readerZone,
            conversation_id: conversationId,
          },
        });
        done(meeting);
      } catch (error) {
        showErrors(formNode, error, t("error"));
      }
    },
  );
}

const ACTIONS = ["accept", "decline", "cancel"];

/** One meeting as the account page lists it, with what the reader may do now. */
export function meetingItem(meeting, { t, replace }) {
  const starts = new Date(meeting.starts_at);
  const ends = new Date(meeting.ends_at);
  const local = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  const end = new Intl.DateTimeFormat(lang, { timeStyle: "short" });
  const actions = element("div", { class: "meeting__actions" });
  // The link may be one the exhibitor pasted (another meeting service): web links only.
  if (/^https?:\/\//i.test(meeting.join_url) && meeting.status === "accepted") {
    actions.append(
      element("a", {
        class: "engagement-button engagement-button--primary",
        href: meeting.join_url,
        target: "_blank",
        rel: "noopener",
        text: t("join"),
      }),
    );
  }
  for (const action of ACTIONS.filter((name) => meeting.actions.includes(name))) {
    actions.append(
      button(t(`meeting_${action}`), {
        onclick: async (event) => {
          const pressed = event.currentTarget;
          pressed.disabled = true;
          try {
            const changed = await request(`/meetings/${meeting.id}/${action}?tz=${encodeURIComponent(readerZone)}`, {
              method: "POST",
              json: {},
            });
            replace(changed);
          } catch (error) {
            pressed.disabled = false;
            actions.append(element("p", { class: "form__message", role: "alert", text: error.detail || t("error") }));
          }
        },
      }),
    );
  }
  if (meeting.status === "requested" || meeting.status === "accepted") {
    actions.append(element("a", { class: "engagement-button", href: `/api/v1/meetings/${meeting.id}.ics`, download: "", text: t("calendar") }));
  }
  return element(
    "li",
    { class: `meeting meeting--${meeting.status}`, id: `meeting-${meeting.id}` },
    element("p", { class: "meeting__title" }, element("strong", { text: meeting.title }), " · ", element("span", { text: meeting.exhibitor_name })),
    element(
      "p",
      { class: "meeting__when" },
      element("time", { datetime: meeting.starts_at, text: `${local.format(starts)}–${end.format(ends)}` }),
      ` (${readerZone})`,
    ),
    element("p", { class: "form-field__hint", text: t("showTime", { zone: meeting.show_time_zone, time: inZone(starts, meeting.show_time_zone) }) }),
    element("p", { class: "meeting__status" }, element("span", { class: "badge", text: t(`status_${meeting.status}`) })),
    meeting.agenda ? element("p", { class: "meeting__agenda", text: meeting.agenda }) : null,
    actions,
  );
}

/** The account page's list: the reader's meetings that have not ended. */
export async function meetingList({ t }) {
  const holder = element("ul", { class: "meetings", role: "list" });
  const meetings = await request(`/meetings?upcoming=true&tz=${encodeURIComponent(readerZone)}`);
  const replace = (changed) => {
    holder.querySelector(`#meeting-${changed.id}`)?.replaceWith(meetingItem(changed, { t, replace }));
  };
  holder.append(...meetings.map((meeting) => meetingItem(meeting, { t, replace })));
  if (!meetings.length) holder.append(element("li", { class: "chat__empty", text: t("noMeetings") }));
  return holder;
}
