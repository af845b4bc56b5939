"""/api/v1/…/inquiries and /api/v1/conversations: a buyer's inquiry and the chat that
follows it (SPEC 5.6.1, 5.6.2). Live updates come through /api/v1/stream (server-sent
events, engagement.stream); these operations are the history and the writes."""

import datetime

from django.http import FileResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from cms import ratelimit
from cms.api_auth import signed_in
from cms.api_errors import ApiError, error_responses
from engagement import attachments, conversations, identity
from engagement.api.common import page_or_404, require_verified
from engagement.models import Attachment, Conversation, Message
from engagement.models.conversations import MESSAGE_MAX_LENGTH
from engagement.pages import in_language

router = Router(tags=["inquiries and chat"])
PAGE_SIZE = 50


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str


class MessageOut(Schema):
    id: int
    mine: bool
    by_exhibitor: bool
    sender: str
    body: str
    status: str = Field(description="delivered; held (waiting for review: only its sender sees it)")
    created_at: datetime.datetime
    attachments: list[AttachmentOut]


class ConversationOut(Schema):
    id: int
    subject: str
    status: str
    role: str = Field(description="buyer or exhibitor: the side the caller is on")
    exhibitor: str
    buyer: str
    booth_title: str
    booth_url: str
    exhibit_title: str | None
    exhibit_url: str | None
    created_at: datetime.datetime
    last_message_at: datetime.datetime
    unread: int


class ThreadOut(Schema):
    conversation: ConversationOut
    messages: list[MessageOut]
    read_by_other_side_up_to: int = Field(description="the other side has read up to this id")
    older_before: int | None = Field(None, description="pass as ?before= for older messages")


class InquiryIn(Schema):
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=MESSAGE_MAX_LENGTH)


class MessageIn(Schema):
    body: str = Field(min_length=1, max_length=MESSAGE_MAX_LENGTH)


class ReadIn(Schema):
    up_to: int | None = Field(None, ge=1, le=2**63 - 1)


class UnreadOut(Schema):
    total: int


def _attachment_out(attachment):
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "kind": attachment.kind,
        "size": attachment.size,
        "url": f"/api/v1/attachments/{attachment.pk}",
    }


def _message_out(message, user, exhibitor_name):
    return {
        "id": message.pk,
        "mine": message.sender_id == user.pk,
        "by_exhibitor": message.by_exhibitor,
        "sender": exhibitor_name
        if message.by_exhibitor
        else conversations.buyer_name(message.sender),
        "body": message.body,
        "status": message.status,
        "created_at": message.created_at,
        "attachments": [_attachment_out(a) for a in message.attachments.all()],
    }


def _conversations_out(items, user, language):
    pages = [c.booth for c in items] + [c.exhibit for c in items if c.exhibit_id]
    shown = in_language(pages, language)
    unread = conversations.unread_counts(user, items)
    rows = []
    for c in items:
        booth = shown.get(c.booth_id, (None, "", ""))
        exhibit = shown.get(c.exhibit_id) if c.exhibit_id else None
        rows.append(
            {
                "id": c.pk,
                "subject": c.subject,
                "status": c.status,
                "role": "buyer" if c.buyer_id == user.pk else "exhibitor",
                "exhibitor": c.exhibitor.company_name,
                "buyer": conversations.buyer_name(c.buyer),
                "booth_title": booth[1],
                "booth_url": booth[2],
                "exhibit_title": exhibit[1] if exhibit else None,
                "exhibit_url": exhibit[2] if exhibit else None,
                "created_at": c.created_at,
                "last_message_at": c.last_message_at,
                "unread": unread[c.pk],
            }
        )
    return rows


def _conversation_or_404(user, conversation_id):
    conversation = (
        Conversation.objects.select_related("exhibitor", "buyer__buyer_profile", "booth", "exhibit")
        .filter(pk=conversation_id)
        .first()
    )
    # A conversation the caller is not part of does not exist for them.
    if conversation is None or not conversations.can_read(user, conversation):
        raise ApiError(404, "not_found", _("There is no such conversation."))
    return conversation


@router.post(
    "/pages/{page_id}/inquiries",
    response={201: ThreadOut, **error_responses(401, 403, 404, 413, 422, 429)},
    auth=signed_in,
)
def send_inquiry(
    request,
    page_id: int,
    payload: Form[InquiryIn],
    files: File[list[UploadedFile]] = None,
):
    """A buyer's inquiry from a booth or exhibit page (multipart: subject, body and up to
    five files: photos, videos, PDF or Office documents). The exhibitor's staff are told
    by e-mail; answers come back in the conversation."""
    user = request.user
    ratelimit.check(request, "inquiry", per_ip="20/h", per_user="10/h")
    require_verified(user)
    subject, body = payload.subject.strip(), payload.body.strip()
    if not subject or not body:
        message = _("Write a subject and a message.")
        raise ApiError(422, "invalid", message, {"body": [message]})
    target = page_or_404(page_id)
    uploads = attachments.check_all(files or [])
    conversation, _first = conversations.start(
        user, target, subject, body, uploads, get_language() or ""
    )
    return Status(201, _thread(request, conversation.pk))


@router.get(
    "/conversations", response={200: list[ConversationOut], **error_responses(401)}, auth=signed_in
)
def list_conversations(
    request,
    before: datetime.datetime | None = Query(None, description="last_message_at of the last row"),
):
    """The caller's conversations, most recently active first, 50 at a time."""
    items = conversations.visible_to(request.user).select_related(
        "exhibitor", "buyer__buyer_profile", "booth", "exhibit"
    )
    if before is not None:
        if before.tzinfo is None:
            before = before.replace(tzinfo=datetime.UTC)
        # In UTC: PostgreSQL takes offsets up to ±15:59 only, ISO 8601 up to ±23:59.
        items = items.filter(last_message_at__lt=before.astimezone(datetime.UTC))
    items = list(items.order_by("-last_message_at", "-pk")[:PAGE_SIZE])
    return Status(200, _conversations_out(items, request.user, get_language()))


@router.get(
    "/conversations/unread", response={200: UnreadOut, **error_responses(401)}, auth=signed_in
)
def unread(request):
    """Unread messages across all the caller's conversations (the badge)."""
    return Status(200, {"total": conversations.total_unread(request.user)})


def _thread(request, conversation_id, after=None, before=None):
    user = request.user
    conversation = _conversation_or_404(user, conversation_id)
    messages = (
        Message.objects.filter(conversation=conversation)
        .select_related("sender__buyer_profile")
        .prefetch_related("attachments")
    )
    if after:
        messages = list(messages.filter(pk__gt=after).order_by("pk")[:PAGE_SIZE])
        older = None
    else:
        if before:
            messages = messages.filter(pk__lt=before)
        messages = list(messages.order_by("-pk")[: PAGE_SIZE + 1])
        older = messages[PAGE_SIZE - 1].pk if len(messages) > PAGE_SIZE else None
        messages = list(reversed(messages[:PAGE_SIZE]))
    visible = [m for m in messages if conversations.message_visible(user, m)]
    mine_is_exhibitor = identity.speaks_for(user, conversation.exhibitor_id)
    return {
        "conversation": _conversations_out([conversation], user, get_language())[0],
        "messages": [_message_out(m, user, conversation.exhibitor.company_name) for m in visible],
        "read_by_other_side_up_to": conversations.read_up_to(
            conversation, by_exhibitor=not mine_is_exhibitor
        ),
        "older_before": older,
    }


@router.get(
    "/conversations/{conversation_id}",
    response={200: ThreadOut, **error_responses(401, 404)},
    auth=signed_in,
)
def thread(
    request,
    conversation_id: int,
    after: int | None = Query(None, ge=1, le=2**63 - 1, description="only messages after this id"),
    before: int | None = Query(None, ge=1, le=2**63 - 1, description="messages before this id"),
):
    """A conversation with its latest 50 messages (or those after/before an id)."""
    return Status(200, _thread(request, conversation_id, after, before))


@router.post(
    "/conversations/{conversation_id}/messages",
    response={201: MessageOut, **error_responses(401, 404, 409, 413, 422, 429)},
    auth=signed_in,
)
def send_message(
    request,
    conversation_id: int,
    payload: Form[MessageIn],
    files: File[list[UploadedFile]] = None,
):
    """Write into a conversation (multipart: body and up to five files)."""
    user = request.user
    ratelimit.check(request, "message", per_ip="120/m", per_user="60/m")
    require_verified(user)
    conversation = _conversation_or_404(user, conversation_id)
    body = payload.body.strip()
    if not body:
        message = _("Write a message.")
        raise ApiError(422, "invalid", message, {"body": [message]})
    uploads = attachments.check_all(files or [])
    message = conversations.post(conversation, user, body, uploads)
    return Status(201, _message_out(message, user, conversation.exhibitor.company_name))


@router.post(
    "/conversations/{conversation_id}/read",
    response={200: UnreadOut, **error_responses(401, 404, 422)},
    auth=signed_in,
)
def mark_read(request, conversation_id: int, payload: ReadIn):
    """The caller has read up to `up_to` (default: everything); the other side's read
    receipt updates live."""
    conversation = _conversation_or_404(request.user, conversation_id)
    conversations.mark_read(conversation, request.user, payload.up_to)
    return Status(200, {"total": conversations.total_unread(request.user)})


@router.post(
    "/conversations/{conversation_id}/close",
    response={200: ConversationOut, **error_responses(401, 404)},
    auth=signed_in,
)
def close(request, conversation_id: int):
    """Either side closes the conversation: no more messages (the history stays)."""
    conversation = _conversation_or_404(request.user, conversation_id)
    Conversation.objects.filter(pk=conversation.pk).update(status=Conversation.CLOSED)
    conversation.status = Conversation.CLOSED
    return Status(200, _conversations_out([conversation], request.user, get_language())[0])


@router.get(
    "/attachments/{attachment_id}",
    response={200: None, **error_responses(401, 404)},
    auth=signed_in,
)
def download(request, attachment_id: int):
    """An attachment, to the two sides of its conversation only; always as a download."""
    attachment = (
        Attachment.objects.select_related("message__conversation").filter(pk=attachment_id).first()
    )
    if (
        attachment is None
        or not conversations.can_read(request.user, attachment.message.conversation)
        or not conversations.message_visible(request.user, attachment.message)
    ):
        raise ApiError(404, "not_found", _("There is no such file."))
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
