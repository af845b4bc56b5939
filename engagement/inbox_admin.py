"""The exhibitor's inbox in the Wagtail admin (SPEC 5.6.1, 5.6.2): its own booth's
inquiries and chats, nobody else's.

Only the exhibitor's staff (its profile's owners) see a conversation: not other exhibitors,
and not the organizer either — a negotiation is the two parties' business secret (SPEC
6.1.2). Messages held by moderation reach the inbox once approved. The page listens to the
live stream (/api/v1/stream) and refreshes the thread when the buyer writes.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms.api_errors import ApiError
from engagement import attachments, conversations, identity
from engagement.models import Conversation

PAGE_SIZE = 50


def _require_staff(user):
    if not identity.exhibitor_ids(user):
        raise PermissionDenied


def inbox(request):
    _require_staff(request.user)
    items = list(
        Conversation.objects.filter(exhibitor_id__in=identity.exhibitor_ids(request.user))
        .select_related("exhibitor", "buyer__buyer_profile")
        .order_by("-last_message_at", "-pk")[:200]
    )
    unread = conversations.unread_counts(request.user, items)
    rows = [
        {
            "conversation": item,
            "buyer": conversations.buyer_name(item.buyer),
            "unread": unread[item.pk],
        }
        for item in items
    ]
    return TemplateResponse(
        request,
        "engagement/admin/inbox.html",
        {"rows": rows, "total_unread": sum(unread.values())},
    )


@require_http_methods(["GET", "POST"])
def thread(request, conversation_id):
    _require_staff(request.user)
    conversation = (
        Conversation.objects.select_related("exhibitor", "buyer__buyer_profile")
        .filter(pk=conversation_id, exhibitor_id__in=identity.exhibitor_ids(request.user))
        .first()
    )
    if conversation is None:
        raise Http404
    if request.method == "POST":
        body = request.POST.get("body", "").strip()
        if not body:
            messages.error(request, _("Write a message."))
        else:
            try:
                uploads = attachments.check_all(request.FILES.getlist("files"))
                conversations.post(conversation, request.user, body[:5000], uploads)
            except ApiError as error:
                messages.error(request, error.detail)
            else:
                return redirect("engagement_inbox_thread", conversation.pk)
    shown = [
        message
        for message in conversation.messages.select_related("sender__buyer_profile")
        .prefetch_related("attachments")
        .order_by("-pk")[:PAGE_SIZE]
        if conversations.message_visible(request.user, message)
    ][::-1]
    conversations.mark_read(conversation, request.user)
    return TemplateResponse(
        request,
        "engagement/admin/thread.html",
        {
            "conversation": conversation,
            "thread": [
                {"message": m, "sender": conversations.sender_name(m, conversation.exhibitor)}
                for m in shown
            ],
            "buyer_read_up_to": conversations.read_up_to(conversation, by_exhibitor=False),
            "draft": request.POST.get("body", "") if request.method == "POST" else "",
        },
    )
