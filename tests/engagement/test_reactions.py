"""Likes and favourites of booths and exhibits, and exhibitors' favourite buyers (SPEC 5.6.4)."""

import pytest
from django.test import Client

from engagement.models import BuyerFavourite, Reaction
from tests.builders import make_booth, make_exhibitor, make_user
from tests.engagement.conftest import make_buyer, signed_in, translate

pytestmark = pytest.mark.django_db


def put(client, path):
    token = client.get("/api/v1/auth/session").json()["csrf_token"]
    return client.put(path, HTTP_X_CSRFTOKEN=token)


def delete(client, path):
    token = client.get("/api/v1/auth/session").json()["csrf_token"]
    return client.delete(path, HTTP_X_CSRFTOKEN=token)


def test_a_buyer_likes_a_booth_once_however_often_it_clicks(show, buyer_client):
    first = put(buyer_client, f"/api/v1/pages/{show.booth.pk}/like")
    second = put(buyer_client, f"/api/v1/pages/{show.booth.pk}/like")
    assert first.status_code == second.status_code == 200
    assert second.json()["likes"] == 1 and second.json()["liked"] is True
    assert Reaction.objects.count() == 1


def test_unliking_takes_the_like_back(show, buyer_client):
    put(buyer_client, f"/api/v1/pages/{show.exhibit.pk}/like")
    response = delete(buyer_client, f"/api/v1/pages/{show.exhibit.pk}/like")
    assert response.json()["likes"] == 0 and response.json()["liked"] is False


def test_counts_are_the_same_in_every_language(show, buyer_client):
    english = translate(show.booth, "en")
    put(buyer_client, f"/api/v1/pages/{english.pk}/favourite")
    chinese = Client().get(f"/api/v1/pages/{show.booth.pk}/counts").json()
    assert chinese["favourites"] == 1
    assert Reaction.objects.get().page_id == show.booth.pk  # kept on the source page


def test_counts_of_a_whole_grid_in_one_call(show, buyer_client):
    put(buyer_client, f"/api/v1/pages/{show.booth.pk}/like")
    response = Client().get(f"/api/v1/counts?pages={show.booth.pk},{show.exhibit.pk},999999")
    rows = {row["page_id"]: row for row in response.json()}
    assert set(rows) == {show.booth.pk, show.exhibit.pk}
    assert rows[show.booth.pk]["likes"] == 1 and rows[show.exhibit.pk]["likes"] == 0


def test_counts_are_served_from_the_cache_after_the_first_read(show, django_assert_max_num_queries):
    client = Client()
    client.get(f"/api/v1/pages/{show.booth.pk}/counts")
    with django_assert_max_num_queries(3):  # the page lookup; counts come from the cache
        client.get(f"/api/v1/pages/{show.booth.pk}/counts")


def test_a_visitor_must_sign_in_to_like(show):
    response = Client().put(f"/api/v1/pages/{show.booth.pk}/like")
    assert response.status_code == 401
    assert response.json()["code"] == "not_signed_in"


def test_an_unverified_buyer_cannot_like(show):
    client = signed_in(make_buyer("new@example.com", verified=False))
    response = put(client, f"/api/v1/pages/{show.booth.pk}/like")
    assert response.status_code == 403 and response.json()["code"] == "unverified"


def test_an_exhibitor_cannot_like_its_own_booth(show, staff_client):
    response = put(staff_client, f"/api/v1/pages/{show.booth.pk}/like")
    assert response.status_code == 403 and response.json()["code"] == "own_booth"


def test_a_draft_booth_cannot_be_liked(show, buyer_client):
    draft = make_booth(show.edition, make_exhibitor("草稿"), publish=False)
    assert put(buyer_client, f"/api/v1/pages/{draft.pk}/like").status_code == 404


def test_writes_without_the_csrf_token_are_refused(show, buyer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(buyer)
    assert client.put(f"/api/v1/pages/{show.booth.pk}/like").status_code == 403


def test_my_favourites_are_listed_in_my_language(show, buyer_client):
    translate(show.booth, "en", title="Nantong Textiles")
    put(buyer_client, f"/api/v1/pages/{show.booth.pk}/favourite")
    rows = buyer_client.get("/api/v1/me/favourites?locale=en").json()
    assert rows == [
        {
            "page_id": rows[0]["page_id"],
            "title": "Nantong Textiles",
            "url": rows[0]["url"],
            "kind": "booth",
        }
    ]
    assert rows[0]["url"].startswith("/en/")


def test_an_exhibitor_sees_who_interacted_and_marks_a_mutual_favourite(show, staff_client):
    fan = make_buyer("fan@example.com", first_name="Fan")
    put(signed_in(fan), f"/api/v1/pages/{show.exhibit.pk}/favourite")
    liker = make_buyer("liker@example.com", first_name="Liker")
    put(signed_in(liker), f"/api/v1/pages/{show.booth.pk}/like")
    stranger = make_buyer("stranger@example.com")

    rows = staff_client.get(f"/api/v1/exhibitors/{show.exhibitor.pk}/buyers").json()
    assert {row["id"] for row in rows} == {fan.pk, liker.pk}

    marked = put(staff_client, f"/api/v1/exhibitors/{show.exhibitor.pk}/buyers/{fan.pk}/favourite")
    assert marked.json()["mutual"] is True
    other = put(staff_client, f"/api/v1/exhibitors/{show.exhibitor.pk}/buyers/{liker.pk}/favourite")
    assert other.json()["favourite"] is True and other.json()["mutual"] is False
    refused = put(
        staff_client, f"/api/v1/exhibitors/{show.exhibitor.pk}/buyers/{stranger.pk}/favourite"
    )
    assert refused.status_code == 404
    assert BuyerFavourite.objects.count() == 2


def test_another_exhibitor_cannot_see_or_mark_these_buyers(show, buyer_client):
    put(buyer_client, f"/api/v1/pages/{show.booth.pk}/like")
    rival = signed_in(make_exhibitor("竞争对手", owners=[make_user("rival")]).owners.get())
    assert rival.get(f"/api/v1/exhibitors/{show.exhibitor.pk}/buyers").status_code == 403
    buyer_id = Reaction.objects.get().user_id
    path = f"/api/v1/exhibitors/{show.exhibitor.pk}/buyers/{buyer_id}/favourite"
    assert put(rival, path).status_code == 403
    assert put(buyer_client, path).status_code == 403
