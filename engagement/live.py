"""Live-stream audience (SPEC 6.2.2.1: live streaming with replay, recommending popular
live streams, exhibitors see who watched their replays).

The exhibitor schedules a session as a "live stream" block of its booth (booths.blocks);
`sync_booth` mirrors the published blocks into `LiveSession` rows so that viewers can be
counted against something stable. The player on the static site sends a heartbeat every
15–20 s while it plays; each beat keeps one `Viewing` row per (session, mode, viewer key)
up to date. From those rows come the "hot live" list (current viewers), the live peaks
and the replay audience an exhibitor sees. Design notes: docs/engagement.md, "Live streams".
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.encoding import filepath_to_uri

from booths.models import BoothPage, DerivedMedia
from engagement.models import LiveSession, Viewing
from engagement.pages import in_language

UPCOMING, LIVE, ENDED = "upcoming", "live", "ended"
# Streams start late and run over, and viewers' clocks drift: live beats are taken this
# long before the scheduled start and after the scheduled end.
LIVE_SLACK = datetime.timedelta(minutes=5)
# A beat credits at most the wall time since the previous beat plus this, and never more
# than MAX_BEAT_SECONDS: a client cannot claim an hour in one beat.
BEAT_SLACK_SECONDS = 5
MAX_BEAT_SECONDS = 60
# The hot list is read by every booth page; a few seconds' staleness is invisible.
HOT_CACHE_SECONDS = 5
HOT_MAX = 50


class NotWatchable(Exception):  # noqa: N818 (reads as the condition, like Http404)
    """A beat for a session that cannot be watched in that mode now (`code` says why)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


# ---------------------------------------------------------------------------------------
# Sessions mirrored from the booth's blocks
# ---------------------------------------------------------------------------------------


def source_booth(page):
    """The source-language booth of a booth page in any language (None if there is none).

    Sessions belong to the source booth: every translation shows the same sessions, as
    likes and comments are kept against the source page (engagement.pages).
    """
    if page.locale.language_code == settings.SOURCE_LOCALE:
        return BoothPage.objects.filter(pk=page.pk).first()
    return BoothPage.objects.filter(
        translation_key=page.translation_key, locale__language_code=settings.SOURCE_LOCALE
    ).first()


def _session_fields(block):
    value = block.value
    stream_url = value.get("stream_url") or ""
    replay_url = value.get("replay_url") or ""
    return {
        "title": (value.get("title") or "")[:200],
        "starts_at": value["starts_at"],
        "ends_at": value["ends_at"],
        # Longer than the column: left out rather than cut into a broken link (the booth
        # page still links the block's own URL).
        "stream_url": stream_url if len(stream_url) <= 500 else "",
        "replay_id": value["replay"].pk if value.get("replay") else None,
        "replay_url": replay_url if len(replay_url) <= 500 else "",
    }


@transaction.atomic
def sync_booth(page):
    """Make the listed LiveSessions of a booth those of its published source page.

    One row per live-stream block, keyed by the block's id; a block that is gone (or a
    booth that is no longer live) leaves its row unlisted, not deleted, so that the
    audience figures stay. Blocks without a start or an end cannot be counted against and
    are skipped. Returns the listed sessions.
    """
    booth = source_booth(page)
    if booth is None:
        return []
    blocks = []
    if booth.live:
        blocks = [
            block
            for block in booth.body
            if block.block_type == "live_stream"
            and block.id
            and block.value.get("starts_at")
            and block.value.get("ends_at")
        ]
    existing = {session.block_id: session for session in LiveSession.objects.filter(booth=booth)}
    listed, new = [], []
    for block in blocks:
        fields = {**_session_fields(block), "exhibitor_id": booth.exhibitor_id, "listed": True}
        session = existing.get(block.id)
        if session is None:
            new.append(LiveSession(booth_id=booth.pk, block_id=block.id, **fields))
            continue
        changed = [name for name, value in fields.items() if getattr(session, name) != value]
        if changed:
            for name in changed:
                setattr(session, name, fields[name])
            session.save(update_fields=changed)
        listed.append(session)
    listed += LiveSession.objects.bulk_create(new)
    kept = [block.id for block in blocks]
    LiveSession.objects.filter(booth=booth, listed=True).exclude(block_id__in=kept).update(
        listed=False
    )
    return listed


def sync_all():
    """Sync every source-language booth (existing data, `manage.py sync_live_sessions`)."""
    booths = BoothPage.objects.filter(locale__language_code=settings.SOURCE_LOCALE)
    return sum(len(sync_booth(booth)) for booth in booths.select_related("locale"))


# ---------------------------------------------------------------------------------------
# State and playable media
# ---------------------------------------------------------------------------------------


def status(session, now=None):
    """upcoming, live or ended by the schedule (starts_at ≤ now < ends_at is live)."""
    now = now or timezone.now()
    if now < session.starts_at:
        return UPCOMING
    return LIVE if now < session.ends_at else ENDED


def is_hls(url):
    """True for an HLS playlist (what hls.js, and Safari natively, can play)."""
    return bool(url) and urlsplit(url).path.lower().endswith(".m3u8")


def has_replay(session):
    return bool(session.replay_id or session.replay_url)


def _media_url(row, derivative):
    # As the site builder writes it (site_builder.context): the release holds the
    # derivatives under MEDIA_URL.
    return settings.MEDIA_URL + filepath_to_uri(row.derivative_name(derivative["path"]))


def playback(sessions):
    """{session id: what the site's player can play} for sessions with `replay` loaded.

    live_hls: the stream URL when it is an HLS playlist (else the site links the platform
    page). replay_hls / replay_mp4 / replay_poster: the asset pipeline's HLS ladder,
    fast-start MP4 and poster once the upload is processed; until then replay_mp4 is the
    uploaded file at the URL the booth page itself uses. replay_url: the exhibitor's own
    replay link (played by hls.js when it is a playlist, else linked).
    """
    document_ids = [session.replay_id for session in sessions if session.replay_id]
    processed = {}
    if document_ids:
        for row in DerivedMedia.objects.filter(
            document_id__in=document_ids,
            kind=DerivedMedia.Kind.VIDEO,
            status=DerivedMedia.Status.READY,
        ):
            roles = {d.get("role"): d for d in row.manifest.get("derivatives", ())}
            if "video" in roles and "hls" in roles:
                processed[row.document_id] = (row, roles)
    result = {}
    for session in sessions:
        entry = {
            "live_hls": session.stream_url if is_hls(session.stream_url) else "",
            "replay_hls": "",
            "replay_mp4": "",
            "replay_poster": "",
            "replay_url": session.replay_url,
        }
        if session.replay_id in processed:
            row, roles = processed[session.replay_id]
            entry["replay_hls"] = _media_url(row, roles["hls"])
            entry["replay_mp4"] = _media_url(row, roles["video"])
            if "poster" in roles:
                entry["replay_poster"] = _media_url(row, roles["poster"])
        elif session.replay_id and session.replay is not None:
            entry["replay_mp4"] = session.replay.file.url
        result[session.pk] = entry
    return result


def block_titles(page_ids):
    """{page id: {block id: live-stream title}} as written on each page (its language).

    Read from the stored JSON without building the blocks: wagtail-localize keeps a
    block's id in every translation, so a session's title in a language is the title of
    the block with its id on that language's page.
    """
    titles = {}
    for page_id, body in BoothPage.objects.filter(pk__in=page_ids).values_list("pk", "body"):
        titles[page_id] = {
            raw.get("id"): (raw.get("value") or {}).get("title") or ""
            for raw in body.raw_data
            if raw.get("type") == "live_stream"
        }
    return titles


# ---------------------------------------------------------------------------------------
# Heartbeats
# ---------------------------------------------------------------------------------------


def heartbeat_window():
    return datetime.timedelta(seconds=settings.LIVE_HEARTBEAT_WINDOW_SECONDS)


def check_watchable(session, mode, now):
    """NotWatchable unless `session` can be watched in `mode` at `now`."""
    if not session.listed:
        raise NotWatchable("not_listed")
    if mode == Viewing.LIVE:
        if not session.starts_at - LIVE_SLACK <= now < session.ends_at + LIVE_SLACK:
            raise NotWatchable("not_live")
    elif mode == Viewing.REPLAY:
        if not has_replay(session):
            raise NotWatchable("no_replay")
    else:
        raise NotWatchable("bad_mode")


def _locked_viewing(session, mode, viewer_key):
    return (
        Viewing.objects.select_for_update()
        .filter(session=session, mode=mode, viewer_key=viewer_key)
        .first()
    )


@transaction.atomic
def heartbeat(session, mode, viewer_key, user=None, visible_seconds=0, now=None):
    """Record that `viewer_key` watched `session` in `mode`; returns (viewing, credited).

    The client reports the seconds it played visibly since its previous beat; what is
    credited is at most the wall time since that beat plus BEAT_SLACK_SECONDS, and at most
    MAX_BEAT_SECONDS (the first beat opens the viewing and credits at most the slack).
    `user` attributes the viewing to an account (None: anonymous). A viewing keeps the
    account that opened it; a beat from another one (or an anonymous beat on an
    attributed viewing) is refused with NotWatchable("viewer_taken").
    """
    now = now or timezone.now()
    check_watchable(session, mode, now)
    if user is not None and not user.is_authenticated:
        user = None
    viewing, created = _locked_viewing(session, mode, viewer_key), False
    if viewing is None:
        try:
            with transaction.atomic():
                viewing = Viewing.objects.create(
                    session=session, mode=mode, viewer_key=viewer_key, user=user, last_seen_at=now
                )
                created = True
        except IntegrityError:  # the same viewer's first beat twice at once
            viewing = _locked_viewing(session, mode, viewer_key)
    if viewing.user_id is not None and viewing.user_id != getattr(user, "pk", None):
        raise NotWatchable("viewer_taken")
    elapsed = 0 if created else max(0, int((now - viewing.last_seen_at).total_seconds()))
    credited = max(0, min(int(visible_seconds), elapsed + BEAT_SLACK_SECONDS, MAX_BEAT_SECONDS))
    viewing.seconds += credited
    viewing.last_seen_at = max(now, viewing.last_seen_at)
    if user is not None:
        viewing.user = user
    viewing.save(update_fields=["seconds", "last_seen_at", "user"])
    return viewing, credited


def current_viewers(session_ids, now=None):
    """{session id: live viewers whose last beat is within the heartbeat window}."""
    cutoff = (now or timezone.now()) - heartbeat_window()
    rows = (
        Viewing.objects.filter(session_id__in=session_ids, mode=Viewing.LIVE)
        .filter(last_seen_at__gte=cutoff)
        .values("session_id")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(session_ids, 0)
    counts.update({row["session_id"]: row["n"] for row in rows})
    return counts


# ---------------------------------------------------------------------------------------
# The hot live list
# ---------------------------------------------------------------------------------------


def _live_now(now):
    viewers = (
        Viewing.objects.filter(
            session=OuterRef("pk"), mode=Viewing.LIVE, last_seen_at__gte=now - heartbeat_window()
        )
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        LiveSession.objects.filter(
            listed=True, booth__live=True, starts_at__lte=now, ends_at__gt=now
        )
        .annotate(viewers=Coalesce(Subquery(viewers, output_field=IntegerField()), Value(0)))
        .select_related("booth")
    )


def hot_live(limit=10, locale=None, now=None):
    """The sessions live now, most current viewers first (ties: the earlier start first),
    with their booth's title, URL and the session's title in `locale` where translated.

    Read on every booth page: computed in a constant number of queries (the sessions with
    their viewer counts in one aggregate, then the booths' translations) and cached for
    HOT_CACHE_SECONDS per language and limit. An explicit `now` reads past the cache.
    """
    limit = max(1, min(int(limit), HOT_MAX))
    locale = locale if locale in dict(settings.LANGUAGES) else ""
    key = f"engagement:live:hot:{locale}:{limit}"
    rows = cache.get(key) if now is None else None
    if rows is None:
        rows = _hot_rows(limit, locale, now or timezone.now())
        if now is None:
            cache.set(key, rows, HOT_CACHE_SECONDS)
    return rows


def _hot_rows(limit, locale, now):
    sessions = list(_live_now(now).order_by("-viewers", "starts_at", "pk")[:limit])
    if not sessions:
        return []
    shown = in_language({session.booth for session in sessions}, locale)
    titles = block_titles({shown[session.booth_id][0] for session in sessions})
    rows = []
    for session in sessions:
        page_id, booth_title, url = shown[session.booth_id]
        rows.append(
            {
                "session_id": session.pk,
                "title": titles.get(page_id, {}).get(session.block_id) or session.title,
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "viewers": session.viewers,
                "stream_url": session.stream_url,
                "live_hls": session.stream_url if is_hls(session.stream_url) else "",
                "booth": {"page_id": page_id, "title": booth_title, "url": url},
            }
        )
    return rows


# ---------------------------------------------------------------------------------------
# What the exhibitor sees
# ---------------------------------------------------------------------------------------

# Viewers shown by name: buyers (their account and profile are what SPEC 6.2.2.1's "who
# watched" means). Anyone else (not signed in, or exhibitor / organizer staff) is counted.
NAMED = Q(user__buyer_account__isnull=False)


def replay_audience(exhibitor):
    """For each of the exhibitor's sessions (unlisted ones too: the figures stay), the
    buyers who watched its replay by name with their seconds, most seconds first, and the
    count and seconds of the other viewers. Three queries."""
    sessions = list(LiveSession.objects.filter(exhibitor=exhibitor).order_by("-starts_at", "pk"))
    return audience_of(sessions)


def audience_of(sessions):
    """replay_audience() for given sessions (the admin's page of them)."""
    ids = [session.pk for session in sessions]
    named, others = {}, {}
    replays = Viewing.objects.filter(session_id__in=ids, mode=Viewing.REPLAY)
    for row in (
        replays.filter(NAMED)
        .values(
            "session_id",
            "user_id",
            "user__first_name",
            "user__last_name",
            "user__buyer_profile__company_name",
            "user__buyer_profile__country",
        )
        .annotate(total=Sum("seconds"))
        .order_by("session_id", "-total", "user_id")
    ):
        name = f"{row['user__first_name']} {row['user__last_name']}".strip()
        named.setdefault(row["session_id"], []).append(
            {
                "user_id": row["user_id"],
                "name": name,
                "company": row["user__buyer_profile__company_name"] or "",
                "country": str(row["user__buyer_profile__country"] or ""),
                "seconds": row["total"] or 0,
            }
        )
    for row in (
        replays.exclude(NAMED)
        .values("session_id")
        .annotate(n=Count("pk"), total=Sum("seconds"))
        .order_by()
    ):
        others[row["session_id"]] = (row["n"], row["total"] or 0)
    return [
        {
            "session": session,
            "viewers": named.get(session.pk, []),
            "anonymous_viewers": others.get(session.pk, (0, 0))[0],
            "anonymous_seconds": others.get(session.pk, (0, 0))[1],
        }
        for session in sessions
    ]


def live_figures(sessions, now=None):
    """{session id: {"current", "peak", "viewers", "seconds"}} of the live audience.

    The peak is the most viewings whose first-to-last-beat spans overlap: an upper bound
    of the true concurrent audience (a viewer who paused still counts in between), drawn
    from the rows kept anyway instead of a time series written on every beat. One query.
    """
    now = now or timezone.now()
    cutoff = now - heartbeat_window()
    spans = {session.pk: [] for session in sessions}
    figures = {pk: {"current": 0, "peak": 0, "viewers": 0, "seconds": 0} for pk in spans}
    for session_id, started, seen, seconds in Viewing.objects.filter(
        session_id__in=list(spans), mode=Viewing.LIVE
    ).values_list("session_id", "started_at", "last_seen_at", "seconds"):
        entry = figures[session_id]
        entry["viewers"] += 1
        entry["seconds"] += seconds
        entry["current"] += seen >= cutoff
        spans[session_id].append((min(started, seen), max(started, seen)))
    for session_id, pairs in spans.items():
        # Starts sort before ends at the same instant (0 < 1): a one-beat viewing counts.
        events = sorted([(a, 0) for a, _b in pairs] + [(b, 1) for _a, b in pairs])
        watching = peak = 0
        for _when, is_end in events:
            watching += -1 if is_end else 1
            peak = max(peak, watching)
        figures[session_id]["peak"] = peak
    return figures
