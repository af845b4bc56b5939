"""Inquiries and the chat that follows them (SPEC 5.6.1, 5.6.2).

An inquiry opens a conversation between one buyer and one exhibitor, about its booth or one
of its exhibits; every later message, from either side, belongs to that conversation. The
exhibitor side is any of the exhibitor's staff (its profile's owners), who read and answer
in the admin inbox; the buyer reads and answers on the site.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from engagement.storage import private_storage

MESSAGE_MAX_LENGTH = 5000


class Conversation(models.Model):
    OPEN = "open"
    CLOSED = "closed"
    STATUS_CHOICES = [(OPEN, _("open")), (CLOSED, _("closed"))]

    exhibitor = models.ForeignKey(
        "booths.ExhibitorProfile",
        verbose_name=_("exhibitor"),
        on_delete=models.CASCADE,
        related_name="conversations",
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buyer"),
        on_delete=models.CASCADE,
        related_name="conversations",
    )
    # The source-language booth, and the exhibit when the inquiry came from its page.
    booth = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("booth"), on_delete=models.CASCADE, related_name="+"
    )
    exhibit = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("exhibit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200)
    language = models.CharField(_("buyer's language"), max_length=15, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=OPEN)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("last message"), db_index=True)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-last_message_at", "-pk"]
        indexes = [
            models.Index(fields=["exhibitor", "-last_message_at"]),
            models.Index(fields=["buyer", "-last_message_at"]),
        ]

    def __str__(self):
        return self.subject


class Message(models.Model):
    """One message of a conversation; the first is the inquiry itself."""

    DELIVERED = "delivered"
    HELD = "held"
    REJECTED = "rejected"
    STATUS_CHOICES = [
        (DELIVERED, _("delivered")),
        (HELD, _("held for review")),
        (REJECTED, _("rejected")),
    ]

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_exhibitor = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=DELIVERED)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["pk"]
        indexes = [models.Index(fields=["conversation", "status", "id"])]

    def __str__(self):
        return self.body[:60]

    def moderation_decided(self, approved):
        """A moderator's decision on this held message (engagement.moderation.decide)."""
        if self.status == self.HELD:
            self.status = self.DELIVERED if approved else self.REJECTED
            self.save(update_fields=["status"])
            from engagement import conversations

            if approved:
                conversations.delivered(self)


def attachment_path(instance, filename):
    return f"inquiries/{instance.message.conversation_id}/{instance.sha256[:16]}/{filename}"


class Attachment(models.Model):
    """A file sent with a message: checked by the asset pipeline on the way in, stored
    outside the public media and served only to the conversation's two sides."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=300)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class ReadMark(models.Model):
    """How far one participant has read a conversation (read receipts, unread counts)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="read_marks"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_id = models.BigIntegerField(default=0)
    read_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="one_read_mark_per_user")
        ]

    def __str__(self):
        return f"{self.user} read {self.conversation_id} up to {self.last_read_id}"
