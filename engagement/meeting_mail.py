"""E-mails about video meetings, each with its iCalendar invitation (SPEC 5.6.3).

One message per recipient, since each reads it differently: in their language, with the
time in their zone and in the show's, and with their own join link (a Jitsi token names its
holder). Rendered inside the request's transaction, sent after it commits, as a task.

METHOD:REQUEST while the meeting is on (requested, accepted, moved, or one buyer of several
declining), METHOD:CANCEL once it is called off or declined as a whole, so calendars add,
move and remove the event by its UID and SEQUENCE.
"""

from email.mime.text import MIMEText
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from engagement import ics, identity, notifications
from engagement.meeting_providers import join_link
from engagement.meeting_times import language_of, span, zone_name_of
from engagement.models import Meeting, MeetingParticipant

ACTIVE = (Meeting.REQUESTED, Meeting.ACCEPTED)


def person(user, staff_of=None):
    """How people are named to each other: staff with their exhibitor (`staff_of`), buyers
    with their company. Never an e-mail address."""
    name = user.get_full_name() or user.first_name or user.get_username()
    if staff_of is not None:
        return f"{name} ({staff_of.company_name})"
    profile = getattr(user, "buyer_profile", None)
    company = getattr(profile, "company_name", "")
    return f"{name} ({company})" if company else name


def description(meeting, when_show, link):
    """The invitation's DESCRIPTION in the active language: agenda, show time, link."""
    parts = [meeting.agenda] if meeting.agenda else []
    parts.append(_("Show time: %(when)s") % {"when": when_show})
    if link:
        parts.append(_("Join: %(link)s") % {"link": link})
    return "\n\n".join(parts)


def manage_url(meeting, host, language):
    """Where the recipient answers: the admin's meeting list for staff, the account page of
    the public site for buyers."""
    if host:
        return (
            f"{settings.WAGTAILADMIN_BASE_URL}{reverse('engagement_meetings')}#meeting-{meeting.pk}"
        )
    return notifications.site_url(language, f"account/#meeting-{meeting.pk}")


def tell(meeting, event, actor, seats, reason=""):
    """Queue one e-mail with an invitation to each seat's holder (who have an address).

    `event` is requested, accepted, declined, cancelled or rescheduled.
    """
    method = ics.REQUEST if meeting.status in ACTIVE else ics.CANCEL
    staff = identity.speaks_for(actor, meeting.exhibitor_id)
    actor_name = person(actor, meeting.exhibitor if staff else None)
    for seat in seats:
        user = seat.user
        if not user.email:
            continue
        language, zone_name = language_of(user), zone_name_of(user)
        host = seat.role == MeetingParticipant.HOST
        link = join_link(meeting, user, host=host)
        with translation.override(language):
            when_local = span(meeting.starts_at, meeting.ends_at, zone_name)
            when_show = span(meeting.starts_at, meeting.ends_at, settings.TIME_ZONE)
            calendar = ics.invitation(
                meeting,
                method,
                description=description(meeting, when_show, link),
                join_url=link,
                organizer_name=meeting.exhibitor.company_name,
            )
        context = {
            "event": event,
            "meeting": meeting,
            "exhibitor_name": meeting.exhibitor.company_name,
            "actor_name": actor_name,
            "reason": reason,
            "when_local": when_local,
            "when_show": when_show if zone_name != settings.TIME_ZONE else "",
            "join_url": link,
            "is_host": host,
            "on": meeting.status in ACTIVE,
            "manage_url": manage_url(meeting, host, language),
        }
        subject, text, html = notifications.render("meeting", context, language)
        notifications.after_commit(
            partial(
                send_invitation.enqueue,
                subject=subject,
                text=text,
                html=html,
                recipient=user.email,
                calendar=calendar,
                method=method,
            )
        )


def build_message(subject, text, html, recipient, calendar, method):
    """The e-mail: text, HTML, and the invitation as a text/calendar attachment with the
    iTIP method in its Content-Type (RFC 6047), which is what mail clients look for."""
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [recipient])
    message.attach_alternative(html, "text/html")
    part = MIMEText(calendar, "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    message.attach(part)
    return message


@task()
def send_invitation(subject, text, html, recipient, calendar, method):
    """Deliver one meeting e-mail (queued by `tell` after the transaction commits)."""
    build_message(subject, text, html, recipient, calendar, method).send()
