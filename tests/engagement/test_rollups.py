"""Daily figures per booth and exhibit (SPEC 4.3), from a known day of beacons, likes,
comments and inquiries, on the show's calendar (Asia/Shanghai)."""

import datetime
import json
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from engagement import beacons, rollups
from engagement.api.beacons import parse
from engagement.models import AnalyticsSalt, Comment, Conversation, DailyRollup, Reaction
from engagement.tasks import roll_up_day
from tests.engagement.conftest import make_buyer, translate

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = datetime.date(2026, 5, 20)
EVE = DAY - datetime.timedelta(days=1)
NOON = datetime.datetime(2026, 5, 20, 12, 0, tzinfo=SHANGHAI)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
VISITOR_A = "visitor-A-000000001"


@pytest.fixture(autouse=True)
def show_zone(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    beacons.clear_caches()
    yield
    beacons.clear_caches()


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def beacon(kind, page, when, data=None, locale="zh-hans"):
    event = {
        "event_id": str(uuid.uuid4()),
        "kind": kind,
        "ts": int(when.timestamp() * 1000),
        "page": page,
        "locale": locale,
    }
    if data is not None:
        event["data"] = data
    return event


def record(events, ip="198.51.100.7", visitor=None, consent=True, opted_out=False):
    batch = parse(json.dumps({"events": events, "visitor": visitor, "consent": consent}))
    meta = beacons.RequestMeta(ip=ip, user_agent=BROWSER, opted_out=opted_out)
    outcome = beacons.record(batch, meta, now=NOON)
    assert outcome.accepted == len(events)


def dated(instance, when):
    type(instance).objects.filter(pk=instance.pk).update(created_at=when)


@pytest.fixture
def known_day(show, buyer):
    """Day D of the show, and the last minute of the day before."""
    booth, exhibit = show.booth.pk, show.exhibit.pk
    english_booth = translate(show.booth, "en")
    # Visitor A (consented, with a browser id): the booth in two languages, the exhibit.
    record(
        [
            beacon("page_view", booth, at(DAY, 0, 1)),
            beacon("page_view", booth, at(DAY, 9)),
            beacon("page_view", english_booth.pk, at(DAY, 9, 30), locale="en"),
            beacon("dwell", booth, at(DAY, 9, 5), {"ms": 30_000}),
            beacon("dwell", english_booth.pk, at(DAY, 9, 35), {"ms": 50_000}, locale="en"),
            beacon("exhibit_click", booth, at(DAY, 9, 6), {"target": exhibit}),
            beacon("page_view", exhibit, at(DAY, 9, 7)),
            beacon("dwell", exhibit, at(DAY, 9, 8), {"ms": 20_001}),
            beacon("media_play", exhibit, at(DAY, 9, 9), {"media": "video"}),
            beacon("model_interaction", exhibit, at(DAY, 9, 10), {"action": "rotate"}),
            beacon("model_interaction", exhibit, at(DAY, 9, 11), {"action": "ar"}),
            # 23:59 the day before: day D-1, although it is sent with the others.
            beacon("page_view", booth, at(EVE, 23, 59)),
        ],
        visitor=VISITOR_A,
    )
    # A consented visitor without a browser id: known by the day's IP hash, twice.
    record(
        [beacon("page_view", booth, at(DAY, 11)), beacon("page_view", booth, at(DAY, 11, 30))],
        ip="198.51.100.8",
    )
    # Do-Not-Track: nothing identifies these two views, each counts as a visitor.
    record(
        [beacon("page_view", booth, at(DAY, 12)), beacon("page_view", booth, at(DAY, 12))],
        ip="198.51.100.9",
        opted_out=True,
    )
    # A click from the edition's listing on the exhibit, at 23:59 the day before.
    record([beacon("exhibit_click", show.edition.pk, at(EVE, 23, 59), {"target": exhibit})])
    # A search is no booth's figure.
    record([beacon("search", None, at(DAY, 10), {"query": "chairs", "results": 1})])

    other = make_buyer("other@example.com", first_name="Olga")
    dated(Reaction.objects.create(user=buyer, page=show.booth, kind=Reaction.LIKE), at(DAY, 8))
    dated(Reaction.objects.create(user=other, page=show.exhibit, kind=Reaction.LIKE), at(DAY, 8))
    dated(
        Reaction.objects.create(user=buyer, page=show.exhibit, kind=Reaction.FAVOURITE),
        at(DAY, 23, 59),
    )
    dated(Reaction.objects.create(user=other, page=show.booth, kind=Reaction.LIKE), at(EVE, 23, 59))

    def comment(page, when, **fields):
        dated(Comment.objects.create(page=page, author=buyer, body="好", **fields), when)

    comment(show.booth, at(DAY, 10))
    comment(show.exhibit, at(DAY, 0, 1))
    comment(show.booth, at(DAY, 10, 5), status=Comment.HELD)  # not published
    comment(show.booth, at(DAY, 10, 6), by_exhibitor=True)  # the exhibitor's own reply

    def inquiry(exhibit, when, who):
        conversation = Conversation.objects.create(
            exhibitor=show.exhibitor,
            buyer=who,
            booth=show.booth,
            exhibit=exhibit,
            subject="Price for 500 chairs",
            last_message_at=when,
        )
        dated(conversation, when)

    inquiry(show.exhibit, at(DAY, 10), buyer)
    inquiry(None, at(EVE, 23, 59), other)
    return show


def figures(day):
    return {
        row["page_id"]: row
        for row in DailyRollup.objects.filter(day=day).values(
            "page_id", "booth_id", *rollups.FIGURES
        )
    }


def test_every_figure_of_a_known_day(known_day):
    booth, exhibit = known_day.booth.pk, known_day.exhibit.pk
    assert rollups.roll_up(DAY) == 2
    rows = figures(DAY)
    assert rows[booth] == {
        "page_id": booth,
        "booth_id": booth,
        "views": 7,  # A: 3 (two languages), IP-only: 2, Do-Not-Track: 2
        "unique_visitors": 4,  # A, the IP hash, and each of the 2 anonymous views
        "dwell_total_ms": 80_000,
        "dwell_count": 2,
        "clicks": 0,
        "media_plays": 0,
        "model_interactions": 0,
        "comments": 1,  # not the held one, not the exhibitor's reply
        "likes": 1,
        "favourites": 0,
        "inquiries": 0,  # the inquiry about the exhibit counts for the exhibit
    }
    assert rows[exhibit] == {
        "page_id": exhibit,
        "booth_id": booth,
        "views": 1,
        "unique_visitors": 1,
        "dwell_total_ms": 20_001,
        "dwell_count": 1,
        "clicks": 1,
        "media_plays": 1,
        "model_interactions": 2,
        "comments": 1,
        "likes": 1,
        "favourites": 1,
        "inquiries": 1,
    }
    assert DailyRollup.objects.get(day=DAY, page_id=exhibit).dwell_average_ms == 20_001
    assert DailyRollup.objects.get(day=DAY, page_id=booth).dwell_average_ms == 40_000


def test_the_minute_before_midnight_in_shanghai_belongs_to_the_day_before(known_day):
    booth, exhibit = known_day.booth.pk, known_day.exhibit.pk
    rollups.roll_up(EVE)
    rows = figures(EVE)
    assert set(rows) == {booth, exhibit}
    assert (rows[booth]["views"], rows[booth]["unique_visitors"]) == (1, 1)
    assert (rows[booth]["likes"], rows[booth]["inquiries"]) == (1, 1)
    assert rows[exhibit]["clicks"] == 1
    assert sum(rows[exhibit][name] for name in rollups.FIGURES) == 1


def test_a_booth_total_is_the_sum_of_the_rows_carrying_it(known_day):
    from django.db.models import Sum

    rollups.roll_up(DAY)
    total = DailyRollup.objects.filter(day=DAY, booth=known_day.booth).aggregate(
        views=Sum("views"), inquiries=Sum("inquiries"), likes=Sum("likes")
    )
    assert total == {"views": 8, "inquiries": 1, "likes": 2}


def test_rolling_a_day_up_again_gives_identical_rows(known_day):
    rollups.roll_up(DAY)
    first = figures(DAY)
    ids = set(DailyRollup.objects.values_list("pk", flat=True))
    assert rollups.roll_up(DAY) == 2
    assert figures(DAY) == first
    assert not ids & set(DailyRollup.objects.values_list("pk", flat=True))  # replaced


def test_a_rerun_picks_up_a_comment_approved_later(known_day):
    rollups.roll_up(DAY)
    Comment.objects.filter(status=Comment.HELD).update(status=Comment.PUBLISHED)
    rollups.roll_up(DAY)
    assert figures(DAY)[known_day.booth.pk]["comments"] == 2


def test_the_roll_up_costs_the_same_few_queries_however_many_events(
    known_day, django_assert_max_num_queries
):
    # Four GROUP BYs, two page look-ups, the existence check, DELETE, INSERT, savepoint.
    with django_assert_max_num_queries(11):
        rollups.roll_up(DAY)


def test_the_task_rolls_up_the_day_it_is_given(known_day):
    roll_up_day.enqueue(DAY.isoformat())
    assert figures(DAY)[known_day.exhibit.pk]["inquiries"] == 1


def test_the_command_rolls_up_a_day_and_forgets_old_salts(known_day, capsys):
    stale = AnalyticsSalt.objects.create(day=DAY - datetime.timedelta(days=400), salt="x" * 64)
    call_command("rollup_analytics", "--day", DAY.isoformat())
    assert f"{DAY.isoformat()}: 2 pages" in capsys.readouterr().out
    assert figures(DAY)[known_day.booth.pk]["views"] == 7
    assert not AnalyticsSalt.objects.filter(pk=stale.pk).exists()


def test_the_command_by_default_covers_yesterday_and_today(show):
    now = timezone.now()
    batch = parse(json.dumps({"events": [beacon("page_view", show.booth.pk, now)]}))
    beacons.record(batch, beacons.RequestMeta(ip="", user_agent=BROWSER, opted_out=False))
    call_command("rollup_analytics")
    today = beacons.show_day(now)
    assert DailyRollup.objects.get(page=show.booth).day == today
    assert rollups.days_to_roll(today=today) == [today - datetime.timedelta(days=1), today]
    assert rollups.days_to_roll(since=3, today=today)[0] == today - datetime.timedelta(days=2)


def test_the_command_refuses_a_bad_day():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("rollup_analytics", "--day", "20-05-2026")
