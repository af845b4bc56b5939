"""Who is committed when: the time-line facts behind video meetings (SPEC 5.6.3).

Read by the rules (engagement.meetings: double booking, buyers' overlaps) and by the
availability a buyer sees before asking. A person is committed to a meeting when their seat
is accepted and the meeting is neither cancelled nor declined; intervals are [start, end),
so one meeting may end when the next begins.
"""

from engagement.models import Meeting, MeetingParticipant

ACTIVE = (Meeting.REQUESTED, Meeting.ACCEPTED)
ACCEPTED = MeetingParticipant.ACCEPTED
PENDING = MeetingParticipant.PENDING


def host_conflicts(user_ids, starts_at, ends_at, exclude=None):
    """Seats of these people in other meetings they are committed to, overlapping
    [starts_at, ends_at)."""
    seats = MeetingParticipant.objects.filter(
        user_id__in=list(user_ids),
        response=ACCEPTED,
        meeting__status__in=ACTIVE,
        meeting__starts_at__lt=ends_at,
        meeting__ends_at__gt=starts_at,
    ).select_related("meeting", "user")
    if exclude is not None:
        seats = seats.exclude(meeting_id=exclude.pk)
    return list(seats.order_by("meeting__starts_at", "pk"))


def buyer_overlaps(user, starts_at, ends_at, exclude=None):
    """The buyer's other live meetings at the same time (seats not declined)."""
    meetings = Meeting.objects.filter(
        participants__user=user,
        participants__response__in=[PENDING, ACCEPTED],
        status__in=ACTIVE,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if exclude is not None:
        meetings = meetings.exclude(pk=exclude.pk)
    return list(meetings.distinct().order_by("starts_at", "pk"))


def busy_intervals(exhibitor, start, end):
    """When the exhibitor cannot take a meeting within [start, end): the times at which
    every one of its staff is committed elsewhere. Intervals only: no titles, no names, no
    count of staff, since buyers read this."""
    staff = list(exhibitor.owners.filter(is_active=True).values_list("pk", flat=True))
    if not staff:
        return [(start, end)]
    per_person = {pk: [] for pk in staff}
    for seat in host_conflicts(staff, start, end):
        per_person[seat.user_id].append(
            (max(seat.meeting.starts_at, start), min(seat.meeting.ends_at, end))
        )
    common = None
    for intervals in per_person.values():
        merged = merge(intervals)
        common = merged if common is None else intersect(common, merged)
    return common or []


def merge(intervals):
    """Sorted, non-overlapping intervals covering the same time (touching ones joined)."""
    result = []
    for start, end in sorted(intervals):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result


def intersect(first, second):
    """The time covered by both lists of merged intervals."""
    result, i, j = [], 0, 0
    while i < len(first) and j < len(second):
        start = max(first[i][0], second[j][0])
        end = min(first[i][1], second[j][1])
        if start < end:
            result.append((start, end))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return result
