"""/api/v1/live/…, /api/v1/booths/{id}/live, /api/v1/exhibitors/{id}/replay-viewers: the
live-stream audience (SPEC 6.2.2.1: live with replay, popular live streams, who watched the
replays). The service is engagement.live; docs/engagement.md, "Live streams", has the
player's protocol."""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.utils import check_csrf

from booths.models import BoothPage, ExhibitorProfile
from cms import ratelimit
from cms.api_auth import signed_in
from cms.api_errors import ApiError, error_responses
from engagement import identity, live
from engagement.models import LiveSession

router = Router(tags=["live streams"])

MAX_ID = 2**63 - 1  # larger ids cannot be in the database: 422, not a database error

REFUSALS = {
    "not_listed": (404, gettext_lazy("This live stream is not on show.")),
    "not_live": (409, gettext_lazy("This live stream is not on air now.")),
    "no_replay": (409, gettext_lazy("This live stream has no replay.")),
    "viewer_taken": (
        409,
        gettext_lazy("This viewer id belongs to another viewer; start a new one."),
    ),
}


class BoothRef(Schema):
    page_id: int = Field(description="the booth page in the requested language")
    title: str
    url: str = Field(description="its path on the static site")


class HotSessionOut(Schema):
    session_id: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    viewers: int = Field(description="viewers whose player sent a heartbeat just now")
    stream_url: str
    live_hls: str = Field(description="the stream as an HLS playlist, or empty")
    booth: BoothRef


@router.get("/live/hot", response={200: list[HotSessionOut], **error_responses(422)}, auth=None)
def hot(
    request,
    locale: str = Query("", max_length=15, description="titles and URLs in this language"),
    limit: int = Query(10, ge=1, le=live.HOT_MAX),
):
    """The sessions on air now, most current viewers first ("hot live")."""
    return Status(200, live.hot_live(limit=limit, locale=locale))


class SessionOut(Schema):
    id: int
    title: str = Field(description="as written on the requested page (its language)")
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: Literal["upcoming", "live", "ended"]
    viewers: int = Field(description="current live viewers")
    stream_url: str = Field(description="the stream: an HLS playlist or a platform page")
    live_hls: str = Field(description="stream_url when it is an HLS playlist, else empty")
    replay_hls: str = Field(description="the processed replay's HLS playlist, or empty")
    replay_mp4: str = Field(
        description="the processed replay's MP4, or the uploaded file until it is processed"
    )
    replay_poster: str
    replay_url: str = Field(description="the exhibitor's own replay link, or empty")


def _booth_or_404(page_id):
    page = BoothPage.objects.live().filter(pk=page_id).select_related("locale").first()
    source = live.source_booth(page) if page is not None else None
    if source is None or not source.live:
        raise ApiError(404, "not_found", _("This booth is not on show."))
    return page, source


@router.get(
    "/booths/{page_id}/live",
    response={200: list[SessionOut], **error_responses(404, 422)},
    auth=None,
)
def booth_sessions(request, page_id: int = Path(..., ge=1, le=MAX_ID)):
    """The booth's live sessions in time order, with what the site's player can play."""
    page, source = _booth_or_404(page_id)
    sessions = list(
        LiveSession.objects.filter(booth=source, listed=True)
        .select_related("replay")
        .order_by("starts_at", "pk")
    )
    media = live.playback(sessions)
    viewers = live.current_viewers([session.pk for session in sessions])
    titles = live.block_titles([page.pk]).get(page.pk, {})
    return Status(
        200,
        [
            {
                "id": session.pk,
                "title": titles.get(session.block_id) or session.title,
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "status": live.status(session),
                "viewers": viewers[session.pk],
                "stream_url": session.stream_url,
                **media[session.pk],
            }
            for session in sessions
        ],
    )


class HeartbeatIn(Schema):
    mode: Literal["live", "replay"]
    viewer: str = Field(
        pattern=r"^[A-Za-z0-9_-]{8,64}$",
        description="a random id the player makes per page load (not stored with anything "
        "that identifies the reader)",
    )
    seconds: int = Field(
        0, ge=0, le=86400, description="seconds played visibly since the previous beat"
    )


class HeartbeatOut(Schema):
    session_id: int
    mode: str
    credited: int = Field(description="seconds counted from this beat (clamped)")
    seconds: int = Field(description="this viewing's seconds so far")
    viewers: int = Field(description="current live viewers (0 for a replay)")


def _attributed_user(request):
    """The signed-in account, when the beat proves it comes from our own page.

    Beats need no CSRF token: an anonymous beat carries no authority. But a beat that
    names its sender reveals that buyer to the exhibitor, so a page elsewhere must not be
    able to make a signed-in buyer's browser report them as a viewer. Only a beat with
    the session's CSRF token is attributed; one without it counts as anonymous.
    """
    user = request.user
    if user.is_authenticated and user.is_active and check_csrf(request) is None:
        return user
    return None


@router.post(
    "/live/{session_id}/heartbeat",
    response={200: HeartbeatOut, **error_responses(400, 404, 409, 422, 429)},
    auth=None,
)
def heartbeat(request, payload: HeartbeatIn, session_id: int = Path(..., ge=1, le=MAX_ID)):
    """The player's beat, every 15–20 s while it plays (and once when it stops)."""
    ratelimit.check(request, "live_heartbeat", per_ip="600/m", per_user="60/m")
    session = LiveSession.objects.filter(pk=session_id, listed=True).first()
    if session is None:
        raise ApiError(404, "not_found", _("This live stream is not on show."))
    try:
        viewing, credited = live.heartbeat(
            session, payload.mode, payload.viewer, _attributed_user(request), payload.seconds
        )
    except live.NotWatchable as refusal:
        status, message = REFUSALS.get(refusal.code, (409, _("This cannot be watched now.")))
        raise ApiError(status, refusal.code, message) from None
    viewers = live.current_viewers([session.pk])[session.pk] if payload.mode == "live" else 0
    return Status(
        200,
        {
            "session_id": session.pk,
            "mode": viewing.mode,
            "credited": credited,
            "seconds": viewing.seconds,
            "viewers": viewers,
        },
    )


class ReplayViewerOut(Schema):
    user_id: int
    name: str
    company: str
    country: str
    seconds: int


class ReplayAudienceOut(Schema):
    session_id: int
    title: str
    booth_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    listed: bool = Field(description="false once the session is gone from the booth")
    viewers: list[ReplayViewerOut] = Field(description="buyers who watched, most seconds first")
    anonymous_viewers: int = Field(description="viewers not signed in as buyers")
    anonymous_seconds: int


@router.get(
    "/exhibitors/{exhibitor_id}/replay-viewers",
    response={200: list[ReplayAudienceOut], **error_responses(401, 403, 422)},
    auth=signed_in,
)
def replay_viewers(request, exhibitor_id: int = Path(..., ge=1, le=MAX_ID)):
    """For the exhibitor's staff: who watched the replays of its live sessions."""
    exhibitor = ExhibitorProfile.objects.filter(pk=exhibitor_id).first()
    if exhibitor is None or not identity.speaks_for(request.user, exhibitor):
        raise ApiError(403, "forbidden", _("You do not work for this exhibitor."))
    return Status(
        200,
        [
            {
                "session_id": entry["session"].pk,
                "title": entry["session"].title,
                "booth_id": entry["session"].booth_id,
                "starts_at": entry["session"].starts_at,
                "ends_at": entry["session"].ends_at,
                "listed": entry["session"].listed,
                "viewers": entry["viewers"],
                "anonymous_viewers": entry["anonymous_viewers"],
                "anonymous_seconds": entry["anonymous_seconds"],
            }
            for entry in live.replay_audience(exhibitor)
        ],
    )
