"""Buyer accounts (SPEC 5.4.3, 4.5) and the password history the password policy reads."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from site_builder.search.levels import LEVELS


def level_choices():
    return [(level.name, level.label) for level in LEVELS.values()]


class BuyerAccount(models.Model):
    """What a buyer's login adds to Django's user: verification, level, terms, locale.

    The buyer's company record is the `booths.BuyerProfile` linked to the same user (the
    organizer's directory, SPEC 4.1.3); this row is about the account itself.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buyer_account"
    )
    # SPEC 4.5: search permissions per level. A new account is "public" until its e-mail is
    # verified and (with BUYER_APPROVAL=manual) an organizer approves it.
    level = models.CharField(_("level"), max_length=20, choices=level_choices, default="public")
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    terms_version = models.CharField(_("terms version accepted"), max_length=20)
    terms_accepted_at = models.DateTimeField(_("terms accepted"), default=timezone.now)
    language = models.CharField(_("language"), max_length=15, default="en")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("buyer account")
        verbose_name_plural = _("buyer accounts")

    def __str__(self):
        return self.user.email

    @property
    def is_verified(self):
        return self.email_verified_at is not None


class PasswordChange(models.Model):
    """One password a user has had, for the history and rotation rules of the MLPS profile
    (cms.auth_policy). Only the hash is kept, as Django stores it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_changes"
    )
    password_hash = models.CharField(max_length=256)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        get_latest_by = "changed_at"

    def __str__(self):
        return f"{self.user} {self.changed_at:%Y-%m-%d}"
