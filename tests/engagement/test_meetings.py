"""Video meetings between buyers and exhibitors' staff (SPEC 5.6.3): the API, the rules, the
e-mails with their invitations, the providers' links."""

import datetime
import email
import threading
import zoneinfo

import jwt
import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from booths.models import ExhibitionPage
from engagement import ics, meetings
from engagement.meeting_providers import MeetingLinkRefused, ProviderNotConfigured, get_provider
from engagement.meeting_providers.external import ExternalLinkProvider
from engagement.meeting_times import InvalidTime, to_utc
from engagement.models import Conversation, Meeting, MeetingParticipant
from tests.builders import make_exhibitor, make_user
from tests.engagement.conftest import make_buyer, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(settings):
    """These tests read the English sentences: the site's default language is Chinese."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
JITSI_WITH_TOKENS = {
    "jitsi": {
        "BACKEND": "engagement.meeting_providers.jitsi.JitsiProvider",
        "OPTIONS": {
            "BASE_URL": "https://meet.example.com",
            "APP_ID": "expo",
            "APP_SECRET": "a-long-shared-secret-for-hs256-tokens",
        },
    },
    "external": settings.MEETING_PROVIDERS["external"],
}


# -- helpers ------------------------------------------------------------------------------


def shanghai(days=3, hour=10, minute=0):
    """A wall-clock time in the show's zone, `days` from today (inside the test edition)."""
    day = timezone.now().astimezone(SHANGHAI).date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def iso(moment):
    return moment.isoformat()


def post(client, path, data=None):
    return client.post(f"/api/v1/{path}", data or {}, content_type="application/json")


def ask(client, exhibitor, starts, minutes=30, **fields):
    body = {
        "exhibitor_id": exhibitor.pk,
        "title": fields.pop("title", "Bulk order of bedding"),
        "starts_at": iso(starts),
        "ends_at": iso(starts + datetime.timedelta(minutes=minutes)),
        **fields,
    }
    return post(client, "meetings", body)


def set_zone(user, name):
    user.buyer_account.time_zone = name
    user.buyer_account.save()


def inquiry(show, buyer):
    """An inquiry from `buyer`: what lets the exhibitor invite them to a meeting."""
    return Conversation.objects.create(
        exhibitor=show.exhibitor,
        buyer=buyer,
        booth=show.booth,
        subject="Dining chairs",
        last_message_at=timezone.now(),
    )


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def html_of(message):
    return message.alternatives[0][0]


def calendar_part(message):
    """(content type header, invitation text) of an e-mail's text/calendar attachment."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    for part in parsed.walk():
        if part.get_content_type() == "text/calendar":
            return part["Content-Type"], part.get_payload(decode=True).decode("utf-8")
    raise AssertionError("no invitation attached")


def parse_ics(text):
    """Property name -> list of (parameters, value), from the unfolded lines."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    props = {}
    for line in ics.unfold(text.rstrip("\r\n")):
        head, _, value = (
            line.partition(":")
            if not line.startswith("ATTENDEE")
            else (
                line.rsplit(":mailto", 1)[0],
                ":",
                "mailto" + line.rsplit(":mailto", 1)[1],
            )
        )
        name, *params = head.split(";")
        props.setdefault(name, []).append((params, value))
    return props


def unescape(value):
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def ics_time(value):
    return datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)


def second_sunday_of_march(year):
    first = datetime.date(year, 3, 1)
    return first + datetime.timedelta(days=(6 - first.weekday()) % 7 + 7)


@pytest.fixture
def spring(show):
    """The show moved to next March, around the day North America goes to summer time."""
    year = timezone.now().year + 1
    ExhibitionPage.objects.filter(pk=show.edition.pk).update(
        starts_at=datetime.datetime(year, 3, 1, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(year, 3, 31, tzinfo=datetime.UTC),
    )
    return second_sunday_of_march(year)


@pytest.fixture
def requested(show, buyer, buyer_client):
    """A buyer's request for tomorrow+2 at 10:00 Shanghai time, as the API answered it."""
    response = ask(buyer_client, show.exhibitor, shanghai())
    assert response.status_code == 201, response.json()
    mail.outbox.clear()
    return Meeting.objects.get(pk=response.json()["id"])


# -- requesting and answering -------------------------------------------------------------


def test_a_buyer_requests_a_meeting_and_the_staff_are_told_in_their_language(
    show, buyer, buyer_client, settings
):
    settings.LANGUAGE_CODE = "zh-hans"  # the show's language, which the staff read
    response = ask(buyer_client, show.exhibitor, shanghai(hour=15), agenda="Prices for 2027")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "requested"
    assert body["my_role"] == "guest" and body["my_response"] == "accepted"
    assert body["join_url"].startswith("http://127.0.0.1:8443/expo-")
    assert {(p["role"], p["response"]) for p in body["participants"]} == {
        ("guest", "accepted"),
        ("host", "pending"),
    }
    assert body["actions"] == ["cancel", "reschedule"]

    [message] = mail.outbox
    assert message.to == ["staff1@example.com"]
    html = html_of(message)
    assert 'lang="zh-hans"' in html  # the staff read the show's language
    assert "Anna (Acme GmbH)" in message.body and "Bulk order of bedding" in message.subject
    assert "15:00–15:30（Asia/Shanghai，UTC+08:00）" in message.body
    assert "星期" in message.body and "希望与您进行视频会议" in message.body
    content_type, text = calendar_part(message)
    assert "method=REQUEST" in content_type.replace('"', "")
    props = parse_ics(text)
    assert props["METHOD"][0][1] == "REQUEST"
    assert props["STATUS"][0][1] == "TENTATIVE"


def test_the_staff_accept_and_the_buyer_gets_the_confirmation_with_the_invitation(
    show, buyer, requested, staff_client
):
    response = post(staff_client, f"meetings/{requested.pk}/accept")
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    [message] = mails_to(buyer.email)
    assert 'lang="en"' in html_of(message)
    assert "accepted the video meeting" in message.body
    props = parse_ics(calendar_part(message)[1])
    assert props["STATUS"][0][1] == "CONFIRMED"
    partstats = {
        value: next(p for p in params if p.startswith("PARTSTAT="))
        for params, value in props["ATTENDEE"]
    }
    assert partstats == {
        "mailto:staff1@example.com": "PARTSTAT=ACCEPTED",
        f"mailto:{buyer.email}": "PARTSTAT=ACCEPTED",
    }


def test_a_buyer_cannot_accept_for_the_exhibitor(show, requested, buyer_client):
    response = post(buyer_client, f"meetings/{requested.pk}/accept")
    assert response.status_code == 200
    assert response.json()["status"] == "requested"
    assert requested.participants.get(role="host").response == "pending"


def test_people_outside_the_meeting_are_told_it_does_not_exist(show, requested):
    stranger = signed_in(make_buyer("stranger@example.com"))
    other_staff = make_user("staff9", email="staff9@example.com")
    make_exhibitor("Other Textiles", owners=[other_staff])
    for client in (stranger, signed_in(other_staff)):
        assert client.get(f"/api/v1/meetings/{requested.pk}").status_code == 404
        assert client.get(f"/api/v1/meetings/{requested.pk}.ics").status_code == 404
        response = post(client, f"meetings/{requested.pk}/accept")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        assert post(client, f"meetings/{requested.pk}/cancel").status_code == 404
        assert client.get("/api/v1/meetings").json() == []
    requested.refresh_from_db()
    assert requested.status == "requested"


def test_declining_tells_the_buyer_and_removes_the_event_from_calendars(
    show, buyer, requested, staff_client
):
    response = post(staff_client, f"meetings/{requested.pk}/decline", {"reason": "Fully booked"})
    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert response.json()["join_url"] == "" and response.json()["actions"] == []
    [message] = mails_to(buyer.email)
    assert "declined" in message.body and "Fully booked" in message.body
    content_type, text = calendar_part(message)
    assert "method=CANCEL" in content_type.replace('"', "")
    props = parse_ics(text)
    assert props["METHOD"][0][1] == "CANCEL" and props["STATUS"][0][1] == "CANCELLED"
    assert "LOCATION" not in props  # no link to a meeting that will not happen
    assert post(staff_client, f"meetings/{requested.pk}/accept").status_code == 409


def test_only_the_requester_cancels_the_others_decline(show, buyer, requested, buyer_client):
    staff_client = signed_in(show.staff)
    refused = post(staff_client, f"meetings/{requested.pk}/cancel")
    assert refused.status_code == 403 and "decline" in refused.json()["detail"]
    not_a_decline = post(buyer_client, f"meetings/{requested.pk}/decline")
    assert not_a_decline.status_code == 403 and "cancel" in not_a_decline.json()["detail"]

    response = post(buyer_client, f"meetings/{requested.pk}/cancel", {"reason": "Trip moved"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    [message] = mails_to("staff1@example.com")
    props = parse_ics(calendar_part(message)[1])
    assert props["METHOD"][0][1] == "CANCEL"
    assert props["SEQUENCE"][0][1] == "1"  # higher than the request's, so calendars apply it
    assert mails_to(buyer.email) == []  # nobody is told what they did themselves


def test_any_of_the_exhibitor_staff_may_cancel_a_staff_proposal(show, buyer):
    colleague = make_user("staff2", email="staff2@example.com")
    show.exhibitor.owners.add(colleague)
    inquiry(show, buyer)
    proposed = ask(signed_in(show.staff), show.exhibitor, shanghai(), guest_ids=[buyer.pk])
    assert proposed.status_code == 201
    meeting_id = proposed.json()["id"]
    assert post(signed_in(buyer), f"meetings/{meeting_id}/cancel").status_code == 403
    response = post(signed_in(colleague), f"meetings/{meeting_id}/cancel")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_rescheduling_needs_the_other_side_again_and_keeps_the_link(
    show, buyer, requested, staff_client, buyer_client
):
    post(staff_client, f"meetings/{requested.pk}/accept")
    link = requested.join_url
    mail.outbox.clear()
    new_start = shanghai(days=4, hour=16)
    response = post(
        buyer_client,
        f"meetings/{requested.pk}/reschedule",
        {"starts_at": iso(new_start), "ends_at": iso(new_start + datetime.timedelta(hours=1))},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "requested" and body["sequence"] == 1
    requested.refresh_from_db()
    assert requested.join_url == link and requested.starts_at == new_start
    assert requested.participants.get(role="host").response == "pending"

    [message] = mails_to("staff1@example.com")
    assert "16:00–17:00" in message.body
    props = parse_ics(calendar_part(message)[1])
    assert props["SEQUENCE"][0][1] == "1" and props["METHOD"][0][1] == "REQUEST"
    assert ics_time(props["DTSTART"][0][1]) == new_start

    again = post(staff_client, f"meetings/{requested.pk}/accept")
    assert again.json()["status"] == "accepted"


def test_staff_propose_a_meeting_to_two_buyers(show, buyer):
    second = make_buyer("li.wei@example.com", first_name="Wei", company="Hamburg Home")
    second.buyer_account.language = "ru"
    second.buyer_account.save()
    inquiry(show, buyer)
    inquiry(show, second)
    response = ask(
        signed_in(show.staff),
        show.exhibitor,
        shanghai(hour=14),
        title="New collection, live",
        guest_ids=[buyer.pk, second.pk],
    )
    assert response.status_code == 201
    meeting_id = response.json()["id"]
    assert len(response.json()["participants"]) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [buyer.email, second.email]
    assert 'lang="ru"' in html_of(mails_to(second.email)[0])

    mail.outbox.clear()
    accepted = post(signed_in(buyer), f"meetings/{meeting_id}/accept")
    assert accepted.json()["status"] == "accepted"
    assert [m.to for m in mail.outbox] == [["staff1@example.com"]]

    mail.outbox.clear()
    declined = post(signed_in(second), f"meetings/{meeting_id}/decline")
    assert declined.json()["status"] == "accepted"  # the meeting goes on with the first buyer
    [message] = mails_to("staff1@example.com")
    assert parse_ics(calendar_part(message)[1])["METHOD"][0][1] == "REQUEST"


def test_staff_can_invite_only_buyers_who_sent_an_inquiry(show, buyer, staff_client):
    response = ask(staff_client, show.exhibitor, shanghai(), guest_ids=[buyer.pk])
    assert response.status_code == 422
    assert "guests" in response.json()["fields"]
    assert not Meeting.objects.exists()


def test_a_buyer_cannot_invite_other_buyers(show, buyer_client):
    other = make_buyer("other@example.com")
    response = ask(buyer_client, show.exhibitor, shanghai(), guest_ids=[other.pk])
    assert response.status_code == 403


def test_an_unverified_buyer_cannot_ask_for_meetings(show):
    client = signed_in(make_buyer("new@example.com", verified=False))
    response = ask(client, show.exhibitor, shanghai())
    assert response.status_code == 403 and response.json()["code"] == "unverified"


# -- times and time zones ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts", "minutes", "field"),
    [
        (lambda: timezone.now() - datetime.timedelta(hours=1), 30, "starts_at"),
        (lambda: shanghai(), 5, "ends_at"),
        (lambda: shanghai(), 5 * 60, "ends_at"),
        (lambda: shanghai(days=60), 30, "starts_at"),  # after the show closes
    ],
    ids=["in the past", "too short", "too long", "outside the show"],
)
def test_impossible_times_are_refused_with_the_reason(show, buyer_client, starts, minutes, field):
    response = ask(buyer_client, show.exhibitor, starts(), minutes=minutes)
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_outside_the_show_the_answer_says_when_it_is_open(show, buyer_client):
    response = ask(buyer_client, show.exhibitor, shanghai(days=60))
    assert "while the show is open" in response.json()["detail"]
    closes = show.edition.ends_at.astimezone(SHANGHAI)
    assert closes.strftime("%H:%M") in response.json()["detail"]


def test_a_new_york_buyer_asks_for_nine_in_the_morning_in_winter_and_summer(
    show, spring, buyer, buyer_client, staff_client
):
    set_zone(buyer, "America/New_York")
    winter = datetime.datetime.combine(spring - datetime.timedelta(days=2), datetime.time(9))
    summer = datetime.datetime.combine(spring + datetime.timedelta(days=2), datetime.time(9))
    shown = {}
    for label, day in (("winter", winter), ("summer", summer)):
        body = {
            "exhibitor_id": show.exhibitor.pk,
            "title": label,
            "starts_at": day.isoformat(),  # no offset: read in the buyer's zone
            "ends_at": (day + datetime.timedelta(minutes=45)).isoformat(),
        }
        response = post(buyer_client, "meetings", body)
        assert response.status_code == 201, response.json()
        answer = response.json()
        meeting = Meeting.objects.get(pk=answer["id"])
        assert meeting.time_zone == "America/New_York"
        assert meeting.starts_at == day.replace(tzinfo=NEW_YORK)
        assert answer["starts_at_local"].startswith(day.strftime("%Y-%m-%dT09:00:00"))
        shown[label] = (answer["starts_at"], answer["starts_at_show"])
        staff_view = staff_client.get(f"/api/v1/meetings/{answer['id']}").json()
        assert staff_view["starts_at_local"] == answer["starts_at_show"]

    assert shown["winter"][0].endswith("T14:00:00Z")
    assert shown["winter"][1].endswith("T22:00:00+08:00")
    assert shown["summer"][0].endswith("T13:00:00Z")
    assert shown["summer"][1].endswith("T21:00:00+08:00")
    staff_mail = mails_to("staff1@example.com")
    assert "22:00–22:45" in staff_mail[0].body and "21:00–21:45" in staff_mail[1].body


def test_the_buyer_reads_both_their_time_and_the_show_time(show, spring, buyer, staff_client):
    set_zone(buyer, "America/New_York")
    inquiry(show, buyer)
    starts = datetime.datetime.combine(spring + datetime.timedelta(days=1), datetime.time(21))
    response = ask(
        staff_client, show.exhibitor, starts.replace(tzinfo=SHANGHAI), guest_ids=[buyer.pk]
    )
    assert response.status_code == 201
    [message] = mails_to(buyer.email)
    assert "Your time: " in message.body and "09:00–09:30 (America/New_York, UTC-04:00)" in (
        message.body
    )
    assert "Show time: " in message.body and "21:00–21:30 (Asia/Shanghai, UTC+08:00)" in (
        message.body
    )


def test_a_time_skipped_by_the_clocks_is_refused_not_guessed(show, spring, buyer, buyer_client):
    set_zone(buyer, "America/New_York")
    gap = datetime.datetime.combine(spring, datetime.time(2, 30))
    response = post(
        buyer_client,
        "meetings",
        {
            "exhibitor_id": show.exhibitor.pk,
            "title": "Too early",
            "starts_at": gap.isoformat(),
            "ends_at": (gap + datetime.timedelta(hours=1)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "does not exist in America/New_York" in response.json()["detail"]


def test_a_wall_clock_time_that_happens_twice_needs_an_offset():
    year = timezone.now().year + 1
    november = datetime.date(year, 11, 1)
    first_sunday = november + datetime.timedelta(days=(6 - november.weekday()) % 7)
    twice = datetime.datetime.combine(first_sunday, datetime.time(1, 30))
    with pytest.raises(InvalidTime, match="happens twice"):
        to_utc(twice, "America/New_York")
    with_offset = twice.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=-5)))
    assert to_utc(with_offset, "America/New_York").hour == 6


def test_times_are_echoed_in_the_zone_asked_for(show, requested, buyer_client):
    answer = buyer_client.get(f"/api/v1/meetings/{requested.pk}?tz=Europe/Berlin").json()
    assert answer["time_zone"] == "Europe/Berlin"
    local = datetime.datetime.fromisoformat(answer["starts_at_local"])
    assert local == requested.starts_at
    assert (
        local.utcoffset()
        == requested.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).utcoffset()
    )
    refused = buyer_client.get(f"/api/v1/meetings/{requested.pk}?tz=../../etc/passwd")
    assert refused.status_code == 422 and "tz" in refused.json()["fields"]


def test_my_meetings_filters_by_status(show, requested, buyer_client, staff_client):
    other = ask(buyer_client, show.exhibitor, shanghai(days=5)).json()
    post(staff_client, f"meetings/{other['id']}/accept")
    listed = buyer_client.get("/api/v1/meetings?status=accepted").json()
    assert [m["id"] for m in listed] == [other["id"]]
    everything = staff_client.get("/api/v1/meetings").json()
    assert [m["id"] for m in everything] == [requested.pk, other["id"]]
    assert buyer_client.get("/api/v1/meetings?status=maybe").status_code == 422


# -- double booking -----------------------------------------------------------------------


def test_a_staff_member_cannot_accept_two_meetings_at_once(show, requested, staff_client):
    post(staff_client, f"meetings/{requested.pk}/accept")
    other_buyer = signed_in(make_buyer("second@example.com"))
    overlapping = ask(other_buyer, show.exhibitor, shanghai(hour=10, minute=15))
    # Still requested: the staff member has not said yes to anything at that time.
    assert overlapping.status_code == 409
    assert overlapping.json()["code"] == "double_booked"
    assert "10:00–10:30" in overlapping.json()["detail"]


def test_the_conflicting_meeting_is_named_when_a_second_accept_would_double_book(
    show, buyer, staff_client
):
    colleague = make_user("staff2", email="staff2@example.com")
    show.exhibitor.owners.add(colleague)
    first = ask(signed_in(buyer), show.exhibitor, shanghai(hour=10)).json()
    second = ask(
        signed_in(make_buyer("second@example.com")), show.exhibitor, shanghai(hour=10, minute=20)
    ).json()
    assert post(staff_client, f"meetings/{first['id']}/accept").status_code == 200
    response = post(staff_client, f"meetings/{second['id']}/accept")
    assert response.status_code == 409
    assert response.json()["code"] == "double_booked"
    assert response.json()["detail"].startswith("You already have a meeting then")
    assert "10:00–10:30 (Asia/Shanghai, UTC+08:00)" in response.json()["detail"]
    assert Meeting.objects.get(pk=second["id"]).status == "requested"
    # The colleague is free then, and takes it.
    taken = post(signed_in(colleague), f"meetings/{second['id']}/accept")
    assert taken.status_code == 200 and taken.json()["status"] == "accepted"


def test_back_to_back_meetings_are_not_a_double_booking(show, buyer, staff_client):
    first = ask(signed_in(buyer), show.exhibitor, shanghai(hour=10)).json()
    second = ask(
        signed_in(make_buyer("second@example.com")), show.exhibitor, shanghai(hour=10, minute=30)
    ).json()
    assert post(staff_client, f"meetings/{first['id']}/accept").status_code == 200
    assert post(staff_client, f"meetings/{second['id']}/accept").status_code == 200


def test_rescheduling_onto_a_colleagues_busy_time_is_refused(show, buyer, staff_client):
    colleague = make_user("staff2", first_name="Ming", last_name="Li")
    show.exhibitor.owners.add(colleague)
    busy = ask(signed_in(make_buyer("second@example.com")), show.exhibitor, shanghai(hour=15))
    post(signed_in(colleague), f"meetings/{busy.json()['id']}/accept")
    meeting = ask(signed_in(buyer), show.exhibitor, shanghai(hour=10)).json()
    post(staff_client, f"meetings/{meeting['id']}/accept")
    post(signed_in(colleague), f"meetings/{meeting['id']}/accept")
    moved = post(
        staff_client,
        f"meetings/{meeting['id']}/reschedule",
        {"starts_at": iso(shanghai(hour=15)), "ends_at": iso(shanghai(hour=15, minute=30))},
    )
    assert (
        moved.status_code == 409
        and "Ming Li already has a meeting then" in (moved.json()["detail"])
    )
    assert Meeting.objects.get(pk=meeting["id"]).sequence == 0


def test_the_lock_check_refuses_the_second_of_two_accepts(show, buyer):
    """The service itself, as two requests would call it one after the other."""
    first = meetings.request_meeting(
        buyer, show.exhibitor, shanghai(), shanghai(minute=45), "First"
    ).meeting
    second = meetings.request_meeting(
        make_buyer("second@example.com"),
        show.exhibitor,
        shanghai(minute=30),
        shanghai(hour=11),
        "Second",
    ).meeting
    meetings.accept(first, show.staff)
    with pytest.raises(meetings.DoubleBooked) as refused:
        meetings.accept(second, show.staff)
    assert refused.value.conflicts == [first]


@pytest.mark.postgres_only
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="row locks need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_accepts_cannot_both_succeed(site, monkeypatch):
    from tests.builders import make_booth, make_edition

    staff = make_user("staff1", email="staff1@example.com")
    exhibitor = make_exhibitor("南通家纺", owners=[staff])
    make_booth(make_edition(site), exhibitor)
    requests = [
        meetings.request_meeting(
            make_buyer(f"buyer{n}@example.com"), exhibitor, shanghai(), shanghai(hour=11), "Hi"
        ).meeting
        for n in range(2)
    ]
    # Widen the window between "is the person free?" and "book them" to make a race likely.
    checked = meetings.host_conflicts
    barrier = threading.Barrier(2, timeout=10)

    def slow_check(*args, **kwargs):
        found = checked(*args, **kwargs)
        threading.Event().wait(0.3)
        return found

    monkeypatch.setattr(meetings, "host_conflicts", slow_check)
    results = []

    def accept(meeting):
        try:
            barrier.wait()
            meetings.accept(meeting, staff)
            results.append("accepted")
        except meetings.DoubleBooked:
            results.append("double_booked")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(meeting,)) for meeting in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["accepted", "double_booked"]
    assert Meeting.objects.filter(status="accepted").count() == 1


def test_a_buyer_may_double_book_themselves_and_is_warned(show, buyer, buyer_client, requested):
    post(signed_in(show.staff), f"meetings/{requested.pk}/accept")
    staff2 = make_user("staff2", email="staff2@example.com")
    other_exhibitor = make_exhibitor("Suzhou Silk", owners=[staff2])
    response = ask(buyer_client, other_exhibitor, shanghai(hour=10, minute=15))
    assert response.status_code == 201
    assert response.json()["overlapping_meeting_ids"] == [requested.pk]


def test_availability_shows_when_nobody_of_the_exhibitor_is_free(show, buyer, staff_client):
    meeting = ask(signed_in(buyer), show.exhibitor, shanghai(hour=10)).json()
    post(staff_client, f"meetings/{meeting['id']}/accept")
    path = (
        f"/api/v1/exhibitors/{show.exhibitor.pk}/availability"
        f"?from={shanghai(days=0).date()}T00:00&to={shanghai(days=4).date()}T00:00"
        "&tz=America/New_York"
    )
    asker = signed_in(make_buyer("second@example.com"))
    answer = asker.get(path).json()
    assert answer["time_zone"] == "America/New_York"
    assert [(b["starts_at"], b["ends_at"]) for b in answer["busy"]] == [
        (meeting["starts_at"], meeting["ends_at"])
    ]
    assert set(answer["busy"][0]) == {"starts_at", "ends_at", "starts_at_local", "ends_at_local"}

    show.exhibitor.owners.add(make_user("staff2"))  # a free colleague: the exhibitor can meet
    assert asker.get(path).json()["busy"] == []
    too_long = f"/api/v1/exhibitors/{show.exhibitor.pk}/availability?to=2099-01-01T00:00Z"
    assert asker.get(too_long).status_code == 422


# -- invitations ------------------------------------------------------------------------


def test_the_invitation_file_reads_back_with_uid_sequence_and_utc_times(
    show, requested, buyer, buyer_client
):
    response = buyer_client.get(f"/api/v1/meetings/{requested.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    props = parse_ics(response.content.decode("utf-8"))
    assert props["METHOD"][0][1] == "REQUEST"
    assert props["UID"][0][1] == f"{requested.uid}@{ics.site_host()}"
    assert props["SEQUENCE"][0][1] == "0"
    assert ics_time(props["DTSTART"][0][1]) == requested.starts_at
    assert ics_time(props["DTEND"][0][1]) == requested.ends_at
    assert props["LOCATION"][0][1] == requested.join_url
    assert requested.join_url in unescape(props["DESCRIPTION"][0][1])
    assert props["ORGANIZER"][0][0] == ['CN="南通家纺"']
    assert len(props["ATTENDEE"]) == 2


def test_text_is_escaped_and_long_chinese_lines_fold_between_characters(show, buyer):
    title = "关于2027年秋季新品（实木餐椅、床上用品）的批量采购, 价格; 交期\\样品确认" * 2
    agenda = "第一行: 价格\n第二行, 交期; 付款方式"
    meeting = meetings.request_meeting(
        buyer, show.exhibitor, shanghai(), shanghai(minute=30), title[:200], agenda
    ).meeting
    text = ics.invitation(meeting, ics.REQUEST, description=meeting.agenda)
    for line in text.encode("utf-8").split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # every physical line is whole characters
    props = parse_ics(text)
    summary = props["SUMMARY"][0][1]
    assert "\\," in summary and "\\;" in summary and "\\\\" in summary
    assert unescape(summary) == title[:200]
    assert unescape(props["DESCRIPTION"][0][1]) == agenda
    assert "\\n" in props["DESCRIPTION"][0][1]


def test_folding_keeps_ascii_lines_within_75_octets_and_round_trips():
    line = "DESCRIPTION:" + "x" * 200
    folded = ics.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.split("\r\n")[1].startswith(" ")
    assert ics.unfold(folded) == [line]


# -- providers ------------------------------------------------------------------------------


def test_jitsi_links_carry_a_token_naming_each_participant(
    show, buyer, buyer_client, staff_client, settings
):
    settings.MEETING_PROVIDERS = JITSI_WITH_TOKENS
    starts = shanghai(hour=10)
    answer = ask(buyer_client, show.exhibitor, starts, minutes=60).json()
    meeting = Meeting.objects.get(pk=answer["id"])
    room = meeting.join_url.rsplit("/", 1)[1]
    assert meeting.join_url == f"https://meet.example.com/{room}"
    assert str(meeting.uid) not in room and meeting.uid.hex not in room

    secret = JITSI_WITH_TOKENS["jitsi"]["OPTIONS"]["APP_SECRET"]
    for client, name, moderator in ((buyer_client, "Anna", False), (staff_client, "staff1", True)):
        link = client.get(f"/api/v1/meetings/{meeting.pk}").json()["join_url"]
        url, token = link.split("?jwt=")
        assert url == meeting.join_url
        claims = jwt.decode(
            token, secret, algorithms=["HS256"], audience="jitsi", options={"verify_nbf": False}
        )
        assert claims["iss"] == "expo" and claims["sub"] == "meet.example.com"
        assert claims["room"] == room
        assert claims["nbf"] == int((starts - datetime.timedelta(minutes=15)).timestamp())
        assert claims["exp"] == int((starts + datetime.timedelta(hours=2)).timestamp())
        assert claims["context"]["user"]["name"] == name
        assert claims["context"]["user"]["moderator"] is moderator
        assert "email" not in claims["context"]["user"]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(
            token,
            "another-secret-of-sufficient-length!",
            algorithms=["HS256"],
            audience="jitsi",
            options={"verify_nbf": False},
        )


def test_jitsi_room_names_depend_on_a_secret_not_only_on_the_meeting(settings):
    meeting = Meeting(starts_at=shanghai(), ends_at=shanghai(hour=11))
    provider = get_provider("jitsi")
    first = provider.create_link(meeting)
    settings.SECRET_KEY = "another-secret-key-entirely"
    assert get_provider("jitsi").create_link(meeting) != first


def test_jitsi_needs_its_server_address_and_both_token_settings(settings):
    settings.MEETING_PROVIDERS = {
        "jitsi": {"BACKEND": "engagement.meeting_providers.jitsi.JitsiProvider", "OPTIONS": {}}
    }
    with pytest.raises(ProviderNotConfigured, match="BASE_URL"):
        get_provider("jitsi")
    settings.MEETING_PROVIDERS["jitsi"]["OPTIONS"] = {
        "BASE_URL": "https://m.example",
        "APP_ID": "x",
    }
    with pytest.raises(ProviderNotConfigured, match="APP_SECRET"):
        get_provider("jitsi")
    with pytest.raises(ProviderNotConfigured, match="not configured"):
        get_provider("webex")


@pytest.mark.parametrize(
    "url",
    [
        "https://meeting.tencent.com/dm/AbCdEf",
        "https://voovmeeting.com/dm/xyz",
        "https://us02web.zoom.us/j/8123456789?pwd=abc",
        "https://zoom.us/j/8123456789",
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting",
    ],
)
def test_pasted_links_to_known_meeting_services_are_accepted(url):
    assert ExternalLinkProvider().check(url) == url


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://meeting.tencent.com/dm/AbCdEf", "https://"),
        ("https://meeting.tencent.com.evil.example/dm/x", "not accepted"),
        ("https://evilzoom.us/j/1", "not accepted"),
        ("https://meeting.tencent.com@evil.example/dm/x", "not a valid address"),
        ("https://meeting.tencent.com:8443/dm/x", "not a valid address"),
        ("javascript:alert(1)", "https://"),
        ("", "Paste"),
    ],
)
def test_pasted_links_elsewhere_are_refused(url, reason):
    with pytest.raises(MeetingLinkRefused, match=reason):
        ExternalLinkProvider().check(url)


def test_staff_propose_a_meeting_with_their_tencent_link(show, buyer, staff_client):
    inquiry(show, buyer)
    link = "https://meeting.tencent.com/dm/AbCdEf"
    response = ask(
        staff_client,
        show.exhibitor,
        shanghai(),
        guest_ids=[buyer.pk],
        provider="external",
        external_url=link,
    )
    assert response.status_code == 201 and response.json()["join_url"] == link
    [message] = mails_to(buyer.email)
    assert link in message.body
    refused = ask(
        staff_client,
        show.exhibitor,
        shanghai(days=5),
        guest_ids=[buyer.pk],
        provider="external",
        external_url="https://phish.example/meet",
    )
    assert refused.status_code == 422 and "external_url" in refused.json()["fields"]


def test_buyers_cannot_bring_their_own_link(show, buyer_client):
    response = ask(
        buyer_client,
        show.exhibitor,
        shanghai(),
        provider="external",
        external_url="https://zoom.us/j/1",
    )
    assert response.status_code == 422 and "provider" in response.json()["fields"]


def test_staff_may_accept_a_request_with_a_link_of_their_own(show, buyer, requested):
    link = "https://us02web.zoom.us/j/8123456789"
    response = post(
        signed_in(show.staff), f"meetings/{requested.pk}/accept", {"external_url": link}
    )
    assert response.json()["status"] == "accepted" and response.json()["join_url"] == link
    assert signed_in(buyer).get(f"/api/v1/meetings/{requested.pk}").json()["join_url"] == link
    assert link in mails_to(buyer.email)[0].body


def test_meeting_seats_record_who_answered(show, buyer, requested):
    meetings.accept(requested, show.staff)
    assert set(requested.participants.values_list("user__username", "role", "response")) == {
        (buyer.username, MeetingParticipant.GUEST, MeetingParticipant.ACCEPTED),
        ("staff1", MeetingParticipant.HOST, MeetingParticipant.ACCEPTED),
    }


# -- the exhibitor's admin page ---------------------------------------------------------------


def test_the_staff_answer_requests_in_the_admin(show, buyer, requested):
    from booths import roles

    show.staff.groups.add(roles.ensure_roles()[roles.EXHIBITOR])
    client = signed_in(show.staff)
    page = client.get("/admin/meetings/").content.decode()
    assert "Bulk order of bedding" in page and "Anna (Acme GmbH)" in page
    assert "10:00–10:30 (Asia/Shanghai, UTC+08:00)" in page
    response = client.post(f"/admin/meetings/{requested.pk}/", {"action": "accept"})
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == "accepted"
    assert [m.to for m in mail.outbox] == [[buyer.email]]

    moved = client.post(
        f"/admin/meetings/{requested.pk}/",
        {
            "action": "reschedule",
            "starts_at": shanghai(days=5, hour=9).strftime("%Y-%m-%dT%H:%M"),
            "minutes": "45",
        },
        follow=True,
    )
    assert "Moved. The buyer is asked to accept the new time." in moved.content.decode()
    requested.refresh_from_db()
    assert requested.starts_at == shanghai(days=5, hour=9) and requested.sequence == 1
    assert requested.ends_at - requested.starts_at == datetime.timedelta(minutes=45)


def test_the_admin_page_refuses_a_double_booking_with_the_time(show, buyer, requested):
    from booths import roles

    show.staff.groups.add(roles.ensure_roles()[roles.EXHIBITOR])
    client = signed_in(show.staff)
    other = meetings.request_meeting(
        make_buyer("second@example.com"),
        show.exhibitor,
        shanghai(minute=15),
        shanghai(minute=45),
        "Second",
    ).meeting
    meetings.accept(other, show.staff)
    page = client.post(
        f"/admin/meetings/{requested.pk}/", {"action": "accept"}, follow=True
    ).content.decode()
    assert "You already have a meeting then" in page and "10:15–10:45" in page
    requested.refresh_from_db()
    assert requested.status == "requested"


def test_other_exhibitors_do_not_see_or_answer_the_meetings(show, requested):
    from booths import roles

    rival = make_user("rival")
    make_exhibitor("竞争对手", owners=[rival])
    rival.groups.add(roles.ensure_roles()[roles.EXHIBITOR])
    client = signed_in(rival)
    assert "Bulk order of bedding" not in client.get("/admin/meetings/").content.decode()
    client.post(f"/admin/meetings/{requested.pk}/", {"action": "accept"})
    requested.refresh_from_db()
    assert requested.status == "requested"
    buyer_client = signed_in(make_buyer("nosy@example.com"))
    assert buyer_client.get("/admin/meetings/").status_code in (302, 403)


def test_listing_meetings_costs_the_same_queries_for_few_or_many(show, buyer_client):
    from django.test.utils import CaptureQueriesContext

    def queries_for_listing():
        with CaptureQueriesContext(connection) as captured:
            assert buyer_client.get("/api/v1/meetings").status_code == 200
        return len(captured.captured_queries)

    ask(buyer_client, show.exhibitor, shanghai(days=2))
    few = queries_for_listing()
    for day in range(3, 8):
        ask(buyer_client, show.exhibitor, shanghai(days=day))
    assert queries_for_listing() == few
