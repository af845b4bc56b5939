"""Video meetings between an exhibitor's staff and buyers (SPEC 5.6.3): request, accept,
decline, cancel and reschedule, one-to-one or one-to-many.

The two sides: hosts are the exhibitor's staff (its profile's owners, who speak for it);
guests are buyers. A buyer asks for a meeting for themselves; staff may propose one to
several buyers who have an inquiry with the exhibitor (one-to-many). Every seat has its own
answer, and the meeting's status follows from them: accepted once a host and a guest have
accepted, declined once one side has nobody left, requested in between.

The rules, and why:
- Only participants see a meeting; staff of its exhibitor count as participants, since any
  of them may answer for the exhibitor. Hosts accept and decline in the exhibitor's name;
  a buyer only ever answers for their own seat.
- The requester cancels (for a staff proposal, any of the exhibitor's staff: the proposer
  may be away); the others decline, the requester does not (they cancel).
- Anyone may reschedule; the other side must then accept again (their answers go back to
  pending), the SEQUENCE of the invitation goes up so calendars move the event, and the link
  stays, so nothing pasted into a chat goes stale.
- No double booking of staff: a host who has accepted a meeting (or proposed it, which is
  accepting in advance) cannot accept another that overlaps, intervals read as
  [start, end) so back-to-back meetings are fine. The check runs in a transaction that
  first locks the meeting and then the hosts' user rows, by primary key, so two
  concurrent accepts for the same person are serialised and the second one sees the first.
- Buyers may double-book themselves (they may send a colleague, or prefer one meeting at
  the last minute): the operation goes through and returns the overlapping meetings so the
  site can warn them.
- Meetings start in the future, last 10 minutes to 4 hours, and fall within the dates of
  an edition in which the exhibitor has a live booth (when it has any), since staff are
  on duty while the show runs; an exhibitor without a booth is not restricted.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement import identity, meeting_mail
from engagement.meeting_providers import (
    MeetingLinkRefused,
    get_provider,
    provider_names,
)
from engagement.meeting_schedule import busy_intervals, buyer_overlaps, host_conflicts
from engagement.meeting_times import InvalidTime, span, zone, zone_name_of
from engagement.models import Conversation, Meeting, MeetingParticipant

MIN_DURATION = datetime.timedelta(minutes=10)
MAX_DURATION = datetime.timedelta(hours=4)
MAX_GUESTS = 20
ACTIVE = (Meeting.REQUESTED, Meeting.ACCEPTED)
HOST = MeetingParticipant.HOST
GUEST = MeetingParticipant.GUEST
PENDING = MeetingParticipant.PENDING
ACCEPTED = MeetingParticipant.ACCEPTED
DECLINED = MeetingParticipant.DECLINED


class MeetingError(Exception):
    """Why an operation was refused, in the caller's language; `code` is for machines."""

    code = "invalid"

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = str(message)
        self.field = field


class InvalidMeeting(MeetingError):
    """What was asked for cannot be a meeting (times, people, link)."""


class NotParticipant(MeetingError):
    """The caller is not part of this meeting; told as "not found", so that nobody learns
    which meetings exist."""

    code = "not_found"


class NotAllowed(MeetingError):
    """A participant asked for something their side may not do."""

    code = "forbidden"


class WrongState(MeetingError):
    """The meeting is past, cancelled or declined."""

    code = "wrong_state"


class DoubleBooked(MeetingError):
    """A host would be in two meetings at once; `conflicts` are the meetings in the way."""

    code = "double_booked"

    def __init__(self, message, conflicts=(), field=None):
        super().__init__(message, field)
        self.conflicts = list(conflicts)


@dataclass
class Outcome:
    """A meeting after an operation, and the acting buyer's own meetings at the same time
    (a warning, never a refusal)."""

    meeting: Meeting
    overlapping: list = field(default_factory=list)


# -- who is who ---------------------------------------------------------------------------


def visible_to(user):
    """The meetings `user` takes part in, or that are their exhibitor's."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    ids = identity.exhibitor_ids(user)
    mine = Meeting.objects.filter(participants__user=user).values("pk")
    return Meeting.objects.filter(Q(pk__in=mine) | Q(exhibitor_id__in=ids))


def get_for(user, meeting_id):
    meeting = visible_to(user).filter(pk=meeting_id).select_related("exhibitor").first()
    if meeting is None:
        raise NotParticipant(_("There is no such meeting."))
    return meeting


def side_of(meeting, user):
    """HOST for the exhibitor's staff, GUEST for a buyer with a seat, None otherwise."""
    if identity.speaks_for(user, meeting.exhibitor_id):
        return HOST
    if any(seat.user_id == user.pk and seat.role == GUEST for seat in meeting.participants.all()):
        return GUEST
    return None


def proposed_by_staff(meeting):
    """The exhibitor's side asked for it (the requester holds a host seat), or nobody can
    tell any more (the requester's account is gone): then the staff may call it off."""
    return meeting.requested_by_id is None or any(
        seat.user_id == meeting.requested_by_id and seat.role == HOST
        for seat in meeting.participants.all()
    )


def seat_of(meeting, user):
    return meeting.participants.filter(user=user).first()


# -- checks ---------------------------------------------------------------------------


def check_text(title, agenda):
    title = (title or "").strip()
    if not title:
        raise InvalidMeeting(_("Give the meeting a title."), "title")
    if len(title) > 200:
        raise InvalidMeeting(_("The title is too long (200 characters at most)."), "title")
    agenda = (agenda or "").strip()
    if len(agenda) > 2000:
        raise InvalidMeeting(_("The agenda is too long (2000 characters at most)."), "agenda")
    return title, agenda


def edition_windows(exhibitor):
    """(opens, closes) of the editions in which the exhibitor has a live booth."""
    return [
        (edition.starts_at, edition.ends_at)
        for edition, booth in exhibitor.participation()
        if booth.live
    ]


def check_times(exhibitor, starts_at, ends_at, zone_name, now=None):
    now = now or timezone.now()
    if starts_at <= now:
        raise InvalidMeeting(_("A meeting must start in the future."), "starts_at")
    if ends_at - starts_at < MIN_DURATION:
        raise InvalidMeeting(_("A meeting lasts at least 10 minutes."), "ends_at")
    if ends_at - starts_at > MAX_DURATION:
        raise InvalidMeeting(_("A meeting lasts 4 hours at most."), "ends_at")
    windows = edition_windows(exhibitor)
    if windows and not any(opens <= starts_at and ends_at <= closes for opens, closes in windows):
        open_now = [
            span(opens, closes, zone_name) for opens, closes in sorted(windows) if closes > now
        ]
        raise InvalidMeeting(
            _("Meetings take place while the show is open: %(dates)s.")
            % {"dates": "; ".join(open_now) or _("the show is over")},
            "starts_at",
        )


def lock_people(user_ids):
    """Lock the User rows of these people, lowest pk first (one order everywhere, so two
    transactions never wait on each other in a circle)."""
    ids = sorted(set(user_ids))
    if ids:
        list(get_user_model().objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def ensure_free(actor, user_ids, starts_at, ends_at, exclude=None):
    """Lock the hosts and refuse if one of them is committed elsewhere at that time; the
    message names the person and the time, in the actor's zone."""
    lock_people(user_ids)
    conflicts = host_conflicts(user_ids, starts_at, ends_at, exclude)
    if not conflicts:
        return
    seat = conflicts[0]
    when = span(seat.meeting.starts_at, seat.meeting.ends_at, zone_name_of(actor))
    if seat.user_id == actor.pk:
        message = _("You already have a meeting then: %(when)s.") % {"when": when}
    else:
        message = _("%(name)s already has a meeting then: %(when)s.") % {
            "name": seat.user.get_full_name() or seat.user.get_username(),
            "when": when,
        }
    raise DoubleBooked(message, [seat.meeting for seat in conflicts], "starts_at")


def refuse_busy_exhibitor(buyer, exhibitor, starts_at, ends_at):
    """Nobody of the exhibitor could accept: say so at once, naming the busy time as the
    availability endpoint shows it, rather than leave the buyer waiting for an answer."""
    around = busy_intervals(exhibitor, starts_at - MAX_DURATION, ends_at + MAX_DURATION)
    busy = [(start, end) for start, end in around if start < ends_at and end > starts_at]
    start, end = (busy[0][0], busy[-1][1]) if busy else (starts_at, ends_at)
    raise DoubleBooked(
        _("The exhibitor is busy then: %(when)s. Choose another time.")
        % {"when": span(start, end, zone_name_of(buyer))},
        field="starts_at",
    )


def check_guests(exhibitor, guests):
    """Staff may invite buyers who have an inquiry with the exhibitor, and only those: the
    directory of all buyers is the organizer's (SPEC 4.1.3)."""
    guests = list({guest.pk: guest for guest in guests}.values())
    if not guests:
        raise InvalidMeeting(_("Invite at least one buyer."), "guests")
    if len(guests) > MAX_GUESTS:
        raise InvalidMeeting(
            _("Invite %(count)d buyers at most.") % {"count": MAX_GUESTS}, "guests"
        )
    in_touch = set(
        Conversation.objects.filter(exhibitor=exhibitor, buyer__in=guests).values_list(
            "buyer_id", flat=True
        )
    )
    for guest in guests:
        account = identity.buyer_account(guest)
        if account is None or not account.is_verified or guest.pk not in in_touch:
            raise InvalidMeeting(
                _("You can invite only buyers who have sent you an inquiry."), "guests"
            )
    return guests


def check_hosts(exhibitor, hosts):
    staff = {user.pk: user for user in exhibitor.owners.filter(is_active=True)}
    if hosts is None:
        chosen = list(staff.values())
    else:
        chosen = list({host.pk: host for host in hosts}.values())
        if any(host.pk not in staff for host in chosen):
            raise InvalidMeeting(_("Hosts must be this exhibitor's staff."), "hosts")
    if not chosen:
        raise InvalidMeeting(_("This exhibitor has nobody to meet you yet."), "exhibitor_id")
    return chosen


def check_conversation(conversation, exhibitor, buyers):
    if conversation is None:
        return None
    if conversation.exhibitor_id != exhibitor.pk or conversation.buyer_id not in {
        buyer.pk for buyer in buyers
    }:
        raise InvalidMeeting(
            _("This inquiry is not between this exhibitor and the buyer."), "conversation_id"
        )
    return conversation


def choose_link(meeting, provider_name, external_url, by_staff):
    """The meeting's shared link from its provider; pasted links come from staff only, the
    exhibitor being the one with an account on the other service."""
    if provider_name not in provider_names():
        raise InvalidMeeting(
            _("Choose one of: %(names)s.") % {"names": ", ".join(provider_names())}, "provider"
        )
    provider = get_provider(provider_name)
    if provider.takes_pasted_link and not by_staff:
        raise InvalidMeeting(
            _("Only the exhibitor can give a link from another meeting service."), "provider"
        )
    meeting.provider = provider_name
    meeting.join_url = external_url if provider.takes_pasted_link else ""
    try:
        meeting.join_url = provider.create_link(meeting)
    except MeetingLinkRefused as error:
        raise InvalidMeeting(str(error), "external_url") from None


def settle_status(meeting):
    """The meeting's status from its seats' answers."""
    seats = list(meeting.participants.all())
    hosts = [seat.response for seat in seats if seat.role == HOST]
    guests = [seat.response for seat in seats if seat.role == GUEST]
    if all(answer == DECLINED for answer in hosts) or all(answer == DECLINED for answer in guests):
        meeting.status = Meeting.DECLINED
    elif ACCEPTED in hosts and ACCEPTED in guests:
        meeting.status = Meeting.ACCEPTED
    else:
        meeting.status = Meeting.REQUESTED


def locked(meeting):
    """The meeting's row, locked for the rest of the transaction, as it is now. Only its
    own row (`of=self`): locking the exhibitor's too would queue all its staff behind one
    another, when only the same person's bookings need to wait."""
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("exhibitor")
        .get(pk=meeting.pk)
    )


def must_be_live(meeting, now=None):
    if meeting.status not in ACTIVE:
        raise WrongState(
            _("This meeting was cancelled.")
            if meeting.status == Meeting.CANCELLED
            else _("This meeting was declined.")
        )
    if meeting.starts_at <= (now or timezone.now()):
        raise WrongState(_("This meeting has already started."))


def others(meeting, actor, role=None):
    """Seats of the people to tell: not the actor, not those who declined, one side or all."""
    seats = meeting.participants.exclude(user=actor).exclude(response=DECLINED)
    if role is not None:
        seats = seats.filter(role=role)
    return list(seats.select_related("user", "user__buyer_account"))


def other_side(side):
    return GUEST if side == HOST else HOST


# -- operations -----------------------------------------------------------------------------


def request_meeting(
    requester,
    exhibitor,
    starts_at,
    ends_at,
    title,
    agenda="",
    guests=(),
    hosts=None,
    conversation=None,
    provider="jitsi",
    external_url="",
    time_zone=None,
):
    """A buyer asks the exhibitor for a meeting, or the exhibitor's staff propose one to
    buyers; the other side is told by e-mail with the invitation attached."""
    by_staff = identity.speaks_for(requester, exhibitor)
    if not by_staff:
        account = identity.buyer_account(requester)
        if account is None:
            raise NotAllowed(_("Only buyers and the exhibitor's staff arrange meetings."))
        if not account.is_verified:
            raise NotAllowed(_("Confirm your e-mail address first."))
        if any(guest.pk != requester.pk for guest in guests):
            raise NotAllowed(_("Buyers ask for meetings for themselves only."), "guests")
    title, agenda = check_text(title, agenda)
    zone_name = time_zone or zone_name_of(requester)
    try:
        zone(zone_name)
    except InvalidTime as error:
        raise InvalidMeeting(str(error), "time_zone") from None
    check_times(exhibitor, starts_at, ends_at, zone_name_of(requester))
    guests = check_guests(exhibitor, guests) if by_staff else [requester]
    hosts = check_hosts(exhibitor, [requester, *(hosts or [])] if by_staff else hosts)
    conversation = check_conversation(conversation, exhibitor, guests)

    meeting = Meeting(
        exhibitor=exhibitor,
        conversation=conversation,
        requested_by=requester,
        title=title,
        agenda=agenda,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=zone_name,
    )
    choose_link(meeting, provider, external_url, by_staff)
    with transaction.atomic():
        if by_staff:
            ensure_free(requester, [requester.pk], starts_at, ends_at)
        elif all(host_conflicts([host.pk], starts_at, ends_at) for host in hosts):
            refuse_busy_exhibitor(requester, exhibitor, starts_at, ends_at)
        meeting.save()
        MeetingParticipant.objects.bulk_create(
            [
                MeetingParticipant(
                    meeting=meeting,
                    user=person,
                    role=role,
                    response=ACCEPTED if person.pk == requester.pk else PENDING,
                )
                for role, people in ((HOST, hosts), (GUEST, guests))
                for person in people
            ]
        )
        meeting_mail.tell(meeting, "requested", requester, others(meeting, requester))
    overlapping = [] if by_staff else buyer_overlaps(requester, starts_at, ends_at, meeting)
    return Outcome(meeting, overlapping)


def accept(meeting, user, external_url=""):
    """Accept a seat; for staff, in the exhibitor's name (taking a host seat if they had
    none), and optionally with a link pasted from another meeting service."""
    with transaction.atomic():
        meeting = locked(meeting)
        side = side_of(meeting, user)
        if side is None:
            raise NotParticipant(_("There is no such meeting."))
        must_be_live(meeting)
        if external_url and side != HOST:
            raise InvalidMeeting(
                _("Only the exhibitor can give a link from another meeting service."),
                "external_url",
            )
        if side == HOST:
            ensure_free(user, [user.pk], meeting.starts_at, meeting.ends_at, meeting)
        if external_url:
            choose_link(meeting, "external", external_url, by_staff=True)
            meeting.sequence += 1  # a new LOCATION: calendars must take the update
        seat, _created = MeetingParticipant.objects.get_or_create(
            meeting=meeting, user=user, defaults={"role": HOST}
        )
        if seat.response == ACCEPTED and not external_url:
            return Outcome(meeting, overlaps_for(meeting, user, side))
        seat.response = ACCEPTED
        seat.save(update_fields=["response"])
        settle_status(meeting)
        meeting.save()
        meeting_mail.tell(meeting, "accepted", user, others(meeting, user, other_side(side)))
    return Outcome(meeting, overlaps_for(meeting, user, side))


def decline(meeting, user, reason=""):
    """Decline a seat. A host declines for the exhibitor unless a colleague has accepted
    (then only their own seat); a buyer declines for themselves, and the meeting ends when
    no buyer is left."""
    reason = (reason or "").strip()[:500]
    with transaction.atomic():
        meeting = locked(meeting)
        side = side_of(meeting, user)
        if side is None:
            raise NotParticipant(_("There is no such meeting."))
        if meeting.requested_by_id == user.pk:
            raise NotAllowed(_("You asked for this meeting: cancel it instead."))
        must_be_live(meeting)
        seats = meeting.participants.filter(role=side).exclude(response=DECLINED)
        if side == HOST and not seats.filter(response=ACCEPTED).exclude(user=user).exists():
            changed = seats.update(response=DECLINED)
        else:
            changed = seats.filter(user=user).update(response=DECLINED)
        if not changed:
            return Outcome(meeting)
        told = others(meeting, user, other_side(side))
        settle_status(meeting)
        if meeting.status == Meeting.DECLINED:
            meeting.sequence += 1
        meeting.save()
        meeting_mail.tell(meeting, "declined", user, told, reason=reason)
    return Outcome(meeting)


def cancel(meeting, user, reason=""):
    """Call the meeting off: its requester may, and for a staff proposal any of the
    exhibitor's staff; everyone else declines instead."""
    reason = (reason or "").strip()[:500]
    with transaction.atomic():
        meeting = locked(meeting)
        side = side_of(meeting, user)
        if side is None:
            raise NotParticipant(_("There is no such meeting."))
        if meeting.requested_by_id != user.pk and not (side == HOST and proposed_by_staff(meeting)):
            raise NotAllowed(
                _("Only the person who asked for this meeting can cancel it; decline it instead.")
            )
        must_be_live(meeting)
        told = others(meeting, user)
        meeting.status = Meeting.CANCELLED
        meeting.sequence += 1
        meeting.save()
        meeting_mail.tell(meeting, "cancelled", user, told, reason=reason)
    return Outcome(meeting)


def reschedule(meeting, user, starts_at, ends_at):
    """Move the meeting. The mover accepts the new time; the other side's answers go back
    to pending; hosts still committed must be free at the new time."""
    with transaction.atomic():
        meeting = locked(meeting)
        side = side_of(meeting, user)
        if side is None:
            raise NotParticipant(_("There is no such meeting."))
        must_be_live(meeting)
        check_times(meeting.exhibitor, starts_at, ends_at, zone_name_of(user))
        if (starts_at, ends_at) == (meeting.starts_at, meeting.ends_at):
            return Outcome(meeting, overlaps_for(meeting, user, side))
        meeting.participants.filter(role=other_side(side)).exclude(response=DECLINED).update(
            response=PENDING
        )
        seat, _created = MeetingParticipant.objects.get_or_create(
            meeting=meeting, user=user, defaults={"role": HOST}
        )
        seat.response = ACCEPTED
        seat.save(update_fields=["response"])
        committed = list(
            meeting.participants.filter(role=HOST, response=ACCEPTED).values_list(
                "user_id", flat=True
            )
        )
        ensure_free(user, committed, starts_at, ends_at, meeting)
        meeting.starts_at, meeting.ends_at = starts_at, ends_at
        meeting.sequence += 1
        settle_status(meeting)
        meeting.save()
        meeting_mail.tell(meeting, "rescheduled", user, others(meeting, user, other_side(side)))
    return Outcome(meeting, overlaps_for(meeting, user, side))


def allowed_actions(meeting, user, now=None):
    """What `user` may do with the meeting now, by the rules above (for the site's buttons)."""
    side = side_of(meeting, user)
    if side is None or meeting.status not in ACTIVE or meeting.starts_at <= (now or timezone.now()):
        return []
    seats = {seat.user_id: seat for seat in meeting.participants.all() if seat.role == side}
    mine = seats.get(user.pk)
    actions = []
    if mine is None or mine.response != ACCEPTED:
        actions.append("accept")
    colleague_accepted = any(
        seat.response == ACCEPTED for pk, seat in seats.items() if pk != user.pk
    )
    if meeting.requested_by_id != user.pk and (
        (mine is not None and mine.response != DECLINED)
        or (side == HOST and not colleague_accepted)
    ):
        actions.append("decline")
    if meeting.requested_by_id == user.pk or (side == HOST and proposed_by_staff(meeting)):
        actions.append("cancel")
    actions.append("reschedule")
    return actions


def overlaps_for(meeting, user, side):
    if side != GUEST:
        return []
    return buyer_overlaps(user, meeting.starts_at, meeting.ends_at, meeting)
