"""Incremental builds follow the change journal and end where a full build ends.

ARCHITECTURE property 3 (incremental by dependency); issue 3 §1 and §6. Each scenario
edits the small site the way an editor or an exhibitor would, builds incrementally (the
journal-driven plan of site_builder.incremental) and then checks two things: a build that
compares every page with the manifest finds nothing left to render (the incremental plan
recorded exactly what a whole-site plan would), and every file equals the file a full build
of the same content writes.
"""

import datetime

import pytest
from django.utils import timezone

from site_builder.build import build
from site_builder.models import SiteChange
from tests.builders import make_booth, make_exhibit, make_exhibitor
from tests.site_builder.small_site import (
    build_small_site,
    freeze_publication_times,
    rename_category,
    translate,
)
from tests.site_builder.test_build import ensure_site_home, files, html

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def search_down(settings):
    settings.MEILI_URL = "http://127.0.0.1:9"
    settings.MEILI_MASTER_KEY = "unused"


@pytest.fixture
def small(db):
    return build_small_site(ensure_site_home())


def publish(page):
    page.save_revision().publish()


def edit_title(small):
    small.loom_booth.title = "通州纺织机械"
    publish(small.loom_booth)


def edit_introduction(small):
    small.quilt_booth.introduction = "<p>四十年家纺经验。</p>"
    publish(small.quilt_booth)


def edit_exhibit(small):
    small.quilt.title = "桑蚕丝被"
    publish(small.quilt)


def unpublish_booth(small):
    small.loom_booth.unpublish()


def unpublish_exhibit(small):
    small.quilt.unpublish()


def delete_booth(small):
    small.other_booth.delete()


def add_booth(small):
    booth = make_booth(
        small.edition, make_exhibitor("新展商"), slug="new-booth", booth_number="A-00"
    )
    booth.categories.set([small.bedding])
    publish(booth)
    make_exhibit(booth, title="新品", slug="new-item", category=small.bedding)


def recategorise(small):
    small.other_booth.categories.set([small.machines])
    publish(small.other_booth)


def translate_booth(small):
    translate(small.loom_booth, "en", title="Tongzhou Looms")


def rename_exhibitor(small):
    exhibitor = small.quilt_booth.exhibitor
    exhibitor.company_name = "海门家纺集团"
    exhibitor.save()


def add_live_stream(small):
    starts = timezone.now() + datetime.timedelta(days=1)
    small.other_booth.body = [
        (
            "live_stream",
            {
                "title": "新品发布",
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=1),
                "stream_url": "https://live.example.com/a.m3u8",
                "replay": None,
                "replay_url": "",
            },
        )
    ]
    publish(small.other_booth)


def move_exhibit(small):
    small.loom.move(small.other_booth, pos="last-child")


EDITS = [
    edit_title,
    edit_introduction,
    edit_exhibit,
    unpublish_booth,
    unpublish_exhibit,
    delete_booth,
    add_booth,
    recategorise,
    translate_booth,
    rename_exhibitor,
    add_live_stream,
    move_exhibit,
]


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_an_incremental_build_ends_where_a_full_build_ends(small, tmp_path, edit):
    site = tmp_path / "site"
    build(out=site, index_search=False)

    edit(small)
    freeze_publication_times()
    report = build(out=site, index_search=False)

    assert report.mode == "incremental"
    assert build(out=site, index_search=False, rescan=True).rendered == 0
    build(out=tmp_path / "full", index_search=False, full=True)
    assert files(site) == files(tmp_path / "full")


def test_an_edit_plans_the_booth_not_the_site(small, tmp_path):
    build(out=tmp_path, index_search=False)
    for number in range(5):
        make_booth(small.edition, make_exhibitor(f"展商{number}"), slug=f"b-{number}")
    build(out=tmp_path, index_search=False)

    edit_introduction(small)
    report = build(out=tmp_path, index_search=False)

    assert report.mode == "incremental"
    # The booth in both languages, its exhibit in both, the edition page and listings
    # that show it, each language's search page and live schedule: not the other booths.
    assert report.pages < 16
    assert "四十年家纺经验" in html(tmp_path, "/zh-hans/nantong-2026/haimen-textiles/")


def test_a_category_change_is_planned_by_comparing_the_whole_site(small, tmp_path):
    build(out=tmp_path, index_search=False)

    rename_category(small.machines, "纺织机械馆")
    report = build(out=tmp_path, index_search=False)

    assert report.mode == "rescan"
    assert "纺织机械馆" in html(tmp_path, "/zh-hans/nantong-2026/tongzhou-looms/")


def test_nothing_journaled_plans_only_the_search_pages(small, tmp_path):
    build(out=tmp_path, index_search=False)
    SiteChange.objects.all().delete()

    report = build(out=tmp_path, index_search=False)

    assert report.mode == "incremental"
    assert report.rendered == 0
    assert report.pages == 2  # the search page of each language (search configuration)


def test_a_journal_older_than_the_last_build_is_not_trusted(small, tmp_path, settings):
    build(out=tmp_path, index_search=False)
    settings.SITE_CHANGE_RETENTION_DAYS = 0

    report = build(out=tmp_path, index_search=False)

    assert report.mode == "rescan"


def test_the_journal_is_written_when_the_edit_commits(
    small, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    monkeypatch.setattr(
        "site_builder.changes.after_commit",
        lambda function: transaction.on_commit(function, robust=True),
    )
    before = SiteChange.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        edit_title(small)
        edit_exhibit(small)
        assert SiteChange.objects.count() == before  # not before the commit

    rows = set(SiteChange.objects.values_list("scope", "object_id")[before:])
    assert rows == {("page", small.loom_booth.pk), ("page", small.quilt.pk)}


def test_an_edit_costs_the_same_queries_however_many_booths_the_show_has(small, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_of_one_edit(out):
        build(out=out, index_search=False)
        edit_introduction(small)
        with CaptureQueriesContext(connection) as queries:
            report = build(out=out, index_search=False)
        assert report.mode == "incremental"
        return len(queries)

    few = queries_of_one_edit(tmp_path / "few")
    for number in range(8):
        booth = make_booth(small.edition, make_exhibitor(f"展商{number}"), slug=f"b-{number}")
        booth.categories.set([small.bedding])
        publish(booth)
        make_exhibit(booth, title=f"新品{number}", slug=f"item-{number}")
    many = queries_of_one_edit(tmp_path / "many")

    assert many == few


def test_renaming_a_booth_with_its_own_number_replans_no_listing(small, tmp_path):
    build(out=tmp_path, index_search=False)

    edit_title(small)  # B-01: no other booth has it, so the listings keep their order
    report = build(out=tmp_path, index_search=False)

    # Its booth page and exhibit page, the one listing and the edition page showing it,
    # and each language's search page; not the edition's other listings.
    assert report.pages == 6
    assert "通州纺织机械" in html(tmp_path, "/zh-hans/nantong-2026/halls/machines/")


def test_renaming_a_booth_that_shares_its_number_reorders_its_listings(small, tmp_path):
    small.other_booth.booth_number = "A-01"  # as the quilt booth: the title decides
    small.other_booth.categories.set([small.bedding])
    publish(small.other_booth)
    build(out=tmp_path, index_search=False)
    listing = "/zh-hans/nantong-2026/halls/textiles/"
    assert html(tmp_path, listing).index("丙贸易") < html(tmp_path, listing).index("海门")

    small.other_booth.title = "甲贸易"  # after 海门 in code-point order
    publish(small.other_booth)
    build(out=tmp_path, index_search=False)

    assert build(out=tmp_path, index_search=False, rescan=True).rendered == 0
    assert html(tmp_path, listing).index("海门") < html(tmp_path, listing).index("甲贸易")


def test_a_manifest_from_an_older_builder_is_started_afresh(small, tmp_path):
    import sqlite3
    from contextlib import closing

    build(out=tmp_path, index_search=False)
    with closing(sqlite3.connect(tmp_path / "_build" / "manifest.sqlite3")) as db:
        db.execute("DROP TABLE booths")
        db.execute("CREATE TABLE booths (booth_id INTEGER PRIMARY KEY)")  # no booth_number
        db.execute("UPDATE state SET value = '1' WHERE key = 'schema'")
        db.commit()

    report = build(out=tmp_path, index_search=False)

    assert report.mode == "rescan"
    assert build(out=tmp_path, index_search=False).mode == "incremental"
