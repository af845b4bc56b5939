"""The exhibitor's meetings in the Wagtail admin (SPEC 5.6.3): read and answer buyers'
requests where the staff already work, without the public site.

Only the exhibitor's staff see the page, and only their exhibitors' meetings (as in the
inbox, the organizer does not read the parties' appointments). Every button goes through
engagement.meetings, so the admin and the API keep the same rules: double booking refused
with the time in the way, the other side e-mailed with the invitation. Times are shown and
typed in the show's zone, the staff's own; the buyer's zone is shown beside them.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from engagement import identity, meeting_mail, meetings
from engagement.meeting_providers import join_link
from engagement.meeting_times import InvalidTime, span, to_utc
from engagement.models import Meeting, MeetingParticipant

LIST_LIMIT = 200


def _require_staff(user):
    if not identity.exhibitor_ids(user):
        raise PermissionDenied


class MeetingsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(identity.exhibitor_ids(request.user))


def menu_item():
    return MeetingsMenuItem(
        gettext_lazy("Meetings"), reverse("engagement_meetings"), icon_name="date", order=151
    )


def _row(meeting, user):
    seats = list(meeting.participants.all())
    return {
        "meeting": meeting,
        "when": span(meeting.starts_at, meeting.ends_at, settings.TIME_ZONE),
        "their_time": (
            span(meeting.starts_at, meeting.ends_at, meeting.time_zone)
            if meeting.time_zone != settings.TIME_ZONE
            else ""
        ),
        "buyers": [
            (meeting_mail.person(seat.user), seat.get_response_display())
            for seat in seats
            if seat.role == MeetingParticipant.GUEST
        ],
        "hosts": [
            (meeting_mail.person(seat.user, meeting.exhibitor), seat.get_response_display())
            for seat in seats
            if seat.role == MeetingParticipant.HOST
        ],
        "join_url": join_link(meeting, user, host=True),
        "actions": meetings.allowed_actions(meeting, user),
    }


def meeting_list(request):
    """Upcoming meetings by start time; `?past=1` for the ones that have ended."""
    user = request.user
    _require_staff(user)
    past = request.GET.get("past") == "1"
    found = Meeting.objects.filter(exhibitor_id__in=identity.exhibitor_ids(user))
    now = timezone.now()
    found = (
        found.filter(ends_at__lte=now).order_by("-starts_at")
        if past
        else found.filter(ends_at__gt=now).order_by("starts_at")
    )
    seats = "participants__user__buyer_profile"
    found = found.select_related("exhibitor").prefetch_related(seats)[:LIST_LIMIT]
    return TemplateResponse(
        request,
        "engagement/admin/meetings.html",
        {
            "rows": [_row(meeting, user) for meeting in found],
            "past": past,
            "show_zone": settings.TIME_ZONE,
            "durations": [15, 30, 45, 60, 90, 120],
        },
    )


def _new_times(request):
    """The reschedule form's start (a wall-clock time in the show's zone) and length."""
    try:
        starts = datetime.datetime.fromisoformat(request.POST.get("starts_at", ""))
        minutes = int(request.POST.get("minutes", ""))
    except ValueError:
        raise meetings.InvalidMeeting(_("Give the new date and time.")) from None
    try:
        starts_at = to_utc(starts, settings.TIME_ZONE)
    except InvalidTime as error:
        raise meetings.InvalidMeeting(str(error)) from None
    return starts_at, starts_at + datetime.timedelta(minutes=minutes)


@require_POST
def meeting_action(request, meeting_id):
    """accept, decline, cancel or reschedule one meeting, then back to the list."""
    user = request.user
    _require_staff(user)
    action = request.POST.get("action", "")
    try:
        meeting = meetings.get_for(user, meeting_id)
        if action == "accept":
            meetings.accept(meeting, user, request.POST.get("external_url", "").strip())
            messages.success(request, _("Accepted. The buyer has been told."))
        elif action == "decline":
            meetings.decline(meeting, user, request.POST.get("reason", ""))
            messages.success(request, _("Declined. The buyer has been told."))
        elif action == "cancel":
            meetings.cancel(meeting, user, request.POST.get("reason", ""))
            messages.success(request, _("Cancelled. Everyone invited has been told."))
        elif action == "reschedule":
            meetings.reschedule(meeting, user, *_new_times(request))
            messages.success(request, _("Moved. The buyer is asked to accept the new time."))
        else:
            messages.error(request, _("Choose what to do with the meeting."))
    except meetings.MeetingError as error:
        messages.error(request, error.message)
    return redirect("engagement_meetings")
