"""Recompute the daily analytics figures and forget old IP-hash salts (SPEC 4.3).

Run it from cron a few times a day (e.g. hourly): by default it redoes yesterday and
today, which is idempotent; `--day` redoes one day, `--since N` the last N days.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from engagement import rollups


def _day(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--day wants YYYY-MM-DD, not {text!r}.") from None


def _count(text):
    if not text.isdigit() or int(text) < 1:
        raise CommandError(f"--since wants a number of days (1 or more), not {text!r}.")
    return int(text)


class Command(BaseCommand):
    help = "Roll analytics events up into daily figures per booth and exhibit."

    def add_arguments(self, parser):
        days = parser.add_mutually_exclusive_group()
        days.add_argument("--day", type=_day, help="one day, YYYY-MM-DD (the show's zone)")
        days.add_argument("--since", type=_count, help="the last N days, today included")

    def handle(self, *args, day=None, since=None, **options):
        for each, rows in rollups.run(day=day, since=since):
            self.stdout.write(f"{each.isoformat()}: {rows} pages")
