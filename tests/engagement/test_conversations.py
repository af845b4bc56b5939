"""Inquiries and chat between buyers and exhibitors (SPEC 5.6.1, 5.6.2)."""

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from booths import roles
from engagement.models import Conversation, Message, ModerationCase
from tests.builders import make_exhibitor, make_user, png_bytes
from tests.engagement.conftest import make_buyer, signed_in, translate

pytestmark = pytest.mark.django_db


def token(client):
    return client.get("/api/v1/auth/session").json()["csrf_token"]


def inquire(
    client, page_id, subject="Price for 500 chairs", body="FOB Shanghai, please.", files=()
):
    data = {"subject": subject, "body": body}
    if files:
        data["files"] = list(files)
    return client.post(
        f"/api/v1/pages/{page_id}/inquiries",
        data,
        HTTP_X_CSRFTOKEN=token(client),
        HTTP_ACCEPT_LANGUAGE="en",
    )


def say(client, conversation_id, body, files=()):
    data = {"body": body}
    if files:
        data["files"] = list(files)
    return client.post(
        f"/api/v1/conversations/{conversation_id}/messages", data, HTTP_X_CSRFTOKEN=token(client)
    )


def test_an_inquiry_from_an_exhibit_page_reaches_the_exhibitors_staff(show, buyer_client):
    response = inquire(buyer_client, show.exhibit.pk)
    assert response.status_code == 201
    thread = response.json()
    assert thread["conversation"]["exhibitor"] == "南通家纺"
    assert thread["conversation"]["exhibit_title"] == "实木餐椅"
    assert thread["messages"][0]["body"] == "FOB Shanghai, please."
    conversation = Conversation.objects.get()
    assert conversation.exhibitor == show.exhibitor and conversation.exhibit_id == show.exhibit.pk
    assert [m.to for m in mail.outbox] == [["staff1@example.com"]]
    assert "New inquiry" in mail.outbox[0].subject or "新" in mail.outbox[0].subject


def test_an_inquiry_from_a_translated_page_belongs_to_the_source_booth(show, buyer_client):
    english = translate(show.booth, "en")
    inquire(buyer_client, english.pk)
    assert Conversation.objects.get().booth_id == show.booth.pk


def test_the_exhibitor_answers_and_the_buyer_is_mailed_once_per_unread_burst(
    show, buyer_client, staff_client, buyer
):
    conversation_id = inquire(buyer_client, show.booth.pk).json()["conversation"]["id"]
    mail.outbox.clear()
    assert say(staff_client, conversation_id, "USD 42 each.").status_code == 201
    assert say(staff_client, conversation_id, "MOQ 200.").status_code == 201
    assert [m.to for m in mail.outbox] == [[buyer.email]]  # one mail, not two
    assert "USD 42 each." in mail.outbox[0].body
    html = mail.outbox[0].alternatives[0][0]
    assert "#conversation-" in mail.outbox[0].body and "<blockquote" in html

    thread = buyer_client.get(f"/api/v1/conversations/{conversation_id}").json()
    assert [m["body"] for m in thread["messages"]] == [
        "FOB Shanghai, please.",
        "USD 42 each.",
        "MOQ 200.",
    ]
    assert thread["messages"][1]["by_exhibitor"] and thread["messages"][1]["sender"] == "南通家纺"
    assert thread["conversation"]["unread"] == 2


def test_unread_counts_and_read_receipts(show, buyer_client, staff_client):
    conversation_id = inquire(buyer_client, show.booth.pk).json()["conversation"]["id"]
    assert staff_client.get("/api/v1/conversations/unread").json() == {"total": 1}
    before = buyer_client.get(f"/api/v1/conversations/{conversation_id}").json()
    assert before["read_by_other_side_up_to"] == 0
    staff_client.post(
        f"/api/v1/conversations/{conversation_id}/read",
        {},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token(staff_client),
    )
    assert staff_client.get("/api/v1/conversations/unread").json() == {"total": 0}
    after = buyer_client.get(f"/api/v1/conversations/{conversation_id}").json()
    assert after["read_by_other_side_up_to"] == after["messages"][0]["id"]


def test_strangers_cannot_see_a_conversation(show, buyer_client):
    conversation_id = inquire(buyer_client, show.booth.pk).json()["conversation"]["id"]
    other_buyer = signed_in(make_buyer("other@example.com"))
    rival = signed_in(make_exhibitor("竞争对手", owners=[make_user("rival")]).owners.get())
    organizer = signed_in(make_user("boss", is_superuser=True, is_staff=True))
    for client in (other_buyer, rival, organizer):
        assert client.get(f"/api/v1/conversations/{conversation_id}").status_code == 404
        assert say(client, conversation_id, "hi").status_code == 404
        assert client.get("/api/v1/conversations").json() == []
    assert Client().get("/api/v1/conversations").status_code == 401


def test_an_exhibitor_cannot_inquire_at_its_own_booth(show, staff_client):
    assert inquire(staff_client, show.booth.pk).status_code == 403


def test_a_blocked_inquiry_is_refused_and_nothing_is_sent(show, buyer_client, word_lists):
    response = inquire(buyer_client, show.booth.pk, body="我们可以代开发票")
    assert response.status_code == 422 and response.json()["code"] == "refused_text"
    assert not Conversation.objects.exists() and mail.outbox == []
    assert ModerationCase.objects.get().scope == "inquiry"


def test_a_held_message_waits_for_the_moderator_before_the_other_side_sees_it(
    show, buyer_client, staff_client
):
    from engagement import moderation
    from engagement.models import WordList

    WordList.objects.create(name="Contacts", action=WordList.REVIEW, words="wechat")
    conversation_id = inquire(buyer_client, show.booth.pk).json()["conversation"]["id"]
    mail.outbox.clear()
    response = say(buyer_client, conversation_id, "my wechat is anna88")
    assert response.status_code == 201 and response.json()["status"] == "held"
    staff_view = staff_client.get(f"/api/v1/conversations/{conversation_id}").json()
    assert [m["body"] for m in staff_view["messages"]] == ["FOB Shanghai, please."]
    case = ModerationCase.objects.get(status=ModerationCase.HELD)
    moderation.decide(case, True, make_user("mod", is_superuser=True))
    staff_view = staff_client.get(f"/api/v1/conversations/{conversation_id}").json()
    assert staff_view["messages"][-1]["body"] == "my wechat is anna88"


def test_photos_and_pdfs_can_be_attached_and_only_the_two_sides_download_them(
    show, buyer_client, staff_client
):
    photo = SimpleUploadedFile("chair.png", png_bytes(), content_type="image/png")
    pdf = SimpleUploadedFile("spec.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    response = inquire(buyer_client, show.booth.pk, files=[photo, pdf])
    assert response.status_code == 201, response.json()
    files = response.json()["messages"][0]["attachments"]
    assert [(f["name"], f["kind"]) for f in files] == [
        ("chair.png", "image"),
        ("spec.pdf", "document"),
    ]
    download = staff_client.get(files[0]["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == png_bytes()
    assert download["Content-Disposition"].startswith("attachment")
    assert "sandbox" in download["Content-Security-Policy"]
    stranger = signed_in(make_buyer("other@example.com"))
    assert stranger.get(files[0]["url"]).status_code == 404


def test_dangerous_or_disguised_attachments_are_refused_with_the_reason(show, buyer_client):
    page = SimpleUploadedFile("photo.png", b"<html><script>alert(1)</script></html>")
    response = inquire(buyer_client, show.booth.pk, files=[page])
    assert response.status_code == 422 and response.json()["code"] == "refused_file"
    assert "photo.png" in response.json()["detail"]
    fake_pdf = SimpleUploadedFile("offer.pdf", png_bytes())
    assert inquire(buyer_client, show.booth.pk, files=[fake_pdf]).status_code == 422
    assert not Conversation.objects.exists()


def test_too_many_attachments_are_refused(show, buyer_client):
    photos = [SimpleUploadedFile(f"p{n}.png", png_bytes()) for n in range(6)]
    response = inquire(buyer_client, show.booth.pk, files=photos)
    assert response.status_code == 422 and response.json()["code"] == "too_many_files"


def test_a_closed_conversation_takes_no_more_messages(show, buyer_client, staff_client):
    conversation_id = inquire(buyer_client, show.booth.pk).json()["conversation"]["id"]
    closed = staff_client.post(
        f"/api/v1/conversations/{conversation_id}/close", HTTP_X_CSRFTOKEN=token(staff_client)
    )
    assert closed.json()["status"] == "closed"
    assert say(buyer_client, conversation_id, "one more thing").status_code == 409


def test_history_pages_backwards_and_catches_up_forwards(
    show, buyer_client, staff_client, settings
):
    settings.RATE_LIMITS_ENABLED = False
    conversation_id = inquire(buyer_client, show.booth.pk).json()["conversation"]["id"]
    for n in range(60):
        say(staff_client if n % 2 else buyer_client, conversation_id, f"line {n}")
    latest = buyer_client.get(f"/api/v1/conversations/{conversation_id}").json()
    assert len(latest["messages"]) == 50 and latest["messages"][-1]["body"] == "line 59"
    older = buyer_client.get(
        f"/api/v1/conversations/{conversation_id}?before={latest['older_before']}"
    ).json()
    assert older["messages"][0]["body"] == "FOB Shanghai, please."
    last_id = latest["messages"][-1]["id"]
    say(staff_client, conversation_id, "new one")
    newer = buyer_client.get(f"/api/v1/conversations/{conversation_id}?after={last_id}").json()
    assert [m["body"] for m in newer["messages"]] == ["new one"]
    assert Message.objects.count() == 62


def test_the_stream_pushes_a_new_message_to_the_other_side(
    show, buyer_client, staff_client, settings
):
    settings.REALTIME_KEEPALIVE_SECONDS = 1
    conversation_id = inquire(buyer_client, show.booth.pk).json()["conversation"]["id"]
    response = staff_client.get("/api/v1/stream")
    assert response["Content-Type"] == "text/event-stream"
    events = iter(response.streaming_content)
    assert b"retry:" in next(events)  # subscribed from here on
    say(buyer_client, conversation_id, "Are you there?")
    frame = next(events).decode()
    assert frame.startswith("event: message\n")
    assert f'"conversation": {conversation_id}' in frame
    response.close()


def test_the_stream_needs_a_signed_in_user():
    response = Client().get("/api/v1/stream")
    assert response.status_code == 401


def test_the_exhibitor_reads_and_answers_in_the_admin_inbox(
    show, buyer_client, staff_client, buyer
):
    conversation_id = inquire(buyer_client, show.booth.pk).json()["conversation"]["id"]
    show.staff.groups.add(roles.ensure_roles()[roles.EXHIBITOR])
    dashboard = staff_client.get("/admin/").content.decode()
    # The sidebar's labels travel as JSON (escaped) in the admin's language.
    assert any(label in dashboard for label in ("询盘 (1)", json.dumps("询盘 (1)")[1:-1]))
    inbox = staff_client.get("/admin/inbox/").content.decode()
    assert "Price for 500 chairs" in inbox and "Anna (Acme GmbH)" in inbox
    page = staff_client.get(f"/admin/inbox/{conversation_id}/").content.decode()
    assert "FOB Shanghai, please." in page
    mail.outbox.clear()
    response = staff_client.post(f"/admin/inbox/{conversation_id}/", {"body": "<b>USD 42</b>"})
    assert response.status_code == 302
    assert Message.objects.last().by_exhibitor
    page = staff_client.get(f"/admin/inbox/{conversation_id}/").content.decode()
    assert "&lt;b&gt;USD 42&lt;/b&gt;" in page  # escaped, never rendered as markup
    assert [m.to for m in mail.outbox] == [[buyer.email]]


def test_other_exhibitors_and_organizers_have_no_view_of_the_inbox(show, buyer_client):
    conversation_id = inquire(buyer_client, show.booth.pk).json()["conversation"]["id"]
    rival = signed_in(make_exhibitor("竞争对手", owners=[make_user("rival")]).owners.get())
    organizer = signed_in(make_user("boss", is_superuser=True, is_staff=True))
    for client in (rival, organizer):
        response = client.get(f"/admin/inbox/{conversation_id}/", follow=True)
        assert "FOB Shanghai" not in response.content.decode()
