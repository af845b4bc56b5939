"""Inquiries and instant messages between a buyer and an exhibitor (SPEC 5.6.1, 5.6.2).

A buyer's inquiry from a booth or exhibit page opens a conversation; from then on both
sides write into it. The exhibitor side is its staff (the profile's owners): any of them
may answer, each has their own read state, and the buyer sees "read" as soon as one of
them has read. What either side writes is screened (SPEC 6.1.2) before it is stored; a
held message reaches the other side only once a moderator approves it.

Every change is pushed to the participants' browsers (engagement.realtime) and, for the
first unread message of a burst, by e-mail: one mail per burst, not one per line of chat.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from booths.models import ExhibitorProfile
from cms.api_errors import ApiError
from engagement import identity, moderation, notifications, realtime
from engagement.models import Attachment, Conversation, Message, ReadMark


def can_read(user, conversation):
    return conversation.buyer_id == user.pk or identity.speaks_for(user, conversation.exhibitor_id)


def visible_to(user):
    """The conversations `user` takes part in, as buyer or as an exhibitor's staff."""
    return Conversation.objects.filter(
        Q(buyer=user) | Q(exhibitor_id__in=identity.exhibitor_ids(user))
    )


def staff_ids(exhibitor_id):
    return list(
        get_user_model()
        .objects.filter(exhibitor_profiles=exhibitor_id, is_active=True)
        .values_list("pk", flat=True)
    )


def participant_ids(conversation):
    return [conversation.buyer_id, *staff_ids(conversation.exhibitor_id)]


def message_visible(user, message):
    """Delivered messages, and the sender's own held ones (marked as waiting)."""
    return message.status == Message.DELIVERED or (
        message.status == Message.HELD and message.sender_id == user.pk
    )


def start(buyer, target, subject, body, files=(), language=""):
    """A buyer's inquiry about the booth or exhibit `target` (engagement.pages.Target)."""
    if target.exhibitor_id is None:
        raise ApiError(422, "no_exhibitor", _("This booth has no exhibitor to write to yet."))
    if identity.speaks_for(buyer, target.exhibitor_id):
        raise ApiError(403, "own_booth", _("You cannot send an inquiry to your own booth."))
    screening = moderation.screen_fields("inquiry", buyer, subject=subject, body=body)
    checked = [_checked_file(upload) for upload in files]
    with transaction.atomic():
        conversation = Conversation.objects.create(
            exhibitor_id=target.exhibitor_id,
            buyer=buyer,
            booth_id=target.booth_id,
            exhibit_id=target.page_id if target.kind == "exhibit" else None,
            subject=subject,
            language=language,
            last_message_at=timezone.now(),
        )
        message = _store(conversation, buyer, False, body, screening, checked, "inquiry")
    if message.status == Message.DELIVERED:
        delivered(message)
    return conversation, message


def post(conversation, sender, body, files=()):
    """A further message from either side."""
    if conversation.status != Conversation.OPEN:
        raise ApiError(409, "closed", _("This conversation has been closed."))
    by_exhibitor = identity.speaks_for(sender, conversation.exhibitor_id)
    screening = moderation.screen_fields("message", sender, body=body)
    checked = [_checked_file(upload) for upload in files]
    with transaction.atomic():
        message = _store(conversation, sender, by_exhibitor, body, screening, checked, "message")
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    if message.status == Message.DELIVERED:
        delivered(message)
    else:
        # The sender's own other tabs show it as waiting.
        realtime.publish_to_users([sender.pk], event(message))
    return message


def _store(conversation, sender, by_exhibitor, body, screening, checked, scope):
    message = Message.objects.create(
        conversation=conversation,
        sender=sender,
        by_exhibitor=by_exhibitor,
        body=body,
        status=Message.HELD if screening.held else Message.DELIVERED,
    )
    for name, data, info in checked:
        attachment = Attachment(
            message=message,
            name=name,
            kind=info["kind"],
            content_type=info["content_type"],
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        attachment.file.save(name, ContentFile(data), save=False)
        attachment.save()
    if screening.held:
        moderation.hold(message, scope, sender, body, screening)
    # Writing is reading: the sender has read everything up to their own message.
    ReadMark.objects.update_or_create(
        conversation=conversation, user=sender, defaults={"last_read_id": message.pk}
    )
    return message


def delivered(message):
    """A message reached the other side: push it, and e-mail whoever had nothing unread."""
    conversation = message.conversation
    realtime.publish_to_users(participant_ids(conversation), event(message))
    notifications.after_commit(lambda: _mail_if_first_unread(message.pk))


def _mail_if_first_unread(message_id):
    message = Message.objects.select_related("conversation", "sender").get(pk=message_id)
    conversation = message.conversation
    if message.by_exhibitor:
        recipients = [conversation.buyer]
    else:
        recipients = list(
            get_user_model().objects.filter(pk__in=staff_ids(conversation.exhibitor_id))
        )
    for user in recipients:
        if unread_before(user, conversation, message) == 0:
            _mail(user, conversation, message)


def unread_before(user, conversation, message):
    """Messages for `user` in `conversation` that were unread before `message` came."""
    mark = ReadMark.objects.filter(conversation=conversation, user=user).first()
    last_read = mark.last_read_id if mark else 0
    return (
        Message.objects.filter(
            conversation=conversation, status=Message.DELIVERED, pk__gt=last_read, pk__lt=message.pk
        )
        .exclude(sender=user)
        .count()
    )


def _mail(user, conversation, message):
    if not user.email:
        return
    account = identity.buyer_account(user)
    language = account.language if account else settings.LANGUAGE_CODE
    if account is not None:
        link = notifications.site_url(language, f"account/#conversation-{conversation.pk}")
    else:
        link = f"{settings.WAGTAILADMIN_BASE_URL}/admin/inbox/{conversation.pk}/"
    exhibitor = ExhibitorProfile.objects.filter(pk=conversation.exhibitor_id).first()
    notifications.notify(
        "new_message",
        {
            "conversation": conversation,
            "message": message,
            "sender_name": sender_name(message, exhibitor),
            "link": link,
            "is_inquiry": not message.by_exhibitor
            and not Message.objects.filter(conversation=conversation, pk__lt=message.pk).exists(),
        },
        language,
        [user.email],
    )


def sender_name(message, exhibitor=None):
    """What the other side sees as the sender: the exhibitor's name for its staff, the
    buyer's name and company for the buyer (they are in contact now)."""
    if message.by_exhibitor:
        if exhibitor is None:
            exhibitor = ExhibitorProfile.objects.filter(
                pk=message.conversation.exhibitor_id
            ).first()
        return exhibitor.company_name if exhibitor else _("Exhibitor")
    return buyer_name(message.sender)


def buyer_name(user):
    """A buyer as the exhibitor it is in contact with sees it: name and company."""
    if user is None:
        return _("Buyer")
    profile = getattr(user, "buyer_profile", None)
    name = user.get_full_name() or user.first_name or _("Buyer")
    return f"{name} ({profile.company_name})" if profile else name


def event(message, kind="message"):
    return {
        "type": kind,
        "conversation": message.conversation_id,
        "message": message.pk,
        "by_exhibitor": message.by_exhibitor,
        "status": message.status,
    }


def mark_read(conversation, user, up_to=None):
    """`user` has read the conversation up to message `up_to` (default: all of it); the
    other side's browsers are told, for their read receipts."""
    latest = (
        Message.objects.filter(conversation=conversation)
        .filter(Q(status=Message.DELIVERED) | Q(sender=user))
        .aggregate(latest=Max("pk"))["latest"]
        or 0
    )
    up_to = min(up_to or latest, latest)
    mark, _created = ReadMark.objects.get_or_create(conversation=conversation, user=user)
    if up_to > mark.last_read_id:
        mark.last_read_id = up_to
        mark.save(update_fields=["last_read_id", "read_at"])
        realtime.publish_to_users(
            participant_ids(conversation),
            {
                "type": "read",
                "conversation": conversation.pk,
                "by_exhibitor": identity.speaks_for(user, conversation.exhibitor_id),
                "up_to": up_to,
            },
        )
    return mark


def read_up_to(conversation, by_exhibitor):
    """How far the buyer (by_exhibitor=False) or any of the exhibitor's staff has read."""
    marks = ReadMark.objects.filter(conversation=conversation)
    if by_exhibitor:
        marks = marks.filter(user_id__in=staff_ids(conversation.exhibitor_id))
    else:
        marks = marks.filter(user_id=conversation.buyer_id)
    return marks.aggregate(up_to=Max("last_read_id"))["up_to"] or 0


def _unread(user, conversations):
    last_read = ReadMark.objects.filter(conversation=OuterRef("conversation"), user=user).values(
        "last_read_id"
    )[:1]
    return (
        Message.objects.filter(conversation__in=conversations, status=Message.DELIVERED)
        .exclude(sender=user)
        .annotate(last_read=Coalesce(Subquery(last_read), 0))
        .filter(pk__gt=F("last_read"))
    )


def unread_counts(user, conversations):
    """{conversation id: delivered messages from the other side that `user` has not read}."""
    counts = dict.fromkeys((conversation.pk for conversation in conversations), 0)
    rows = _unread(user, conversations).values("conversation_id").annotate(n=Count("pk"))
    counts.update({row["conversation_id"]: row["n"] for row in rows})
    return counts


def total_unread(user):
    """All unread messages of `user` across conversations, in one query."""
    return _unread(user, visible_to(user)).count()


def _checked_file(upload):
    """(name, bytes, info) of an uploaded attachment the asset pipeline accepts; ApiError
    with the pipeline's reason, in the sender's language, otherwise."""
    from engagement.attachments import check

    return check(upload)
