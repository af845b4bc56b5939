"""Buyer accounts over the API (SPEC 5.4.3, 4.5, 6.1.2)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from booths.models import BuyerProfile
from engagement.models import BuyerAccount, ModerationCase, WordList
from tests.engagement.conftest import PASSWORD, make_buyer

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "email": "Li.Wei@Example.com",
    "password": "Silk-Road-Lantern-88",
    "company_name": "Hamburg Home Import GmbH",
    "country": "de",
    "contact_name": "Li Wei",
    "main_products": "dining chairs; bedding",
    "time_zone": "Europe/Berlin",
    "accept_terms": True,
}


def csrf_client():
    """A browser-like client: CSRF enforced, token fetched from the session endpoint."""
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    token = client.get("/api/v1/auth/session").json()["csrf_token"]
    client.defaults["HTTP_X_CSRFTOKEN"] = token
    return client


def post(client, path, data):
    return client.post(f"/api/v1/auth/{path}", data, content_type="application/json")


def verification_link(message):
    return re.search(r"https?://\S+/api/v1/auth/verify\?token=\S+", message.body).group(0)


def test_registration_creates_an_unverified_account_with_profile_and_mails_a_link():
    response = post(csrf_client(), "register", REGISTRATION)
    assert response.status_code == 202
    user = get_user_model().objects.get(email="li.wei@example.com")
    account = user.buyer_account
    assert account.level == "public" and not account.is_verified
    assert account.terms_version == "2026-1" and account.time_zone == "Europe/Berlin"
    profile = BuyerProfile.objects.get(user=user)
    assert profile.company_name == "Hamburg Home Import GmbH" and profile.country == "DE"
    assert profile.contacts.get().email == "li.wei@example.com"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["li.wei@example.com"]
    assert "confirm" in mail.outbox[0].subject.lower()
    assert verification_link(mail.outbox[0])


def test_registering_a_taken_address_answers_the_same_and_tells_the_owner():
    make_buyer("li.wei@example.com")
    first = post(csrf_client(), "register", REGISTRATION)
    assert first.status_code == 202
    other = {**REGISTRATION, "email": "someone.new@example.com"}
    second = post(csrf_client(), "register", other)
    assert first.json() == second.json()
    assert get_user_model().objects.filter(email__iexact="li.wei@example.com").count() == 1
    owner_mail = [m for m in mail.outbox if m.to == ["li.wei@example.com"]]
    assert len(owner_mail) == 1 and "already has one" in owner_mail[0].body


def test_registration_needs_the_terms_accepted():
    response = post(csrf_client(), "register", {**REGISTRATION, "accept_terms": False})
    assert response.status_code == 422
    assert response.json()["code"] == "terms_not_accepted"
    assert "accept_terms" in response.json()["fields"]
    assert not get_user_model().objects.filter(email="li.wei@example.com").exists()


def test_registration_refuses_a_weak_password_and_says_why():
    response = post(csrf_client(), "register", {**REGISTRATION, "password": "password123"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "weak_password"
    assert any("common" in message for message in body["fields"]["password"])
    assert not BuyerAccount.objects.exists()


def test_registration_refuses_bad_input_field_by_field():
    response = post(
        csrf_client(),
        "register",
        {**REGISTRATION, "email": "not-an-address", "country": "ZZ", "time_zone": "Mars/Base"},
    )
    assert response.status_code == 422
    assert {"email", "country", "time_zone"} <= set(response.json()["fields"])


def test_registration_screens_the_profile_texts(word_lists):
    response = post(csrf_client(), "register", {**REGISTRATION, "main_products": "代开发票 服务"})
    assert response.status_code == 422
    assert response.json()["code"] == "refused_text"
    assert "main_products" in response.json()["fields"]
    assert not get_user_model().objects.filter(email="li.wei@example.com").exists()
    assert ModerationCase.objects.get().status == ModerationCase.BLOCKED


def test_registration_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = post(client, "register", REGISTRATION)
    assert response.status_code == 403
    assert response.json()["code"] == "csrf"


def test_the_verification_link_makes_a_member_and_signs_in():
    client = csrf_client()
    post(client, "register", REGISTRATION)
    link = verification_link(mail.outbox[0])
    response = client.get(link.split("127.0.0.1:8000")[-1])
    assert response.status_code == 302
    assert response["Location"] == "/en/account/?verified=1"
    account = BuyerAccount.objects.get()
    assert account.is_verified and account.level == "member"
    session = client.get("/api/v1/auth/session").json()
    assert session["authenticated"] and session["account"]["level"] == "member"
    assert session["account"]["kind"] == "buyer"


def test_with_manual_approval_a_verified_buyer_waits_for_the_organizer(settings):
    settings.BUYER_APPROVAL = "manual"
    client = csrf_client()
    post(client, "register", REGISTRATION)
    client.get(verification_link(mail.outbox[0]).split("127.0.0.1:8000")[-1])
    account = BuyerAccount.objects.get()
    assert account.is_verified and account.level == "public"


def test_a_forged_verification_link_verifies_nothing():
    post(csrf_client(), "register", REGISTRATION)
    response = Client().get("/api/v1/auth/verify?token=forged:token")
    assert response["Location"].endswith("verified=0")
    assert not BuyerAccount.objects.get().is_verified


def test_sign_in_answers_the_same_for_an_unknown_address_and_a_wrong_password():
    make_buyer("anna@example.com")
    unknown = post(csrf_client(), "login", {"email": "nobody@example.com", "password": PASSWORD})
    wrong = post(csrf_client(), "login", {"email": "anna@example.com", "password": "wrong-pass"})
    assert unknown.status_code == wrong.status_code == 400
    assert unknown.json() == wrong.json()


def test_sign_in_sets_an_httponly_session_cookie_and_a_new_session():
    make_buyer("anna@example.com")
    client = csrf_client()
    before = client.cookies.get("sessionid")
    response = post(client, "login", {"email": "ANNA@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["account"]["email"] == "anna@example.com"
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert before is None or before.value != cookie.value


def test_an_unverified_buyer_is_told_to_confirm_and_gets_the_link_again():
    make_buyer("anna@example.com", verified=False)
    response = post(csrf_client(), "login", {"email": "anna@example.com", "password": PASSWORD})
    assert response.status_code == 403
    assert response.json()["code"] == "unverified"
    assert len(mail.outbox) == 1


def test_too_many_sign_in_attempts_for_one_address_are_refused_with_retry_after():
    make_buyer("anna@example.com")
    codes = [
        post(csrf_client(), "login", {"email": "anna@example.com", "password": "x"}).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [400] * 10
    last = post(csrf_client(), "login", {"email": "anna@example.com", "password": PASSWORD})
    assert last.status_code == 429
    assert int(last["Retry-After"]) >= 1
    assert last.json()["code"] == "rate_limited"


def test_sign_out_ends_the_session(buyer_client):
    token = buyer_client.get("/api/v1/auth/session").json()["csrf_token"]
    response = buyer_client.post("/api/v1/auth/logout", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert buyer_client.get("/api/v1/auth/session").json()["authenticated"] is False


def test_password_reset_is_silent_about_unknown_addresses_and_works_for_known_ones():
    make_buyer("anna@example.com")
    unknown = post(csrf_client(), "password-reset", {"email": "nobody@example.com"})
    known = post(csrf_client(), "password-reset", {"email": "anna@example.com"})
    assert unknown.status_code == known.status_code == 202
    assert unknown.json() == known.json()
    assert len(mail.outbox) == 1
    fragment = re.search(r"#reset=(\S+)", mail.outbox[0].body).group(1)
    uid, token = fragment.split(".", 1)
    client = csrf_client()
    response = post(
        client,
        "password-reset/confirm",
        {"uid": uid, "token": token, "password": "Brand-New-Harbour-99"},
    )
    assert response.status_code == 200 and response.json()["authenticated"]
    again = post(
        csrf_client(),
        "password-reset/confirm",
        {"uid": uid, "token": token, "password": "Other-Pass-Word-77"},
    )
    assert again.status_code == 400 and again.json()["code"] == "bad_token"


def test_changing_the_password_needs_the_current_one(buyer_client):
    token = buyer_client.get("/api/v1/auth/session").json()["csrf_token"]
    wrong = buyer_client.post(
        "/api/v1/auth/password",
        {"current_password": "nope", "new_password": "Another-Good-Pass-1"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert wrong.status_code == 400
    right = buyer_client.post(
        "/api/v1/auth/password",
        {"current_password": PASSWORD, "new_password": "Another-Good-Pass-1"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert right.status_code == 200
    assert right.json()["authenticated"]  # the session survives its own password change


def test_a_visitor_gets_no_search_token_and_a_member_gets_one_for_its_level(meili, buyer_client):
    anonymous = Client().get("/api/v1/auth/search-token").json()
    assert anonymous["level"] == "public" and anonymous["token"] is None
    member = buyer_client.get("/api/v1/auth/search-token?locale=en").json()
    assert member["level"] == "member" and member["token"]
    import jwt

    claims = jwt.decode(member["token"], options={"verify_signature": False})
    assert list(claims["searchRules"]) == [f"{meili_prefix()}_member_en"]


def meili_prefix():
    from django.conf import settings

    return settings.MEILI_INDEX_PREFIX


def test_word_lists_edited_in_the_admin_apply_at_once(db):
    client = csrf_client()
    registration = {**REGISTRATION, "main_products": "casino equipment"}
    assert post(client, "register", registration).status_code == 202
    WordList.objects.create(name="Gambling", action=WordList.BLOCK, words="casino")
    other = {**registration, "email": "second@example.com"}
    assert post(csrf_client(), "register", other).status_code == 422


def test_field_errors_are_in_the_readers_language():
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="ru")
    token = client.get("/api/v1/auth/session").json()["csrf_token"]
    response = client.post(
        "/api/v1/auth/register",
        {"email": "nope", "password": "x", "company_name": "", "accept_terms": True},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    fields = response.json()["fields"]
    assert response.status_code == 422
    assert (
        fields["email"] == ["Введите корректный адрес эл. почты."] or "почт" in fields["email"][0]
    )
    assert all("valid" not in message for messages in fields.values() for message in messages)
