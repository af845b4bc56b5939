"""POST /api/v1/events: the static site's analytics beacons (SPEC 4.3).

The site batches events and sends them with `navigator.sendBeacon`, which posts a string
as `text/plain;charset=UTF-8`: a "simple" request that needs no CORS preflight and survives
the page being closed. So this operation takes `application/json` and `text/plain` alike and
parses the body itself, with hard limits before and while parsing (16 KiB, 50 events, no
unknown keys anywhere, per-kind `data`), and documents that body in OpenAPI by hand.

No CSRF token: the operation is anonymous and append-only, and a forged beacon gains its
sender nothing a direct request would not (SPEC 6.1.2); rate-limited per address instead.
"""

import uuid
from typing import Annotated, Literal

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cms import ratelimit
from cms.api_errors import ApiError, error_responses
from engagement import beacons

router = Router(tags=["analytics"])

MAX_BODY_BYTES = 16 * 1024
CONTENT_TYPES = ("application/json", "text/plain")
# Free text without control characters (PostgreSQL refuses NUL in text and jsonb).
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
LocaleCode = Literal[tuple(code for code, _name in settings.CONTENT_LANGUAGES)]
PageId = Annotated[int, Field(ge=1, le=2**31 - 1, description="a Wagtail page id")]


class Strict(BaseModel):
    """Unknown keys and coerced types are errors: the site is the only writer, so anything
    else is a bug or an attack, and silently keeping it would poison the figures."""

    model_config = ConfigDict(extra="forbid", strict=True)


class PageViewData(Strict):
    referrer: str | None = Field(
        None,
        max_length=500,
        pattern=r"^https?://[^\s\x00-\x1f\x7f]+$",
        description="document.referrer; stored without query string or fragment",
    )


class DwellData(Strict):
    ms: int = Field(ge=0, le=beacons.MAX_DWELL_MS, description="visible time on the page")


class ClickData(Strict):
    target: PageId = Field(description="the exhibit (or booth) page clicked")


class MediaData(Strict):
    media: Literal["video", "live", "replay", "panorama"]
    ref: str | None = Field(None, pattern=r"^[A-Za-z0-9_.:-]{1,64}$", description="which one")


class ModelData(Strict):
    action: Literal["rotate", "zoom", "ar"]


class SearchData(Strict):
    query: str = Field(max_length=200, pattern=PRINTABLE)
    results: int = Field(ge=0, le=1_000_000)
    filters: list[Annotated[str, Field(max_length=64, pattern=PRINTABLE)]] = Field(
        default_factory=list, max_length=10
    )


class EventBase(Strict):
    event_id: uuid.UUID = Field(description="made by the browser; a retry sends the same")
    ts: int = Field(ge=0, le=2**53, description="client time, ms since the epoch")
    page: PageId
    locale: LocaleCode


class PageView(EventBase):
    kind: Literal["page_view"]
    data: PageViewData = Field(default_factory=PageViewData)


class Dwell(EventBase):
    kind: Literal["dwell"]
    data: DwellData


class ExhibitClick(EventBase):
    kind: Literal["exhibit_click"]
    data: ClickData


class MediaPlay(EventBase):
    kind: Literal["media_play"]
    data: MediaData


class ModelInteraction(EventBase):
    kind: Literal["model_interaction"]
    data: ModelData


class Search(EventBase):
    kind: Literal["search"]
    page: PageId | None = None
    data: SearchData


AnyEvent = Annotated[
    PageView | Dwell | ExhibitClick | MediaPlay | ModelInteraction | Search,
    Field(discriminator="kind"),
]
KINDS = {"page_view", "dwell", "exhibit_click", "media_play", "model_interaction", "search"}


class Batch(Strict):
    events: list[AnyEvent] = Field(min_length=1, max_length=beacons.MAX_EVENTS)
    visitor: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9_-]{16,64}$",
        description="a random id the browser keeps; stored only with consent",
    )
    consent: bool = Field(False, description="analytics consent; absent means no")


class BatchOut(Schema):
    accepted: int = Field(description="events stored now")
    duplicates: int = Field(description="events already stored (a retry) or repeated")
    rejected: int = Field(description="events from bots or with a time outside −24 h…+5 min")


def _inline(schema, definitions):
    """The schema with its `$ref`s replaced by the definitions: the requestBody lives in
    openapi_extra, outside ninja's components, so it must stand alone."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inline(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
        return {
            key: _inline(value, definitions)
            for key, value in schema.items()
            if key not in {"$defs", "discriminator"}  # discriminator mappings name $defs
        }
    if isinstance(schema, list):
        return [_inline(item, definitions) for item in schema]
    return schema


def _request_body():
    schema = Batch.model_json_schema()
    return {
        "required": True,
        "content": {
            "application/json": {"schema": _inline(schema, schema.get("$defs", {}))},
            "text/plain": {
                "schema": {
                    "type": "string",
                    "maxLength": MAX_BODY_BYTES,
                    "description": "the same JSON document as text (navigator.sendBeacon)",
                }
            },
        },
    }


def _invalid(error):
    """422 naming the first bad event by index: the site logs it and drops that batch."""
    problems = error.errors(include_url=False)
    first = min(
        (
            problem["loc"][1]
            for problem in problems
            if problem["loc"][:1] == ("events",)
            and len(problem["loc"]) > 1
            and isinstance(problem["loc"][1], int)
        ),
        default=None,
    )
    fields = {}
    for problem in problems:
        location = list(problem["loc"])
        if location[:1] == ["events"] and len(location) > 1:
            if location[1] != first:
                continue
            if len(location) > 2 and location[2] in KINDS:
                del location[2]  # the union's tag, not a key the client sent
        name = ".".join(str(part) for part in location) or "request"
        fields.setdefault(name, []).append(problem["msg"])
    message = _("Some of what was sent is not valid.")
    return ApiError(422, "invalid", message, fields)


def parse(body):
    """A Batch from the raw body; ApiError 400 for broken JSON, 422 for a bad batch."""
    try:
        return Batch.model_validate_json(body)
    except ValidationError as error:
        if any(problem["type"] == "json_invalid" for problem in error.errors()):
            raise ApiError(400, "bad_json", _("The request is not valid JSON.")) from None
        raise _invalid(error) from None


def _too_large():
    return ApiError(
        413,
        "too_large",
        _("The request is too large (at most %(limit)d KiB).") % {"limit": MAX_BODY_BYTES // 1024},
    )


def _body(request):
    """The raw body, refused unread when its declared length is over the limit."""
    if request.content_type not in CONTENT_TYPES:
        raise ApiError(415, "unsupported_type", _("Send the events as JSON or as plain text."))
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise _too_large()
    body = request.body  # a body sent without a length is capped by the server
    if len(body) > MAX_BODY_BYTES:
        raise _too_large()
    return body


def meta_of(request):
    headers = request.headers
    return beacons.RequestMeta(
        ip=ratelimit.client_ip(request),
        user_agent=headers.get("User-Agent", ""),
        opted_out=headers.get("DNT") == "1" or headers.get("Sec-GPC") == "1",
        user=getattr(request, "user", None),
    )


# Requests per minute and client address (settings.RATE_LIMITS["events"] overrides it).
PER_IP = "600/m"


def accept(request):
    """The operation's work, from the request to the BatchOut answer: shared by
    post_events and the beacon lane (engagement.beacon_lane), which calls it without the
    rest of Django's request handling. ApiError or RateLimited when it must refuse."""
    ratelimit.check(request, "events", per_ip=PER_IP)
    batch = parse(_body(request))
    outcome = beacons.record(batch, meta_of(request))
    return {
        "accepted": outcome.accepted,
        "duplicates": outcome.duplicates,
        "rejected": outcome.rejected,
    }


@router.post(
    "/events",
    response={202: BatchOut, **error_responses(400, 413, 415, 422, 429)},
    auth=None,
    openapi_extra={"requestBody": _request_body()},
    summary="Record analytics events",
)
def post_events(request):
    """Up to 50 events of one page visit (page view, visible dwell time, exhibit click,
    media play, 3D interaction, search), as JSON or as the same JSON in text/plain. Safe
    to retry: events are stored once per `event_id`. Do-Not-Track, Global Privacy
    Control and `consent: false` store the events without anything that identifies the
    visitor (SPEC 4.3)."""
    return Status(202, accept(request))
