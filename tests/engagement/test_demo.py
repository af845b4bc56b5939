"""`manage.py seed_engagement`: the demo show as buyers have used it for a few days."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from booths.demo.seed import seed_demo
from engagement import demo
from engagement.models import (
    Comment,
    Conversation,
    DailyRollup,
    Event,
    Meeting,
    ModerationCase,
    Reaction,
    WordList,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo(exhibitors=8, buyers=45)
        out = io.StringIO()
        call_command("seed_engagement", "--i-know-this-is-a-demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_the_demo_has_engagement_of_every_kind(seeded):
    assert "Demo engagement seeded" in seeded
    assert demo.DEMO_BUYER in seeded and demo.DEMO_BUYER_PASSWORD in seeded
    assert WordList.objects.count() == 2
    assert Reaction.objects.count() > 100
    assert Comment.objects.filter(by_exhibitor=True).exists()
    assert ModerationCase.objects.filter(status=ModerationCase.HELD).count() == 1
    assert ModerationCase.objects.filter(status=ModerationCase.BLOCKED).count() == 1
    assert Conversation.objects.count() == 3
    assert Meeting.objects.filter(status=Meeting.ACCEPTED).exists()
    assert Event.objects.count() > 1000
    assert DailyRollup.objects.filter(views__gt=0).exists()


def test_the_demo_buyer_signs_in_and_sees_its_conversations(seeded):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = client.get("/api/v1/auth/session").json()["csrf_token"]
    response = client.post(
        "/api/v1/auth/login",
        {"email": demo.DEMO_BUYER, "password": demo.DEMO_BUYER_PASSWORD},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    conversations = client.get("/api/v1/conversations").json()
    assert {c["subject"] for c in conversations} >= {"Quotation for 500 pieces"}


def test_seeding_again_changes_nothing(seeded):
    before = (Reaction.objects.count(), Event.objects.count())
    out = io.StringIO()
    call_command("seed_engagement", "--i-know-this-is-a-demo", stdout=out)
    assert "already seeded" in out.getvalue()
    assert (Reaction.objects.count(), Event.objects.count()) == before
