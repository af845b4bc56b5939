"""Live-stream audience (SPEC 6.2.2.1: live with replay, popular live streams, who watched
the replays).

The sessions themselves are the booth's "live stream" blocks (booths.blocks), written by
the exhibitor; `LiveSession` mirrors each published block so that viewers can be counted
against it, and is kept in step when the booth is published (engagement.live).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LiveSession(models.Model):
    booth = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("booth"), on_delete=models.CASCADE, related_name="+"
    )
    exhibitor = models.ForeignKey(
        "booths.ExhibitorProfile",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="live_sessions",
    )
    block_id = models.CharField(max_length=64)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    stream_url = models.URLField(max_length=500)
    replay = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replay_url = models.URLField(max_length=500, blank=True)
    # False once the block is gone from the published booth (kept for the audience figures).
    listed = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["booth", "block_id"], name="one_session_per_block")
        ]

    def __str__(self):
        return self.title


class Viewing(models.Model):
    """One viewer's watching of one session, live or replay, kept up by heartbeats."""

    LIVE = "live"
    REPLAY = "replay"
    # "live" alone is a page status elsewhere in the catalogs; here it is watching a stream.
    MODE_CHOICES = [(LIVE, pgettext_lazy("watching", "live")), (REPLAY, _("replay"))]

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="viewings")
    mode = models.CharField(max_length=10, choices=MODE_CHOICES)
    # A random id the player makes per page load: counts anonymous viewers without
    # identifying them.
    viewer_key = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(db_index=True)
    seconds = models.PositiveIntegerField(_("seconds watched"), default=0)

    class Meta:
        verbose_name = _("viewing")
        verbose_name_plural = _("viewings")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "mode", "viewer_key"], name="one_viewing_per_viewer"
            )
        ]
        indexes = [models.Index(fields=["mode", "last_seen_at"])]

    def __str__(self):
        return f"{self.session} {self.mode} {self.seconds}s"
