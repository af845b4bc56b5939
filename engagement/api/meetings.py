"""/api/v1/meetings: video meetings between buyers and exhibitors' staff (SPEC 5.6.3);
/api/v1/exhibitors/{id}/availability: when an exhibitor cannot meet.

Times go out in UTC, with the same instants in the caller's zone (`?tz=`, else a buyer's
own, else the show's) and in the show's zone, so a page never converts by itself. Times
come in as ISO 8601; one without an offset is read in `time_zone` (else the caller's).
The rules live in engagement.meetings; this module translates them to HTTP.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from booths.models import ExhibitorProfile
from cms import ratelimit
from cms.api_auth import signed_in
from cms.api_errors import ApiError, error_responses
from engagement import ics, meeting_mail, meeting_schedule, meetings
from engagement.api.common import require_verified
from engagement.meeting_providers import join_link
from engagement.meeting_times import InvalidTime, span, to_utc, zone, zone_name_of
from engagement.models import Conversation, Meeting, MeetingParticipant

router = Router(tags=["video meetings"])

MAX_ID = 2**63 - 1
LIST_LIMIT = 200
AVAILABILITY_MAX = datetime.timedelta(days=31)
FROM_QUERY = Query(None, alias="from", description="ISO 8601; default: now")
TO_QUERY = Query(None, alias="to", description="ISO 8601; default: 7 days after from")
STATUSES = {
    meetings.InvalidMeeting: 422,
    meetings.NotParticipant: 404,
    meetings.NotAllowed: 403,
    meetings.WrongState: 409,
    meetings.DoubleBooked: 409,
}


# -- schemas ----------------------------------------------------------------------------


class MeetingIn(Schema):
    exhibitor_id: int = Field(ge=1, le=MAX_ID)
    title: str = Field(min_length=1, max_length=200)
    agenda: str = Field("", max_length=2000)
    starts_at: datetime.datetime = Field(description="ISO 8601; without an offset: in time_zone")
    ends_at: datetime.datetime
    time_zone: str = Field("", max_length=64, description="IANA zone; default: the caller's")
    guest_ids: list[int] = Field(
        [], max_length=meetings.MAX_GUESTS, description="staff only: buyers with an inquiry"
    )
    host_ids: list[int] = Field([], max_length=50, description="the exhibitor's staff to invite")
    conversation_id: int | None = Field(None, ge=1, le=MAX_ID)
    provider: str = Field("jitsi", max_length=20, description="jitsi, or external (staff)")
    external_url: str = Field("", max_length=500, description="the pasted link, for external")


class RescheduleIn(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str = Field("", max_length=64)


class AcceptIn(Schema):
    external_url: str = Field("", max_length=500, description="staff: a link from another service")


class ReasonIn(Schema):
    reason: str = Field("", max_length=500)


class ParticipantOut(Schema):
    name: str
    role: str = Field(description="host (the exhibitor's staff) or guest (buyer)")
    response: str = Field(description="pending, accepted or declined")
    me: bool


class MeetingOut(Schema):
    id: int
    title: str
    agenda: str
    status: str = Field(description="requested, accepted, declined or cancelled")
    exhibitor_id: int
    exhibitor_name: str
    conversation_id: int | None
    starts_at: datetime.datetime = Field(description="UTC")
    ends_at: datetime.datetime = Field(description="UTC")
    time_zone: str = Field(description="the zone of starts_at_local and ends_at_local")
    starts_at_local: datetime.datetime
    ends_at_local: datetime.datetime
    show_time_zone: str
    starts_at_show: datetime.datetime
    ends_at_show: datetime.datetime
    sequence: int = Field(description="raised on every change a calendar must apply")
    provider: str
    join_url: str = Field(description="the caller's own link; empty once called off")
    my_role: str
    my_response: str
    actions: list[str] = Field(description="what the caller may do now")
    participants: list[ParticipantOut]
    overlapping_meeting_ids: list[int] = Field(
        [], description="warning: the caller's own meetings at the same time"
    )


class BusyOut(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    starts_at_local: datetime.datetime
    ends_at_local: datetime.datetime


class AvailabilityOut(Schema):
    exhibitor_id: int
    start: datetime.datetime
    end: datetime.datetime
    time_zone: str
    busy: list[BusyOut] = Field(description="times when nobody of the exhibitor can meet")


# -- helpers ----------------------------------------------------------------------------


def run(operation, *args, **kwargs):
    """Call the service; its refusals become the API's one error shape."""
    try:
        return operation(*args, **kwargs)
    except meetings.MeetingError as error:
        status = STATUSES.get(type(error), 422)
        fields = {error.field: [error.message]} if status == 422 and error.field else None
        raise ApiError(status, error.code, error.message, fields) from None


def caller_zone(user, tz):
    """The zone the caller reads in: `?tz=` (checked), a buyer's own, or the show's."""
    if not tz:
        return zone_name_of(user)
    try:
        zone(tz)
    except InvalidTime as error:
        raise ApiError(422, "invalid", str(error), {"tz": [str(error)]}) from None
    return tz


def utc_times(user, payload):
    """The payload's times in UTC; those without an offset read in its time_zone."""
    if payload.time_zone:
        try:
            zone(payload.time_zone)
        except InvalidTime as error:
            raise ApiError(422, "invalid", str(error), {"time_zone": [str(error)]}) from None
    zone_name = payload.time_zone or zone_name_of(user)
    try:
        return to_utc(payload.starts_at, zone_name), to_utc(payload.ends_at, zone_name)
    except InvalidTime as error:
        raise ApiError(422, "invalid", str(error), {"starts_at": [str(error)]}) from None


def meeting_or_404(user, meeting_id):
    return run(meetings.get_for, user, meeting_id)


def out(meeting, user, zone_name, overlapping=()):
    tz = zone(zone_name)
    show = zone(settings.TIME_ZONE)
    seats = sorted(meeting.participants.all(), key=lambda seat: seat.pk)
    mine = next((seat for seat in seats if seat.user_id == user.pk), None)
    role = meetings.side_of(meeting, user)
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "agenda": meeting.agenda,
        "status": meeting.status,
        "exhibitor_id": meeting.exhibitor_id,
        "exhibitor_name": meeting.exhibitor.company_name,
        "conversation_id": meeting.conversation_id,
        "starts_at": meeting.starts_at.astimezone(datetime.UTC),
        "ends_at": meeting.ends_at.astimezone(datetime.UTC),
        "time_zone": zone_name,
        "starts_at_local": meeting.starts_at.astimezone(tz),
        "ends_at_local": meeting.ends_at.astimezone(tz),
        "show_time_zone": settings.TIME_ZONE,
        "starts_at_show": meeting.starts_at.astimezone(show),
        "ends_at_show": meeting.ends_at.astimezone(show),
        "sequence": meeting.sequence,
        "provider": meeting.provider,
        "join_url": join_link(meeting, user, host=role == MeetingParticipant.HOST),
        "my_role": role or "",
        "my_response": mine.response if mine else MeetingParticipant.PENDING,
        "actions": meetings.allowed_actions(meeting, user),
        "participants": [
            {
                "name": meeting_mail.person(
                    seat.user, meeting.exhibitor if seat.role == MeetingParticipant.HOST else None
                ),
                "role": seat.role,
                "response": seat.response,
                "me": seat.user_id == user.pk,
            }
            for seat in seats
        ],
        "overlapping_meeting_ids": [other.pk for other in overlapping],
    }


def users(ids):
    found = list(get_user_model().objects.filter(pk__in=set(ids)))
    return found, len(found) == len(set(ids))


# -- operations -----------------------------------------------------------------------------

WRITE_ERRORS = error_responses(401, 403, 404, 409, 422, 429)


@router.post("/meetings", response={201: MeetingOut, **WRITE_ERRORS}, auth=signed_in)
def request_meeting(request, payload: MeetingIn, tz: str = Query("", max_length=64)):
    """Ask an exhibitor for a meeting (buyers, for themselves), or propose one to buyers
    who sent an inquiry (the exhibitor's staff). 409 `double_booked` when nobody of the
    exhibitor is free then, or the proposing staff member is not."""
    user = request.user
    ratelimit.check(request, "meeting", per_ip="60/h", per_user="20/h")
    require_verified(user)
    zone_name = caller_zone(user, tz)
    exhibitor = ExhibitorProfile.objects.filter(pk=payload.exhibitor_id).first()
    if exhibitor is None:
        raise ApiError(404, "not_found", _("There is no such exhibitor."))
    starts_at, ends_at = utc_times(user, payload)
    guests, all_found = users(payload.guest_ids)
    if not all_found:
        message = _("You can invite only buyers who have sent you an inquiry.")
        raise ApiError(422, "invalid", message, {"guest_ids": [message]})
    hosts, all_found = users(payload.host_ids)
    if not all_found:
        message = _("Hosts must be this exhibitor's staff.")
        raise ApiError(422, "invalid", message, {"host_ids": [message]})
    conversation = None
    if payload.conversation_id is not None:
        conversation = Conversation.objects.filter(pk=payload.conversation_id).first()
        if conversation is None:
            message = _("This inquiry is not between this exhibitor and the buyer.")
            raise ApiError(422, "invalid", message, {"conversation_id": [message]})
    outcome = run(
        meetings.request_meeting,
        user,
        exhibitor,
        starts_at,
        ends_at,
        payload.title,
        payload.agenda,
        guests=guests,
        hosts=hosts or None,
        conversation=conversation,
        provider=payload.provider,
        external_url=payload.external_url,
        time_zone=payload.time_zone or None,
    )
    return Status(201, out(outcome.meeting, user, zone_name, outcome.overlapping))


@router.get(
    "/meetings", response={200: list[MeetingOut], **error_responses(401, 422)}, auth=signed_in
)
def my_meetings(
    request,
    status: str = Query("", max_length=10, description="requested, accepted, declined, cancelled"),
    upcoming: bool = Query(False, description="only meetings that have not ended"),
    tz: str = Query("", max_length=64),
):
    """The caller's meetings, and their exhibitor's, by start time (200 at most)."""
    user = request.user
    zone_name = caller_zone(user, tz)
    found = (
        meetings.visible_to(user)
        .select_related("exhibitor")
        .prefetch_related("participants__user__buyer_profile")
    )
    if status:
        if status not in dict(Meeting.STATUS_CHOICES):
            message = _("Choose one of: %(names)s.") % {
                "names": ", ".join(dict(Meeting.STATUS_CHOICES))
            }
            raise ApiError(422, "invalid", message, {"status": [message]})
        found = found.filter(status=status)
    if upcoming:
        found = found.filter(ends_at__gt=timezone.now())
    return Status(
        200,
        [
            out(meeting, user, zone_name)
            for meeting in found.order_by("starts_at", "pk")[:LIST_LIMIT]
        ],
    )


# Before /meetings/{id}, and with int converters on both, so "7.ics" never reads as an id.
@router.get(
    "/meetings/{int:meeting_id}.ics",
    response=error_responses(401, 404),
    auth=signed_in,
    openapi_extra={
        "responses": {"200": {"description": "the invitation", "content": {"text/calendar": {}}}}
    },
)
def meeting_calendar(request, meeting_id: int):
    """The meeting as an iCalendar file with the caller's own link (participants only)."""
    user = request.user
    meeting = meeting_or_404(user, meeting_id)
    host = meetings.side_of(meeting, user) == MeetingParticipant.HOST
    link = join_link(meeting, user, host=host)
    when_show = span(meeting.starts_at, meeting.ends_at, settings.TIME_ZONE)
    method = ics.REQUEST if meeting.status in meetings.ACTIVE else ics.CANCEL
    text = ics.invitation(
        meeting,
        method,
        description=meeting_mail.description(meeting, when_show, link),
        join_url=link,
        organizer_name=meeting.exhibitor.company_name,
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/meetings/{int:meeting_id}",
    response={200: MeetingOut, **error_responses(401, 404, 422)},
    auth=signed_in,
)
def meeting_detail(request, meeting_id: int, tz: str = Query("", max_length=64)):
    user = request.user
    zone_name = caller_zone(user, tz)
    return Status(200, out(meeting_or_404(user, meeting_id), user, zone_name))


def _act(request, meeting_id, tz, operation, *args):
    user = request.user
    ratelimit.check(request, "meeting_action", per_ip="300/h", per_user="120/h")
    zone_name = caller_zone(user, tz)
    meeting = meeting_or_404(user, meeting_id)
    outcome = run(operation, meeting, user, *args)
    return Status(200, out(outcome.meeting, user, zone_name, outcome.overlapping))


@router.post(
    "/meetings/{int:meeting_id}/accept",
    response={200: MeetingOut, **WRITE_ERRORS},
    auth=signed_in,
)
def accept_meeting(
    request, meeting_id: int, payload: AcceptIn | None = None, tz: str = Query("", max_length=64)
):
    """Accept: a buyer for their own seat, staff in the exhibitor's name (409
    `double_booked` if they are in another meeting then)."""
    return _act(request, meeting_id, tz, meetings.accept, payload.external_url if payload else "")


@router.post(
    "/meetings/{int:meeting_id}/decline",
    response={200: MeetingOut, **WRITE_ERRORS},
    auth=signed_in,
)
def decline_meeting(
    request, meeting_id: int, payload: ReasonIn | None = None, tz: str = Query("", max_length=64)
):
    return _act(request, meeting_id, tz, meetings.decline, payload.reason if payload else "")


@router.post(
    "/meetings/{int:meeting_id}/cancel",
    response={200: MeetingOut, **WRITE_ERRORS},
    auth=signed_in,
)
def cancel_meeting(
    request, meeting_id: int, payload: ReasonIn | None = None, tz: str = Query("", max_length=64)
):
    """Call the meeting off (its requester; for a staff proposal, the exhibitor's staff)."""
    return _act(request, meeting_id, tz, meetings.cancel, payload.reason if payload else "")


@router.post(
    "/meetings/{int:meeting_id}/reschedule",
    response={200: MeetingOut, **WRITE_ERRORS},
    auth=signed_in,
)
def reschedule_meeting(
    request, meeting_id: int, payload: RescheduleIn, tz: str = Query("", max_length=64)
):
    """Move the meeting; the other side must accept the new time."""
    starts_at, ends_at = utc_times(request.user, payload)
    return _act(request, meeting_id, tz, meetings.reschedule, starts_at, ends_at)


@router.get(
    "/exhibitors/{int:exhibitor_id}/availability",
    response={200: AvailabilityOut, **error_responses(401, 404, 422)},
    auth=signed_in,
)
def availability(
    request,
    exhibitor_id: int,
    start: datetime.datetime | None = FROM_QUERY,
    end: datetime.datetime | None = TO_QUERY,
    tz: str = Query("", max_length=64),
):
    """When the exhibitor cannot take a meeting (all its staff are booked), so a buyer can
    pick a free time. Intervals only; nothing about the meetings or who is in them."""
    user = request.user
    zone_name = caller_zone(user, tz)
    exhibitor = ExhibitorProfile.objects.filter(pk=exhibitor_id).first()
    if exhibitor is None:
        raise ApiError(404, "not_found", _("There is no such exhibitor."))
    try:
        start = to_utc(start, zone_name) if start else timezone.now()
        end = to_utc(end, zone_name) if end else start + datetime.timedelta(days=7)
    except InvalidTime as error:
        raise ApiError(422, "invalid", str(error), {"from": [str(error)]}) from None
    if not start < end <= start + AVAILABILITY_MAX:
        message = _("Ask for a period of up to 31 days, ending after it starts.")
        raise ApiError(422, "invalid", message, {"to": [message]})
    tz_info = zone(zone_name)
    return Status(
        200,
        {
            "exhibitor_id": exhibitor.pk,
            "start": start,
            "end": end,
            "time_zone": zone_name,
            "busy": [
                {
                    "starts_at": busy_start.astimezone(datetime.UTC),
                    "ends_at": busy_end.astimezone(datetime.UTC),
                    "starts_at_local": busy_start.astimezone(tz_info),
                    "ends_at_local": busy_end.astimezone(tz_info),
                }
                for busy_start, busy_end in meeting_schedule.busy_intervals(exhibitor, start, end)
            ],
        },
    )
