"""Video meetings between an exhibitor's staff and buyers (SPEC 5.6.3).

Times are stored in UTC; every participant reads them in their own time zone, and the
show's time zone (settings.TIME_ZONE, Asia/Shanghai) is shown beside it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    STATUS_CHOICES = [
        (REQUESTED, _("requested")),
        (ACCEPTED, _("accepted")),
        (DECLINED, _("declined")),
        (CANCELLED, _("cancelled")),
    ]

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exhibitor = models.ForeignKey(
        "booths.ExhibitorProfile",
        verbose_name=_("exhibitor"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    conversation = models.ForeignKey(
        "engagement.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True, max_length=2000)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    # The requester's zone, for e-mails and the invitation's description.
    time_zone = models.CharField(max_length=64, default="Asia/Shanghai")
    status = models.CharField(
        _("status"), max_length=10, choices=STATUS_CHOICES, default=REQUESTED, db_index=True
    )
    provider = models.CharField(_("provider"), max_length=20, default="jitsi")
    join_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    # RFC 5545 SEQUENCE: raised on every reschedule, so calendars replace the old invitation.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title


class MeetingParticipant(models.Model):
    """A person in a meeting: the exhibitor's staff host it, buyers (one or many) attend."""

    HOST = "host"
    GUEST = "guest"
    ROLE_CHOICES = [(HOST, _("host (exhibitor's staff)")), (GUEST, _("guest (buyer)"))]
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    RESPONSE_CHOICES = [
        (PENDING, _("no answer yet")),
        (ACCEPTED, _("accepted")),
        (DECLINED, _("declined")),
    ]

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_seats"
    )
    role = models.CharField(max_length=10, choices=ROLE_CHOICES)
    response = models.CharField(max_length=10, choices=RESPONSE_CHOICES, default=PENDING)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_seat_per_meeting")
        ]

    def __str__(self):
        return f"{self.user} in {self.meeting}"
