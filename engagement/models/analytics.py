"""First-party analytics (SPEC 4.3): raw events, append-only, and their daily rollups.

No raw IP address is stored: `ip_hash` is a keyed hash with a salt that changes every day
and is then forgotten (`AnalyticsSalt`), so a hash links one visitor's events within a day
and nothing across days. Visitors who send Do-Not-Track or Global Privacy Control, or have
not consented, are counted without `visitor` and `ip_hash`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    PAGE_VIEW = "page_view"
    DWELL = "dwell"
    EXHIBIT_CLICK = "exhibit_click"
    MEDIA_PLAY = "media_play"
    MODEL_INTERACTION = "model_interaction"
    SEARCH = "search"
    KIND_CHOICES = [
        (PAGE_VIEW, _("page view")),
        (DWELL, _("time on page")),
        (EXHIBIT_CLICK, _("exhibit click")),
        (MEDIA_PLAY, _("media play")),
        (MODEL_INTERACTION, _("3D interaction")),
        (SEARCH, _("search")),
    ]

    id = models.BigAutoField(primary_key=True)
    # Made by the browser: a retried batch inserts nothing twice.
    event_id = models.UUIDField(unique=True)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    # The page as sent, and the source-language booth/exhibit it counts for (engagement.pages).
    page_id = models.BigIntegerField(null=True, blank=True)
    booth_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    exhibit_id = models.BigIntegerField(null=True, blank=True)
    locale = models.CharField(max_length=15, blank=True)
    occurred_at = models.DateTimeField(db_index=True)
    received_at = models.DateTimeField(auto_now_add=True)
    visitor = models.CharField(max_length=64, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    device = models.CharField(max_length=10, blank=True)
    # Kind-specific values, validated by the API: dwell_ms, media, query, results, target.
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("analytics event")
        verbose_name_plural = _("analytics events")
        indexes = [models.Index(fields=["kind", "occurred_at"])]

    def __str__(self):
        return f"{self.kind} {self.page_id} {self.occurred_at:%Y-%m-%d %H:%M}"


class AnalyticsSalt(models.Model):
    """The key of one day's IP hashes; deleted after the day, which makes them unlinkable."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)


class DailyRollup(models.Model):
    """One booth or exhibit's figures for one day (Asia/Shanghai days, the show's zone)."""

    day = models.DateField(db_index=True)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    booth = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    views = models.PositiveIntegerField(default=0)
    unique_visitors = models.PositiveIntegerField(default=0)
    dwell_total_ms = models.PositiveBigIntegerField(default=0)
    dwell_count = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    media_plays = models.PositiveIntegerField(default=0)
    model_interactions = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    likes = models.PositiveIntegerField(default=0)
    favourites = models.PositiveIntegerField(default=0)
    inquiries = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        constraints = [
            models.UniqueConstraint(fields=["day", "page"], name="one_rollup_per_page_day")
        ]

    def __str__(self):
        return f"{self.page_id} {self.day}"

    @property
    def dwell_average_ms(self):
        return self.dwell_total_ms // self.dwell_count if self.dwell_count else 0
