"""The password policy (SPEC 6.1.2 "strong passwords"), switchable by PASSWORD_POLICY.

Django's validators cover length, common and numeric passwords and similarity to the
account; these add what the two profiles of cms/settings/base.py need beyond them:
an upper bound on length (ASVS V2.1.2: long passphrases are welcome, megabyte ones are a
denial of service on the hasher), character classes and a password history (MLPS), and the
rotation rule read at login (`password_expired`).
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MaximumLengthValidator:
    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. It must contain at most %(max)d character.",
                    "This password is too long. It must contain at most %(max)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max": self.max_length},
            )

    def get_help_text(self):
        return _("Your password can be up to %(max)d characters long.") % {"max": self.max_length}


def character_classes(password):
    """How many of: lower-case letters, upper-case letters, digits, other characters."""
    return sum(
        (
            any(char.islower() for char in password),
            any(char.isupper() for char in password),
            any(char.isdigit() for char in password),
            any(not char.isalnum() for char in password),
        )
    )


class CharacterClassesValidator:
    """MLPS level 2/3 practice: passwords mix at least three kinds of character."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _(
                    "This password must mix at least %(count)d of: lower-case letters, "
                    "upper-case letters, digits and other characters."
                ),
                code="password_too_simple",
                params={"count": self.min_classes},
            )

    def get_help_text(self):
        return _(
            "Your password must mix at least %(count)d of: lower-case letters, upper-case "
            "letters, digits and other characters."
        ) % {"count": self.min_classes}


class PasswordHistoryValidator:
    """No reuse of the last `remember` passwords; records each new one (MLPS).

    Django calls `password_changed()` on every configured validator after a password is
    set (`User.save()` -> `password_validation.password_changed`), so every way of setting
    a password — admin, API, reset — is recorded without a signal of our own.
    """

    def __init__(self, remember=5):
        self.remember = remember

    def _history(self, user):
        PasswordChange = apps.get_model("engagement", "PasswordChange")
        return PasswordChange.objects.filter(user=user).values_list("password_hash", flat=True)

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        hashes = list(self._history(user)[: self.remember])
        if user.password and user.password not in hashes:
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                _("This password was used recently. Choose one you have not used before."),
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        PasswordChange = apps.get_model("engagement", "PasswordChange")
        PasswordChange.objects.create(user=user, password_hash=user.password)
        stale = list(
            PasswordChange.objects.filter(user=user).values_list("pk", flat=True)[self.remember :]
        )
        PasswordChange.objects.filter(pk__in=stale).delete()

    def get_help_text(self):
        return _("Your password cannot be one of your last %(count)d passwords.") % {
            "count": self.remember
        }


def password_expired(user, now=None):
    """True when PASSWORD_MAX_AGE_DAYS is set and the user's password is older than that.

    The age runs from the last recorded change, else from when the account was created.
    """
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    if not max_age or not user.has_usable_password():
        return False
    PasswordChange = apps.get_model("engagement", "PasswordChange")
    last = (
        PasswordChange.objects.filter(user=user)
        .order_by("-changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )
    changed_at = last or user.date_joined
    return (now or timezone.now()) - changed_at > datetime.timedelta(days=max_age)
