"""Comments on booths and exhibits, screened and moderated (SPEC 5.6.4, 6.1.2)."""

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import ModelLogEntry

from booths import roles
from engagement import counts, moderation
from engagement.models import Comment, ModerationCase
from tests.builders import make_user
from tests.engagement.conftest import make_buyer, signed_in

pytestmark = pytest.mark.django_db


def write(client, page_id, body, parent_id=None):
    token = client.get("/api/v1/auth/session").json()["csrf_token"]
    payload = {"body": body} if parent_id is None else {"body": body, "parent_id": parent_id}
    return client.post(
        f"/api/v1/pages/{page_id}/comments",
        payload,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def read(client, page_id, **params):
    return client.get(f"/api/v1/pages/{page_id}/comments", params, HTTP_ACCEPT_LANGUAGE="en").json()


def test_a_clean_comment_is_published_at_once_and_counted(show, buyer_client):
    response = write(buyer_client, show.exhibit.pk, "Is the oak FSC certified?")
    assert response.status_code == 201 and response.json()["status"] == "published"
    listing = read(Client(), show.exhibit.pk)
    assert listing["count"] == 1
    assert listing["comments"][0]["body"] == "Is the oak FSC certified?"
    assert listing["comments"][0]["author"] == "Anna · Germany"
    assert Client().get(f"/api/v1/pages/{show.exhibit.pk}/counts").json()["comments"] == 1


def test_the_exhibitors_reply_is_marked_and_nested(show, buyer_client, staff_client):
    question = write(buyer_client, show.booth.pk, "Do you ship to Hamburg?").json()
    reply = write(staff_client, show.booth.pk, "Yes, FOB Shanghai.", question["id"])
    assert reply.status_code == 201 and reply.json()["by_exhibitor"] is True
    listing = read(Client(), show.booth.pk)
    [thread] = listing["comments"]
    assert thread["replies"][0]["author"] == "南通家纺"
    assert thread["replies"][0]["by_exhibitor"] is True


def test_a_blocked_word_refuses_the_comment_and_keeps_a_record(show, buyer_client, word_lists):
    response = write(buyer_client, show.booth.pk, "可以代開發票吗？")  # traditional characters
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "refused_text" and "代開發票" in body["detail"]
    assert not Comment.objects.exists()
    case = ModerationCase.objects.get()
    assert case.status == ModerationCase.BLOCKED and case.text == "可以代開發票吗？"
    assert case.hits[0]["list"] == "Fraud"


def test_evasions_of_a_blocked_word_are_refused_too(show, buyer_client, word_lists):
    for text in ["赌 博", "赌.博", "赌\u200b博", "ｓｃａｍ offer", "S-C-A-M", "賭博網站"]:
        assert write(buyer_client, show.booth.pk, text).status_code == 422, text


def test_innocent_text_near_a_blocked_word_is_published(show, buyer_client, word_lists):
    for text in ["博览会 welcome", "Scampi and prawns", "escambray", "we do not gamble"]:
        assert write(buyer_client, show.booth.pk, text).json()["status"] == "published", text


def test_a_review_word_holds_the_comment_for_a_moderator(show, buyer_client, word_lists):
    response = write(buyer_client, show.booth.pk, "Add me on WeChat: anna88")
    assert response.status_code == 201 and response.json()["status"] == "held"
    assert read(Client(), show.booth.pk)["count"] == 0  # others do not see it
    mine = read(buyer_client, show.booth.pk)
    assert mine["comments"][0]["status"] == "held"  # its author does
    case = ModerationCase.objects.get()
    assert case.status == ModerationCase.HELD and case.content_object.status == Comment.HELD


def test_approving_a_held_comment_publishes_it_and_audits_the_decision(
    show, buyer_client, word_lists
):
    write(buyer_client, show.booth.pk, "WeChat me please")
    case = ModerationCase.objects.get()
    moderator = make_user("mod", roles.ensure_roles()[roles.MODERATOR])
    moderation.decide(case, True, moderator, note="contact request, allowed")
    assert read(Client(), show.booth.pk)["count"] == 1
    case.refresh_from_db()
    assert case.status == ModerationCase.APPROVED and case.decided_by == moderator
    entry = ModelLogEntry.objects.get(action="engagement.moderation.approve")
    assert entry.user == moderator and entry.data["note"] == "contact request, allowed"


def test_moderators_decide_in_the_admin_queue(show, buyer_client, word_lists):
    write(buyer_client, show.booth.pk, "WeChat me please")
    case = ModerationCase.objects.get()
    moderator = make_user("mod", roles.ensure_roles()[roles.MODERATOR])
    admin = signed_in(moderator)
    index = admin.get("/admin/moderation/")
    assert index.status_code == 200 and "WeChat me please" in index.content.decode()
    page = admin.get(f"/admin/moderation/inspect/{case.pk}/")
    assert "<mark>WeChat</mark>" in page.content.decode()
    response = admin.post(f"/admin/moderation/decide/{case.pk}/", {"decision": "reject"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == ModerationCase.REJECTED
    assert Comment.objects.get().status == Comment.REJECTED


def test_an_exhibitor_cannot_reach_the_moderation_queue(show, staff_client, word_lists):
    assert staff_client.get("/admin/moderation/").status_code in (302, 403)
    case = ModerationCase.objects.create(scope="comment", status=ModerationCase.HELD, text="x")
    assert staff_client.post(
        f"/admin/moderation/decide/{case.pk}/", {"decision": "approve"}
    ).status_code in (302, 403)
    case.refresh_from_db()
    assert case.status == ModerationCase.HELD


def test_premoderation_holds_every_comment(show, buyer_client, settings):
    settings.COMMENTS_PREMODERATION = True
    assert write(buyer_client, show.booth.pk, "Nice booth").json()["status"] == "held"


def test_comments_are_plain_text_returned_as_written(show, buyer_client):
    script = '<img src=x onerror="alert(1)">'
    write(buyer_client, show.booth.pk, script)
    assert read(Client(), show.booth.pk)["comments"][0]["body"] == script


def test_the_moderation_page_escapes_what_users_wrote(show, buyer_client, word_lists):
    write(buyer_client, show.booth.pk, '<script>alert("x")</script> wechat')
    case = ModerationCase.objects.get()
    admin = signed_in(make_user("boss", is_superuser=True, is_staff=True))
    html = admin.get(f"/admin/moderation/inspect/{case.pk}/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_bad_comments_are_refused_with_reasons(show, buyer_client):
    assert write(buyer_client, show.booth.pk, "   ").status_code == 422
    assert write(buyer_client, show.booth.pk, "x" * 2001).status_code == 422
    assert write(buyer_client, show.booth.pk, "reply", parent_id=987654).status_code == 422
    assert write(buyer_client, 987654, "hello").status_code == 404


def test_an_author_withdraws_a_comment_and_nobody_else_can(show, buyer_client):
    comment = write(buyer_client, show.booth.pk, "Wrong booth, sorry").json()
    other = signed_in(make_buyer("other@example.com"))
    token = other.get("/api/v1/auth/session").json()["csrf_token"]
    assert (
        other.delete(f"/api/v1/comments/{comment['id']}", HTTP_X_CSRFTOKEN=token).status_code == 404
    )
    token = buyer_client.get("/api/v1/auth/session").json()["csrf_token"]
    assert (
        buyer_client.delete(f"/api/v1/comments/{comment['id']}", HTTP_X_CSRFTOKEN=token).status_code
        == 204
    )
    assert read(Client(), show.booth.pk)["count"] == 0


def test_comment_floods_are_rate_limited(show, buyer_client):
    codes = [write(buyer_client, show.booth.pk, f"comment {n}").status_code for n in range(11)]
    assert codes[-1] == 429 and codes[:10] == [201] * 10


def test_older_comments_come_page_by_page(show, buyer_client, settings):
    settings.RATE_LIMITS_ENABLED = False
    for n in range(25):
        write(buyer_client, show.booth.pk, f"comment {n}")
    first = read(Client(), show.booth.pk)
    assert len(first["comments"]) == 20 and first["comments"][0]["body"] == "comment 24"
    second = read(Client(), show.booth.pk, before=first["next_before"])
    assert [c["body"] for c in second["comments"]][-1] == "comment 0"
    assert second["next_before"] is None


def test_anonymous_readers_get_the_first_page_from_the_cache_until_a_write_changes_it(
    show, buyer_client
):
    write(buyer_client, show.booth.pk, "Do you ship to Hamburg?")
    url = f"/api/v1/pages/{show.booth.pk}/comments"
    first = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    # The same bytes as the uncached answer (a signed-in reader's, minus "mine").
    again = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json; charset=utf-8"
    signed_in_view = buyer_client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    signed_in_view["comments"][0]["mine"] = False
    assert signed_in_view == first.json()

    token = buyer_client.get("/api/v1/auth/session").json()["csrf_token"]
    buyer_client.put(f"/api/v1/pages/{show.booth.pk}/like", HTTP_X_CSRFTOKEN=token)
    assert cache.get(counts.comments_key(show.booth.pk)) is not None  # a like keeps it

    write(buyer_client, show.booth.pk, "And to Rotterdam?")
    listing = Client().get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert [c["body"] for c in listing["comments"]] == [
        "And to Rotterdam?",
        "Do you ship to Hamburg?",
    ]
