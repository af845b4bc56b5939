"""Daily figures per booth and exhibit (SPEC 4.3: per exhibit, buyers' clicks, viewing
duration and number of comments; the charts and reports of SPEC 4.4 read these rows).

`roll_up(day)` recomputes one day of the show's calendar (settings.TIME_ZONE) from the raw
events and interactions, in a handful of GROUP BY queries, and replaces that day's
`DailyRollup` rows in one transaction, so it can run as often as wanted (the command runs
yesterday and today; a late moderation decision is picked up by the next run).

What each figure means, for the page P (a source-language booth or exhibit page) on day D:

- views: page_view events on P (any language of it).
- unique_visitors: distinct visitors among those page views. A visitor is the browser's
  `visitor` id; without one, the day's IP hash; a view with neither (Do-Not-Track, GPC, no
  consent) counts as a visitor of its own. So unique_visitors ≤ views, and it is an upper
  bound where visitors opted out.
- dwell_total_ms / dwell_count: the sum and number of dwell events (visible time) on P;
  `DailyRollup.dwell_average_ms` is their quotient.
- clicks: exhibit_click events whose target is P (clicks from any page, listings included).
- media_plays, model_interactions: media_play and model_interaction events on P.
- comments: published comments and replies on P written on D by buyers (the exhibitor's
  own replies are not engagement).
- likes, favourites: reactions on P made on D that still exist (a like taken back is gone).
- inquiries: conversations started on D about P: an inquiry from an exhibit page counts
  for the exhibit, one from the booth page for the booth, never for both.

Exhibit rows carry `booth` = their booth page and booth rows `booth` = themselves, so a
booth's total of any additive figure is `DailyRollup.objects.filter(booth=…)` summed.
unique_visitors is not additive: a visitor of two exhibits is one visitor of each.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import BigIntegerField, Case, CharField, Count, F, Q, Sum, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from wagtail.models import Page

from booths.models import BoothPage, ExhibitPage
from engagement import beacons
from engagement.models import Comment, Conversation, DailyRollup, Event, Reaction

FIGURES = (
    "views",
    "unique_visitors",
    "dwell_total_ms",
    "dwell_count",
    "clicks",
    "media_plays",
    "model_interactions",
    "comments",
    "likes",
    "favourites",
    "inquiries",
)


def bounds(day):
    """[start, end) of `day` in the show's time zone, as aware datetimes."""
    zone = beacons.show_zone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def _visitor_key():
    """The visitor a page view is from: its visitor id, else its IP hash, else none."""
    return Case(
        When(~Q(visitor=""), then=Concat(Value("v:"), F("visitor"))),
        When(~Q(ip_hash=""), then=Concat(Value("i:"), F("ip_hash"))),
        default=None,
        output_field=CharField(),
    )


def _event_figures(start, end):
    """{(booth id, exhibit id or None): figures} of the events that occurred in the window
    and count for a booth or exhibit: one GROUP BY query."""
    view = Q(kind=Event.PAGE_VIEW)
    anonymous = view & Q(visitor="", ip_hash="")
    rows = (
        Event.objects.filter(occurred_at__gte=start, occurred_at__lt=end, booth_id__isnull=False)
        .values("booth_id", "exhibit_id")
        .annotate(
            views=Count("pk", filter=view),
            known=Count(_visitor_key(), filter=view, distinct=True),
            anonymous=Count("pk", filter=anonymous),
            dwell_total_ms=Sum(
                Cast(KT("data__dwell_ms"), BigIntegerField()), filter=Q(kind=Event.DWELL)
            ),
            dwell_count=Count("pk", filter=Q(kind=Event.DWELL)),
            clicks=Count("pk", filter=Q(kind=Event.EXHIBIT_CLICK)),
            media_plays=Count("pk", filter=Q(kind=Event.MEDIA_PLAY)),
            model_interactions=Count("pk", filter=Q(kind=Event.MODEL_INTERACTION)),
        )
        .order_by()
    )
    for row in rows:
        yield (
            (row["booth_id"], row["exhibit_id"]),
            {
                "views": row["views"],
                "unique_visitors": row["known"] + row["anonymous"],
                "dwell_total_ms": row["dwell_total_ms"] or 0,
                "dwell_count": row["dwell_count"],
                "clicks": row["clicks"],
                "media_plays": row["media_plays"],
                "model_interactions": row["model_interactions"],
            },
        )


def _page_figures(start, end):
    """{page id: figures} of comments and reactions (stored against source pages)."""
    window = Q(created_at__gte=start, created_at__lt=end)
    figures = defaultdict(dict)
    for row in (
        Comment.objects.filter(window, status=Comment.PUBLISHED, by_exhibitor=False)
        .values("page_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        figures[row["page_id"]]["comments"] = row["n"]
    for row in (
        Reaction.objects.filter(window).values("page_id", "kind").annotate(n=Count("pk")).order_by()
    ):
        name = "likes" if row["kind"] == Reaction.LIKE else "favourites"
        figures[row["page_id"]][name] = row["n"]
    return figures


def _inquiries(start, end):
    rows = (
        Conversation.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("booth_id", "exhibit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        yield (row["booth_id"], row["exhibit_id"]), {"inquiries": row["n"]}


def _targets_of(rows):
    """{page id: (booth id, exhibit id or None)} for (id, path, content type id) rows of
    booth and exhibit pages, live or not (a day's figures stay the same when a page is
    unpublished later); other pages are left out. An exhibit's booth is its parent page
    (ExhibitPage.booth), looked up by tree path: one query for all exhibits."""
    booth_type = ContentType.objects.get_for_model(BoothPage).pk
    exhibit_type = ContentType.objects.get_for_model(ExhibitPage).pk
    rows = list(rows)
    parent_paths = {path[: -Page.steplen] for _pk, path, kind in rows if kind == exhibit_type}
    parents = {}
    if parent_paths:
        parents = dict(
            Page.objects.filter(path__in=parent_paths, content_type_id=booth_type).values_list(
                "path", "pk"
            )
        )
    result = {}
    for pk, path, kind in rows:
        if kind == booth_type:
            result[pk] = (pk, None)
        elif kind == exhibit_type and path[: -Page.steplen] in parents:
            result[pk] = (parents[path[: -Page.steplen]], pk)
    return result


def compute(day):
    """{page id: {"booth": booth id, figure: value, …}} for `day`, without writing."""
    start, end = bounds(day)
    result = {}

    def add(target, figures):
        booth_id, exhibit_id = target
        page_id = exhibit_id or booth_id
        entry = result.setdefault(page_id, {"booth": booth_id, **dict.fromkeys(FIGURES, 0)})
        for name, value in figures.items():
            entry[name] += value

    for target, figures in _event_figures(start, end):
        add(target, figures)
    for target, figures in _inquiries(start, end):
        add(target, figures)
    by_page = _page_figures(start, end)
    if by_page:
        rows = Page.objects.filter(pk__in=by_page).values_list("pk", "path", "content_type_id")
        targets = _targets_of(rows)
        for page_id, figures in by_page.items():
            if page_id in targets:
                add(targets[page_id], figures)
    return result


@transaction.atomic
def roll_up(day):
    """Replace `day`'s DailyRollup rows with freshly computed ones; how many were written.
    Pages deleted since (their events remain, append-only) get no row."""
    figures = compute(day)
    referenced = set(figures) | {entry["booth"] for entry in figures.values()}
    existing = set(Page.objects.filter(pk__in=referenced).values_list("pk", flat=True))
    rows = [
        DailyRollup(day=day, page_id=page_id, booth_id=entry.pop("booth"), **entry)
        for page_id, entry in sorted(figures.items())
        if page_id in existing and entry["booth"] in existing
    ]
    DailyRollup.objects.filter(day=day).delete()
    DailyRollup.objects.bulk_create(rows)
    return len(rows)


def days_to_roll(day=None, since=None, today=None):
    """The days a run covers: `day`; or the last `since` days up to today; or, by default,
    yesterday (completed, late beacons and moderation included) and today (so far)."""
    today = today or beacons.show_day(timezone.now())
    if day is not None:
        return [day]
    count = since if since is not None else 2
    return [today - timedelta(days=offset) for offset in range(count - 1, -1, -1)]


def run(day=None, since=None):
    """What `manage.py rollup_analytics` does: roll up the days, then forget the salts
    that are no longer needed (SPEC 4.3 privacy). [(day, rows written)]."""
    done = [(each, roll_up(each)) for each in days_to_roll(day, since)]
    beacons.forget_old_salts()
    return done
