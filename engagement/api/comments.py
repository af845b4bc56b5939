"""/api/v1/pages/{id}/comments: comments and replies on booths and exhibits, published
after screening (SPEC 5.6.4, 6.1.2).

Comments are returned as plain text; the site's script puts them in the page with
`textContent`, never as HTML, so nothing a commenter writes can run in a reader's browser.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from cms import ratelimit
from cms.api_auth import signed_in
from cms.api_errors import ApiError, error_responses
from engagement import counts, identity, moderation
from engagement.api.common import page_or_404, require_verified
from engagement.models import Comment
from engagement.models.comments import COMMENT_MAX_LENGTH

router = Router(tags=["comments"])
PAGE_SIZE = 20


class CommentIn(Schema):
    body: str = Field(min_length=1, max_length=COMMENT_MAX_LENGTH)
    parent_id: int | None = Field(None, ge=1, le=2**63 - 1)

    @field_validator("body")
    @classmethod
    def not_blank(cls, value):
        value = value.strip()
        if not value:
            raise ValueError(_("This field is required."))
        return value


class CommentOut(Schema):
    id: int
    parent_id: int | None
    author: str
    by_exhibitor: bool
    mine: bool
    body: str
    status: str = Field(description="published; held (waiting for review: only its author sees it)")
    created_at: datetime.datetime
    replies: list["CommentOut"] = []


class CommentPageOut(Schema):
    count: int
    comments: list[CommentOut]
    next_before: int | None = Field(None, description="pass as ?before= for older comments")


def author_name(comment, exhibitor_names):
    """What readers see as the author: the exhibitor's name on its replies; for buyers their
    first name and country, never their e-mail address or company (SPEC 6.1.2)."""
    if comment.by_exhibitor:
        return exhibitor_names.get(comment.page_id, "") or _("Exhibitor")
    user = comment.author
    profile = getattr(user, "buyer_profile", None)
    name = user.first_name or _("Buyer")
    if profile is not None and profile.country:
        return f"{name} · {profile.country.name}"
    return name


def _out(comment, user, names, replies=()):
    return {
        "id": comment.pk,
        "parent_id": comment.parent_id,
        "author": author_name(comment, names),
        "by_exhibitor": comment.by_exhibitor,
        "mine": user.is_authenticated and comment.author_id == user.pk,
        "body": comment.body,
        "status": comment.status,
        "created_at": comment.created_at,
        "replies": list(replies),
    }


def visible(user):
    """Published comments, and the caller's own held ones (so the author sees "waiting")."""
    condition = Q(status=Comment.PUBLISHED)
    if user.is_authenticated:
        condition |= Q(status=Comment.HELD, author=user)
    return condition


@router.get(
    "/pages/{page_id}/comments",
    response={200: CommentPageOut, **error_responses(404, 422)},
    auth=None,
)
def list_comments(request, page_id: int, before: int | None = Query(None, ge=1, le=2**63 - 1)):
    """Newest comments first, 20 at a time, each with its replies oldest first."""
    page = page_or_404(page_id)
    user = request.user
    if user.is_authenticated or before is not None:
        return Status(200, _comment_page(page, user, before))
    return _anonymous_first_page(request, page)


def _anonymous_first_page(request, page):
    """What every booth view asks: the first page for a reader who is not signed in. Kept
    as the finished JSON in the shared cache, per language, until a write on the page
    drops it (counts.changed): a hit costs neither queries nor validating 20 comments."""
    from cms.api import api  # the API these routers are mounted on, for its renderer

    key = counts.comments_key(page.page_id)
    language = get_language() or ""
    cached = cache.get(key) or {}
    content = cached.get(language)
    if content is None:
        answer = CommentPageOut.model_validate(_comment_page(page, request.user, None))
        content = api.create_response(request, answer.model_dump(), status=200).content
        cached[language] = content
        cache.set(key, cached, counts.TIMEOUT)
    return HttpResponse(content, content_type=api.get_content_type())


def _comment_page(page, user, before):
    shown = Comment.objects.filter(visible(user), page_id=page.page_id)
    top = shown.filter(parent__isnull=True)
    count = top.count()
    if before:
        top = top.filter(pk__lt=before)
    top = list(top.select_related("author__buyer_profile").order_by("-pk")[: PAGE_SIZE + 1])
    more = len(top) > PAGE_SIZE
    top = top[:PAGE_SIZE]
    replies = {}
    for reply in (
        shown.filter(parent__in=top).select_related("author__buyer_profile").order_by("pk")
    ):
        replies.setdefault(reply.parent_id, []).append(reply)
    names = {page.page_id: page.exhibitor_name}
    return {
        "count": count,
        "comments": [
            _out(c, user, names, [_out(r, user, names) for r in replies.get(c.pk, [])]) for c in top
        ],
        "next_before": top[-1].pk if more else None,
    }


@router.post(
    "/pages/{page_id}/comments",
    response={201: CommentOut, **error_responses(401, 403, 404, 422, 429)},
    auth=signed_in,
)
def post_comment(request, page_id: int, payload: CommentIn):
    """Write a comment, or reply to one. Screened first: refused with the reason, held for
    a moderator, or published at once. The exhibitor's staff reply in its name."""
    user = request.user
    ratelimit.check(request, "comment", per_ip="30/m", per_user="10/m")
    require_verified(user)
    page = page_or_404(page_id)
    parent = None
    if payload.parent_id is not None:
        parent = Comment.objects.filter(
            pk=payload.parent_id,
            page_id=page.page_id,
            parent__isnull=True,
            status=Comment.PUBLISHED,
        ).first()
        if parent is None:
            message = _("The comment you reply to is not there any more.")
            raise ApiError(422, "invalid", message, {"parent_id": [message]})
    screening = moderation.screen_fields("comment", user, body=payload.body)
    held = screening.held or settings.COMMENTS_PREMODERATION
    with transaction.atomic():
        comment = Comment.objects.create(
            page_id=page.page_id,
            author=user,
            parent=parent,
            body=payload.body,
            language=get_language() or "",
            by_exhibitor=identity.speaks_for(user, page.exhibitor_id),
            status=Comment.HELD if held else Comment.PUBLISHED,
        )
        if held:
            moderation.hold(comment, "comment", user, payload.body, screening)
    counts.changed(page.page_id)
    names = {page.page_id: page.exhibitor_name}
    return Status(201, _out(comment, user, names))


@router.delete(
    "/comments/{comment_id}", response={204: None, **error_responses(401, 403, 404)}, auth=signed_in
)
def withdraw_comment(request, comment_id: int):
    """An author withdraws a comment of theirs; it disappears with its replies."""
    comment = Comment.objects.filter(pk=comment_id, author=request.user).first()
    if comment is None:
        raise ApiError(404, "not_found", _("There is no such comment of yours."))
    comment.status = Comment.WITHDRAWN
    comment.save(update_fields=["status"])
    counts.changed(comment.page_id)
    return Status(204, None)
