"""Time zones for video meetings (SPEC 5.6.3): the show runs in Asia/Shanghai, buyers are
everywhere, so every time is stored in UTC and read in two zones, the reader's and the show's.

A time sent without an offset is read in the sender's zone. Wall-clock times that do not
exist (skipped when clocks go forward) or happen twice (when they go back) are refused
rather than guessed: a meeting an hour off is worse than a question.
"""

import datetime
import functools
import zoneinfo

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from engagement import identity


class InvalidTime(ValueError):
    """A time or zone that cannot be placed on the time line; the message says why."""


@functools.cache
def known_zones():
    return frozenset(zoneinfo.available_timezones())


def zone(name):
    """The IANA zone `name` ("America/New_York"); InvalidTime for anything else, including
    file paths, which ZoneInfo would otherwise try to open."""
    if not name or name not in known_zones():
        raise InvalidTime(_("%(zone)s is not a known time zone.") % {"zone": name})
    return zoneinfo.ZoneInfo(name)


def show_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def zone_name_of(user):
    """The zone a person reads times in: a buyer's own, the show's for everyone else."""
    account = identity.buyer_account(user)
    name = account.time_zone if account is not None else settings.TIME_ZONE
    return name if name in known_zones() else settings.TIME_ZONE


def language_of(user):
    account = identity.buyer_account(user)
    return account.language if account is not None else settings.LANGUAGE_CODE


def to_utc(value, zone_name):
    """An aware UTC datetime from `value`: converted if it has an offset, otherwise read as
    a wall-clock time in `zone_name`."""
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(datetime.UTC)
    tz = zone(zone_name)
    early = value.replace(tzinfo=tz, fold=0)
    late = value.replace(tzinfo=tz, fold=1)
    if early.utcoffset() != late.utcoffset():
        # fold only matters at a transition: a gap (the time is skipped) or an overlap.
        back = early.astimezone(datetime.UTC).astimezone(tz).replace(tzinfo=None)
        if back != value:
            raise InvalidTime(
                _("%(time)s does not exist in %(zone)s: the clocks skip it.")
                % {"time": value.strftime("%Y-%m-%d %H:%M"), "zone": zone_name}
            )
        raise InvalidTime(
            _("%(time)s happens twice in %(zone)s (the clocks go back): give the UTC offset.")
            % {"time": value.strftime("%Y-%m-%d %H:%M"), "zone": zone_name}
        )
    return early.astimezone(datetime.UTC)


def offset_label(moment):
    """ "UTC+08:00", "UTC-04:00": the offset people compare zones by."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def span(starts_at, ends_at, zone_name):
    """A meeting's time in one zone, in the active language: "Tuesday, March 10, 2026,
    21:00–21:30 (Asia/Shanghai, UTC+08:00)"; 24-hour clock, understood everywhere."""
    tz = zone(zone_name)
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    end_text = end.strftime("%H:%M")
    if end.date() != start.date():
        end_text = f"{formats.date_format(end, 'DATE_FORMAT')} {end_text}"
    return _("%(weekday)s, %(date)s, %(start)s–%(end)s (%(zone)s, %(offset)s)") % {
        "weekday": formats.date_format(start, "l"),
        "date": formats.date_format(start, "DATE_FORMAT"),
        "start": start.strftime("%H:%M"),
        "end": end_text,
        "zone": zone_name,
        "offset": offset_label(start),
    }
