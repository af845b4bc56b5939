"""iCalendar invitations for video meetings (RFC 5545, iTIP methods of RFC 5546; SPEC 5.6.3).

Written by hand rather than with a library: an invitation is one VEVENT, and the parts that
go wrong (escaping, folding long UTF-8 lines such as Chinese titles) are small enough to own
and test here. Times are always UTC ("Z"), so no VTIMEZONE is needed: every calendar shows
them in its owner's zone.

Answers are given on the site, not by calendar reply: attendees carry RSVP=FALSE and the
organizer is the platform's sender address, so a client's "accept" button has nothing to
send that a person would wait for.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings

from engagement.models import Meeting, MeetingParticipant

REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"
LINE_OCTETS = 75

STATUS = {
    Meeting.REQUESTED: "TENTATIVE",
    Meeting.ACCEPTED: "CONFIRMED",
    Meeting.DECLINED: "CANCELLED",
    Meeting.CANCELLED: "CANCELLED",
}
PARTSTAT = {
    MeetingParticipant.PENDING: "NEEDS-ACTION",
    MeetingParticipant.ACCEPTED: "ACCEPTED",
    MeetingParticipant.DECLINED: "DECLINED",
}


def escape_text(value):
    """A TEXT value: backslash, semicolon and comma escaped, every newline as \\n."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def param_value(value):
    """A parameter value (CN=...): quoted, since names may hold ',;:'; DQUOTE and control
    characters cannot be represented at all and are dropped."""
    cleaned = "".join(char for char in str(value) if char != '"' and ord(char) >= 32)
    return f'"{cleaned}"'


def fold(line):
    """`line` as content lines of at most 75 octets, continuations starting with a space.

    Cut between characters, never inside one: a Chinese character is three octets in
    UTF-8, and a cut through it would leave two invalid halves.
    """
    pieces, current, size = [], [], 0
    for char in line:
        octets = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1  # the leading space counts
        if size + octets > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def unfold(text):
    """The logical lines of an iCalendar text (what a calendar client reads)."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def site_host():
    return urlsplit(settings.SITE_PUBLIC_URL).hostname or "localhost"


def event_uid(meeting):
    """Stable across reschedules: calendars replace the event with the higher SEQUENCE."""
    return f"{meeting.uid}@{site_host()}"


def display_name(user):
    return user.get_full_name() or user.first_name or user.get_username()


def invitation(meeting, method, *, description="", join_url="", organizer_name="", now=None):
    """The invitation's text, CRLF line ends, for one recipient (their link, their words).

    `method` is REQUEST for a new, accepted or moved meeting, CANCEL when it is called off or
    declined; `description` is already in the recipient's language.
    """
    now = now or datetime.datetime.now(datetime.UTC)
    status = "CANCELLED" if method == CANCEL else STATUS[meeting.status]
    organizer = organizer_name or settings.WAGTAIL_SITE_NAME
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape_text(settings.WAGTAIL_SITE_NAME)}//Video meetings//EN",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{event_uid(meeting)}",
        f"DTSTAMP:{utc(now)}",
        f"DTSTART:{utc(meeting.starts_at)}",
        f"DTEND:{utc(meeting.ends_at)}",
        f"SEQUENCE:{meeting.sequence}",
        f"STATUS:{status}",
        f"SUMMARY:{escape_text(meeting.title)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if join_url:
        lines.append(f"LOCATION:{escape_text(join_url)}")
        lines.append(f"URL:{join_url}")
    lines.append(f"ORGANIZER;CN={param_value(organizer)}:mailto:{settings.DEFAULT_FROM_EMAIL}")
    seats = sorted(
        meeting.participants.select_related("user"), key=lambda seat: (seat.role != "host", seat.pk)
    )
    for seat in seats:
        if not seat.user.email:
            continue
        role = "CHAIR" if seat.role == MeetingParticipant.HOST else "REQ-PARTICIPANT"
        lines.append(
            f"ATTENDEE;CN={param_value(display_name(seat.user))};ROLE={role};"
            f"PARTSTAT={PARTSTAT[seat.response]};RSVP=FALSE:mailto:{seat.user.email}"
        )
    lines += ["TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
