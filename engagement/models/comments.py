"""Comments and replies on booths and exhibits, shown after moderation (SPEC 5.6.4, 6.1.2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 2000


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Comment.PUBLISHED)


class Comment(models.Model):
    """A buyer's comment, or a reply to one. An exhibitor's reply on its own booth is marked
    as such (`by_exhibitor`) so that readers can tell the exhibitor's voice from others'."""

    PUBLISHED = "published"
    HELD = "held"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    STATUS_CHOICES = [
        (PUBLISHED, _("published")),
        (HELD, _("held for review")),
        (REJECTED, _("rejected")),
        (WITHDRAWN, _("withdrawn by its author")),
    ]

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="engagement_comments"
    )
    # One level of replies: a reply answers a top-level comment.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    language = models.CharField(max_length=15, blank=True)
    by_exhibitor = models.BooleanField(_("exhibitor's reply"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=STATUS_CHOICES, default=PUBLISHED, db_index=True
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "status", "created_at"])]

    def __str__(self):
        return self.body[:60]

    def moderation_decided(self, approved):
        """A moderator's decision on this held comment (engagement.moderation.decide)."""
        if self.status == self.HELD:
            self.status = self.PUBLISHED if approved else self.REJECTED
            self.save(update_fields=["status"])
            from engagement import counts

            counts.changed(self.page_id)
