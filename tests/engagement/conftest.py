"""Engagement test set-up: a published booth with an exhibit in two languages, a verified
buyer and the exhibitor's staff, each with a client signed in."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from engagement.models import BuyerAccount, WordList
from tests.builders import make_booth, make_exhibit, make_exhibitor, make_user
from tests.site_builder.conftest import meili, meili_server  # noqa: F401 (fixtures)

PASSWORD = "Harbour-Lantern-2026"


def make_buyer(email="buyer@example.com", verified=True, level="member", **fields):
    from booths.models import BuyerProfile

    user = make_user(
        email, email=email, password=PASSWORD, first_name=fields.pop("first_name", "Anna")
    )
    BuyerAccount.objects.create(
        user=user,
        terms_version="2026-1",
        email_verified_at=timezone.now() if verified else None,
        level=level if verified else "public",
        language="en",
    )
    BuyerProfile.objects.create(
        company_name=fields.pop("company", "Acme GmbH"), country="DE", user=user
    )
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def show(edition):
    """A booth with one exhibit, the exhibitor's staff member, and a translation of both."""
    staff = make_user("staff1", email="staff1@example.com")
    exhibitor = make_exhibitor("南通家纺", owners=[staff])
    booth = make_booth(edition, exhibitor)
    exhibit = make_exhibit(booth)
    return SimpleNamespace(
        edition=edition, exhibitor=exhibitor, booth=booth, exhibit=exhibit, staff=staff
    )


@pytest.fixture
def buyer(db):
    return make_buyer()


@pytest.fixture
def buyer_client(buyer):
    return signed_in(buyer)


@pytest.fixture
def staff_client(show):
    return signed_in(show.staff)


@pytest.fixture
def word_lists(db):
    """A block list and a review list, as an organizer would keep them."""
    blocked = WordList.objects.create(
        name="Fraud", action=WordList.BLOCK, words="代开发票\n赌博\nscam"
    )
    review = WordList.objects.create(
        name="Contact details", action=WordList.REVIEW, words="wechat\n微信", scopes=["comment"]
    )
    return SimpleNamespace(blocked=blocked, review=review)


def translate(page, language_code="en", title=None):
    """A live translation of `page` (and its ancestors) into another language."""
    from wagtail.models import Locale

    locale = Locale.objects.get(language_code=language_code)
    for ancestor in page.get_ancestors().filter(depth__gte=2).specific():
        if not ancestor.has_translation(locale):
            ancestor.copy_for_translation(locale, copy_parents=True).save_revision().publish()
    translated = page.copy_for_translation(locale, copy_parents=True)
    if title:
        translated.title = title
    translated.save_revision().publish()
    return translated


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """A test's transaction never commits: e-mails are sent when they would be queued."""
    monkeypatch.setattr("engagement.notifications.after_commit", lambda function: function())
