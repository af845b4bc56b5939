"""Recording and reading the change journal (site_builder.models.SiteChange).

Changes are written after the transaction commits (a rolled-back edit never reaches the
journal) in one insert per transaction. A build reads the rows after its cursor; since two
transactions can commit out of id order, the cursor it keeps trails the newest rows by
`CURSOR_LAG` and re-reading a change is harmless (planning it again finds nothing to do).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from site_builder.models import SiteChange

CURSOR_LAG = datetime.timedelta(seconds=30)


class JournalWriter:
    """The changes of one transaction, written in one insert when it commits."""

    def __init__(self, rows):
        self.rows = set(rows)

    def __call__(self):
        rows = self.rows
        if (SiteChange.EVERYTHING, None) in rows:
            rows = {(SiteChange.EVERYTHING, None)}
        SiteChange.objects.bulk_create(
            [SiteChange(scope=scope, object_id=pk) for scope, pk in sorted(rows, key=str)]
        )


def pending_callback(kind):
    """This transaction's on-commit callback of class `kind`, if one is registered (a
    rolled-back transaction drops its callbacks, and with them this bookkeeping)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        for entry in connection.run_on_commit:
            if isinstance(entry[1], kind):
                return entry[1]
    return None


def record(scope, object_id=None):
    """Journal a change once the current transaction commits (at once outside one)."""
    writer = pending_callback(JournalWriter)
    if writer is not None:
        writer.rows.add((scope, object_id))
    else:
        after_commit(JournalWriter({(scope, object_id)}))


def after_commit(function):
    """Run `function` once the transaction commits (tests, whose transaction never
    commits, replace this to journal at once: tests/conftest.py)."""
    transaction.on_commit(function, robust=True)


def record_everything():
    """For writers that bypass page signals (bulk imports, raw updates)."""
    record(SiteChange.EVERYTHING)


@dataclass
class ChangeSet:
    page_ids: set = field(default_factory=set)
    exhibitor_ids: set = field(default_factory=set)
    everything: bool = False
    cursor: int = 0  # the next build reads the rows after this id ...
    seen: frozenset = frozenset()  # ... except these, already planned

    def __bool__(self):
        return bool(self.page_ids or self.exhibitor_ids or self.everything)


def read_changes(cursor, seen=frozenset(), now=None):
    """Changes recorded after `cursor` and not in `seen`; the ChangeSet's own cursor and
    seen are what the next build should pass (rows newer than CURSOR_LAG stay above the
    cursor, in case an older id commits late)."""
    now = now or timezone.now()
    changes = ChangeSet()
    rows = SiteChange.objects.filter(id__gt=cursor).values_list(
        "id", "scope", "object_id", "recorded_at"
    )
    settled, recent = cursor, set()
    for pk, scope, object_id, recorded_at in rows.order_by("id"):
        if recorded_at <= now - CURSOR_LAG:
            settled = pk
        recent.add(pk)
        if pk in seen:
            continue
        if scope == SiteChange.PAGE:
            changes.page_ids.add(object_id)
        elif scope == SiteChange.EXHIBITOR:
            changes.exhibitor_ids.add(object_id)
        else:
            changes.everything = True
    changes.cursor = settled
    changes.seen = frozenset(pk for pk in recent if pk > settled)
    return changes


def everything_read(now=None):
    """The cursor and seen ids of a build that plans the whole site as it is now."""
    now = now or timezone.now()
    settled = SiteChange.objects.filter(recorded_at__lte=now - CURSOR_LAG).order_by("-id")
    cursor = settled.values_list("id", flat=True).first() or 0
    recent = SiteChange.objects.filter(id__gt=cursor).values_list("id", flat=True)
    return ChangeSet(cursor=cursor, seen=frozenset(recent))


def prune(now=None):
    """Forget changes older than the retention; a build last run before that rescans."""
    limit = (now or timezone.now()) - retention()
    SiteChange.objects.filter(recorded_at__lt=limit).delete()


def retention():
    return datetime.timedelta(days=settings.SITE_CHANGE_RETENTION_DAYS)
