"""The two password profiles of SPEC 6.1.2: ASVS by default, MLPS switchable."""

import datetime

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from cms.auth_policy import password_expired
from engagement.models import PasswordChange
from tests.builders import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(settings):
    """These tests read the English sentences: the site's default language is Chinese."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


MLPS = {
    "AUTH_PASSWORD_VALIDATORS": [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 8},
        },
        {"NAME": "cms.auth_policy.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
        {"NAME": "cms.auth_policy.PasswordHistoryValidator", "OPTIONS": {"remember": 5}},
    ],
    "PASSWORD_MAX_AGE_DAYS": 90,
}


def messages(password, user=None):
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def test_the_default_profile_wants_length_not_composition():
    assert messages("short-pw1") != []  # 9 characters
    assert messages("a long passphrase of plain words") == []
    assert messages("x" * 129) != []  # the upper bound (ASVS V2.1.2)


@override_settings(**MLPS)
def test_the_mlps_profile_wants_three_kinds_of_character():
    assert any("at least 3" in m for m in messages("alllowercase"))
    assert messages("Mixed-Case1") == []


@override_settings(**MLPS)
def test_the_mlps_profile_refuses_the_last_five_passwords():
    user = make_user("li", password="First-Pass-01")
    for number in range(2, 7):
        user.set_password(f"Next-Pass-0{number}")
        user.save()
    assert PasswordChange.objects.filter(user=user).count() == 5
    assert any("used recently" in m for m in messages("Next-Pass-03", user))
    assert messages("First-Pass-01", user) == []  # six changes ago: forgotten


@override_settings(**MLPS)
def test_the_mlps_profile_expires_passwords_after_the_rotation_period():
    user = make_user("li")
    user.date_joined = timezone.now() - datetime.timedelta(days=200)
    assert password_expired(user)  # never changed: counted from the account's creation
    user.set_password("First-Pass-01")
    user.save()
    assert not password_expired(user)
    PasswordChange.objects.filter(user=user).update(
        changed_at=timezone.now() - datetime.timedelta(days=91)
    )
    assert password_expired(user)


def test_without_rotation_nothing_expires(settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    user = make_user("li")
    user.date_joined = timezone.now() - datetime.timedelta(days=3000)
    assert not password_expired(user)
