"""Organizer word lists and the moderation cases they raise (SPEC 6.1.2).

The matching itself is `cms.moderation` (normalised text, Aho-Corasick); the service that
ties it to these rows is `engagement.moderation`.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from booths.fields import ChoiceListField

SCOPE_CHOICES = [
    ("comment", _("comments")),
    ("inquiry", _("inquiries")),
    ("message", _("chat messages")),
    ("profile", _("profile texts")),
]


class WordList(models.Model):
    """Words and phrases that block a text or hold it for a moderator, one per line."""

    BLOCK = "block"
    REVIEW = "review"
    ACTION_CHOICES = [
        (BLOCK, _("block: refuse the text and tell its author")),
        (REVIEW, _("review: publish only after a moderator approves")),
    ]

    name = models.CharField(_("name"), max_length=100, unique=True)
    action = models.CharField(_("on a match"), max_length=10, choices=ACTION_CHOICES)
    scopes = ChoiceListField(
        _("screens"),
        choices_list=SCOPE_CHOICES,
        help_text=_("Leave empty to screen every kind of text."),
    )
    words = models.TextField(
        _("words and phrases"),
        blank=True,
        help_text=_(
            "One per line. Matching ignores case, full-width forms, traditional or simplified "
            "characters, spacing and punctuation put between letters."
        ),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("action")]),
        FieldPanel("scopes"),
        FieldPanel("words"),
        FieldPanel("enabled"),
    ]

    class Meta:
        verbose_name = _("word list")
        verbose_name_plural = _("word lists")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def terms(self):
        return [line.strip() for line in self.words.splitlines() if line.strip()]

    def screens(self, scope):
        return not self.scopes or scope in self.scopes


class ModerationCase(models.Model):
    """One screened text that matched a word list, or that a moderator must look at.

    BLOCKED texts were refused at submission: this row is the only copy, kept for the
    organizer. HELD texts wait in the review queue; the moderator's decision (APPROVED or
    REJECTED) is recorded here and in Wagtail's audit log.
    """

    BLOCKED = "blocked"
    HELD = "held"
    APPROVED = "approved"
    REJECTED = "rejected"
    STATUS_CHOICES = [
        (BLOCKED, _("blocked at submission")),
        (HELD, _("waiting for review")),
        (APPROVED, _("approved")),
        (REJECTED, _("rejected")),
    ]

    scope = models.CharField(_("kind of text"), max_length=10, choices=SCOPE_CHOICES)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("text"))
    hits = models.JSONField(_("matches"), default=list, blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=40, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("moderator's note"), blank=True)

    class Meta:
        verbose_name = _("moderation case")
        verbose_name_plural = _("moderation cases")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_scope_display()}: {self.text[:50]}"

    @property
    def matched_terms(self):
        return sorted({hit["term"] for hit in self.hits})

    @property
    def matched_terms_text(self):
        return ", ".join(f"{hit['text']} ({hit['list']})" for hit in self.hits)

    matched_terms_text.fget.short_description = _("matches")

    @property
    def excerpt(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"
