"""First-party analytics beacons (SPEC 4.3): from a validated batch to stored events.

The static site sends batches with `navigator.sendBeacon`; `engagement.api.beacons` checks
their shape and hands them here. This module decides what is stored, and keeps the write
path lean, because beacons are most of the API's traffic: a batch costs one
`INSERT … ON CONFLICT DO NOTHING`, page resolution comes from the shared cache and the
day's salt from an in-process one, and nothing is looked up per event.

Privacy (SPEC 4.3 with 6.1.2): the client's IP address is never stored, only an HMAC of it
keyed with a salt of the day that is deleted the day after next (`forget_old_salts`), so
hashes link one visitor's events within a day and nothing across days. Do-Not-Track,
Global Privacy Control and a batch without consent store no visitor id, no hash and no
user. Neither the full User-Agent (only a coarse device class) nor URL query strings are
kept, and search queries are screened for e-mail addresses and phone numbers.
"""

import functools
import hashlib
import hmac
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, router
from django.utils import timezone

from cms.ratelimit import ip_bucket
from engagement.models import AnalyticsSalt, Event
from engagement.pages import EXHIBIT, targets

# What the API accepts (SPEC 4.3); the schema in engagement.api.beacons reads these.
MAX_EVENTS = 50
MAX_DWELL_MS = 6 * 3600 * 1000
PAST_WINDOW = timedelta(hours=24)
FUTURE_WINDOW = timedelta(minutes=5)
REMOVED = "[removed]"

BOT = "bot"
MOBILE = "mobile"
TABLET = "tablet"
DESKTOP = "desktop"


# --- time: the show's days -------------------------------------------------------------


def show_zone():
    """Days are the show's days (settings.TIME_ZONE, Asia/Shanghai), not the server's or
    the visitor's: a daily figure must mean the same day to the organizer and exhibitors."""
    return ZoneInfo(settings.TIME_ZONE)


def show_day(moment):
    return moment.astimezone(show_zone()).date()


# --- the daily salt and the IP hash -----------------------------------------------------

_salts = {}
_salts_lock = threading.Lock()


def _salt(day):
    """The day's key, created by whichever process needs it first; kept in-process because
    it never changes once made (the unique `day` settles a race between processes)."""
    salt = _salts.get(day)
    if salt is None:
        row, _created = AnalyticsSalt.objects.get_or_create(
            day=day, defaults={"salt": secrets.token_hex(32)}
        )
        salt = row.salt
        with _salts_lock:
            _salts[day] = salt
            for old in [known for known in _salts if known < day - timedelta(days=1)]:
                del _salts[old]  # a forgotten salt must not live on in memory either
    return salt


def hash_ip(ip, day):
    """HMAC-SHA256 of the client address under `day`'s salt (64 hex digits), "" without an
    address. IPv6 is hashed by its /64, the unit one household or phone rotates within,
    so one visitor stays one hash for the day."""
    if not ip:
        return ""
    return hmac.new(_salt(day).encode(), ip_bucket(ip).encode(), hashlib.sha256).hexdigest()


def forget_old_salts(today=None):
    """Delete the salts of the days before yesterday: their hashes can no longer be
    recomputed from an address, so the stored events stop being linkable to one.
    Yesterday's stays because beacons may arrive up to 24 h late (PAST_WINDOW)."""
    today = today or show_day(timezone.now())
    keep_from = today - timedelta(days=1)
    deleted, _detail = AnalyticsSalt.objects.filter(day__lt=keep_from).delete()
    with _salts_lock:
        for old in [known for known in _salts if known < keep_from]:
            del _salts[old]
    return deleted


# --- the device, from the User-Agent ----------------------------------------------------

_BOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrap|headless|lighthouse|pagespeed|preview|"
    r"monitor|curl/|wget/|python|java/|go-http|okhttp|httpclient|libwww|phantomjs|"
    r"selenium|puppeteer|playwright|axios/|node-fetch|facebookexternalhit|k6/",
    re.IGNORECASE,
)
_TABLETS = re.compile(r"iPad|Tablet|Kindle|Silk/|PlayBook|Android(?!.*Mobi)", re.IGNORECASE)
_MOBILES = re.compile(r"Mobi|iPhone|iPod|Windows Phone|Opera Mini", re.IGNORECASE)


def classify(user_agent):
    """bot, tablet, mobile or desktop. No User-Agent at all counts as a bot: every browser
    sends one, scripts often do not. iPads that present themselves as a Mac are counted
    as desktops; nothing in the header tells them apart."""
    if not user_agent or _BOTS.search(user_agent):
        return BOT
    if _TABLETS.search(user_agent):
        return TABLET
    if _MOBILES.search(user_agent):
        return MOBILE
    return DESKTOP


# --- screening what visitors type -------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits, possibly with +, spaces, dots, dashes or brackets between them:
# phone numbers and ID numbers; "5–20 kW" or "1200 mm" stay.
_PHONE = re.compile(r"\+?\(?\d(?:[\s().-]{0,2}\d){6,}")


def scrub(text):
    """A search query without e-mail addresses and phone numbers (SPEC 4.3: search data
    without personal data): they are replaced by "[removed]"."""
    return _PHONE.sub(REMOVED, _EMAIL.sub(REMOVED, text)).strip()


def without_query(url):
    """scheme://host/path of a URL: query strings and fragments carry search terms, tokens
    and campaign ids of one person; user:password@ is dropped too. "" if unusable."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return ""
    if parts.scheme not in {"http", "https"} or not host:
        return ""
    return urlunsplit((parts.scheme, host + port, parts.path, "", ""))[:500]


# --- which booth or exhibit a page counts for -------------------------------------------


def page_targets(page_ids):
    """{page id: (source booth id, source exhibit id or None)} for the ids that are live
    booth or exhibit pages in any language: an event counts for the source-language page,
    so /en/ and /zh-hans/ views add up. Read through engagement.pages.targets, cached per
    page id in the shared cache (misses included) and dropped when a page is published,
    moved or deleted: a steady stream of beacons costs no query here."""
    found = targets(page_id for page_id in page_ids if page_id is not None)
    return {
        page_id: (target.booth_id, target.page_id if target.kind == EXHIBIT else None)
        for page_id, target in found.items()
    }


def clear_caches():
    """Forget the in-process salts (tests, whose database rolls back under them)."""
    with _salts_lock:
        _salts.clear()


# --- recording a batch ------------------------------------------------------------------


@dataclass(frozen=True)
class RequestMeta:
    """What the service needs from the HTTP request, and nothing it must not keep."""

    ip: str
    user_agent: str
    opted_out: bool  # DNT: 1 or Sec-GPC: 1
    user: object = None  # request.user, read only when the visitor consented


@dataclass(frozen=True)
class Outcome:
    accepted: int  # stored now
    duplicates: int  # already stored (a retry) or twice in the batch
    rejected: int  # from a bot, or outside the time window


def _data(event):
    """The stored `data` of one event: as validated, minus what must not be kept."""
    data = event.data.model_dump(exclude_none=True)
    if event.kind == Event.PAGE_VIEW and "referrer" in data:
        referrer = without_query(data.pop("referrer"))
        if referrer:
            data["referrer"] = referrer
    elif event.kind == Event.DWELL:
        data = {"dwell_ms": data["ms"]}  # the name Event.data documents
    elif event.kind == Event.SEARCH:
        data["query"] = scrub(data["query"])
        data["filters"] = [scrub(value) for value in data.get("filters", [])]
    return data


def _counts_for(event):
    """The page an event is about: an exhibit click is about the exhibit clicked,
    wherever the click was (Event.page_id keeps where); any other event its page."""
    return event.data.target if event.kind == Event.EXHIBIT_CLICK else event.page


def _user_id(user):
    return user.pk if user is not None and user.is_authenticated else None


def record(batch, meta, now=None):
    """Store a validated batch (engagement.api.beacons.Batch); an Outcome of how many of
    its events were stored, already there, or refused.

    Events from bots are refused whole; events whose time is more than 24 h past or 5 min
    ahead are refused one by one (a clock far off, or an old replay). Pages that are not
    live booths or exhibits are stored without booth and exhibit: they still count for the
    site as a whole, not for any booth.
    """
    events = list(batch.events)
    device = classify(meta.user_agent)
    if device == BOT:
        return Outcome(0, 0, len(events))
    now = now or timezone.now()
    now_ms = int(now.timestamp() * 1000)
    low = now_ms - int(PAST_WINDOW.total_seconds() * 1000)
    high = now_ms + int(FUTURE_WINDOW.total_seconds() * 1000)
    tracked = bool(batch.consent) and not meta.opted_out
    visitor = (batch.visitor or "") if tracked else ""
    user_id = _user_id(meta.user) if tracked else None

    kept, seen, rejected = [], set(), 0
    for event in events:
        if not low <= event.ts <= high:
            rejected += 1
        elif event.event_id not in seen:
            seen.add(event.event_id)
            kept.append(event)
    where = page_targets(_counts_for(event) for event in kept)
    hashes = {}
    rows = []
    for event in kept:
        occurred = datetime.fromtimestamp(event.ts / 1000, tz=UTC)
        ip_hash = ""
        if tracked:
            day = show_day(occurred)
            if day not in hashes:
                hashes[day] = hash_ip(meta.ip, day)
            ip_hash = hashes[day]
        booth_id, exhibit_id = where.get(_counts_for(event), (None, None))
        rows.append(
            (
                event.event_id,
                event.kind,
                event.page,
                booth_id,
                exhibit_id,
                event.locale,
                occurred,
                now,
                visitor,
                ip_hash,
                user_id,
                device,
                _data(event),
            )
        )
    accepted = _insert(rows)
    return Outcome(accepted, len(events) - rejected - accepted, rejected)


# The stored columns, in the order of the row tuples record() builds.
COLUMNS = (
    "event_id",
    "kind",
    "page_id",
    "booth_id",
    "exhibit_id",
    "locale",
    "occurred_at",
    "received_at",
    "visitor",
    "ip_hash",
    "user",
    "device",
    "data",
)
DATA = COLUMNS.index("data")


@functools.cache
def _insert_sql(count, vendor):
    """INSERT … ON CONFLICT (event_id) DO NOTHING RETURNING event_id for `count` rows
    (PostgreSQL, SQLite ≥ 3.35); one text per batch size, made once."""
    table = connections[router.db_for_write(Event)].ops.quote_name(Event._meta.db_table)
    columns = ", ".join(Event._meta.get_field(name).column for name in COLUMNS)
    row = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    return (
        f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * count)} "  # noqa: S608 (names from the model, values bound)
        "ON CONFLICT (event_id) DO NOTHING RETURNING event_id"
    )


def _insert(rows):
    """Insert the rows whose event_id is new, in one statement; how many were inserted.

    `bulk_create(ignore_conflicts=True)` would not say how many rows a retry skipped, and
    the answer must: the site drops a batch from its retry queue once it is acknowledged,
    and a load test checks that no acknowledged event is lost. So this is INSERT … ON
    CONFLICT DO NOTHING with `RETURNING event_id`, read with fetchall(): the rows returned
    are the rows inserted. Written out rather than compiled by the ORM per batch, because
    beacons are most of the API's traffic and compiling the INSERT cost more than sending
    it (bench/api_load.py); the values are prepared by the model's own fields, except on
    PostgreSQL where psycopg adapts UUIDs, datetimes and JSON directly.
    """
    if not rows:
        return 0
    connection = connections[router.db_for_write(Event)]
    if connection.vendor == "postgresql":
        params = [
            connection.ops.adapt_json_value(value, None) if index == DATA else value
            for row in rows
            for index, value in enumerate(row)
        ]
    else:
        fields = [Event._meta.get_field(name) for name in COLUMNS]
        params = [
            field.get_db_prep_save(value, connection)
            for row in rows
            for field, value in zip(fields, row, strict=True)
        ]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(len(rows), connection.vendor), params)
        return len(cursor.fetchall())
