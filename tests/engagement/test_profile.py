"""The buyer keeps its own company record (SPEC 4.1.3) through the API."""

import pytest
from django.test import Client

from booths.models import BuyerProfile
from engagement.models import ModerationCase
from tests.builders import make_user
from tests.engagement.conftest import signed_in

pytestmark = pytest.mark.django_db

CHANGES = {
    "company_name": "Hamburg Home Import GmbH",
    "country": "de",
    "business_field": "furniture retail",
    "main_products": "dining chairs, tables",
    "purchase_keywords": "oak; walnut",
    "needs": ["meeting", "negotiation"],
    "contact_name": "Anna Schmidt",
    "phone": "+49 40 123456",
    "wechat": "",
    "language": "ru",
    "time_zone": "Europe/Berlin",
}


def put(client, data):
    token = client.get("/api/v1/auth/session").json()["csrf_token"]
    return client.put(
        "/api/v1/me/profile", data, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )


def test_a_buyer_reads_and_corrects_its_company_record(buyer, buyer_client):
    assert buyer_client.get("/api/v1/me/profile").json()["company_name"] == "Acme GmbH"
    response = put(buyer_client, CHANGES)
    assert response.status_code == 200
    assert response.json() == {**CHANGES, "country": "DE"}
    profile = BuyerProfile.objects.get(user=buyer)
    assert profile.company_name == "Hamburg Home Import GmbH" and profile.needs == [
        "meeting",
        "negotiation",
    ]
    assert profile.contacts.get().phone == "+49 40 123456"
    buyer.buyer_account.refresh_from_db()
    assert buyer.buyer_account.language == "ru"


def test_profile_text_is_screened(buyer_client, word_lists):
    response = put(buyer_client, {**CHANGES, "main_products": "赌博 equipment"})
    assert response.status_code == 422 and response.json()["code"] == "refused_text"
    assert ModerationCase.objects.get().scope == "profile"


def test_bad_profile_values_are_refused_field_by_field(buyer_client):
    response = put(
        buyer_client, {**CHANGES, "country": "XX", "needs": ["flying"], "time_zone": "Moon/Base"}
    )
    assert response.status_code == 422
    assert {"country", "needs", "time_zone"} <= set(response.json()["fields"])


def test_only_buyers_have_a_profile_here():
    assert Client().get("/api/v1/me/profile").status_code == 401
    staff = signed_in(make_user("staff9"))
    assert staff.get("/api/v1/me/profile").status_code == 404
