import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from meilisearch.errors import MeilisearchApiError

from site_builder.search.levels import LEVELS
from site_builder.search.query import DEFAULT_LIMIT, search
from site_builder.search.server import SearchUnavailable


class Command(BaseCommand):
    help = (
        "Search the booth and exhibit index of one language as buyers do (same index, same "
        'settings). e.g. `search "wooden table" --locale en --filter "kind = exhibit"`.'
    )

    def add_arguments(self, parser):
        parser.add_argument("query", help='the words to search for (may be empty: "")')
        parser.add_argument("--locale", help="language code of the index (default: source)")
        parser.add_argument(
            "--filter",
            dest="search_filter",
            metavar="EXPR",
            help='Meilisearch filter, e.g. "num.power_w.min <= 20000 AND num.power_w.max >= 5000"',
        )
        parser.add_argument("--level", choices=sorted(LEVELS), default="public")
        parser.add_argument("--sort", help='e.g. "published_at:desc"')
        parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT)
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="print the hits as JSON, in rank order",
        )

    def handle(self, query, locale, search_filter, level, sort, limit, as_json, **options):
        try:
            result = search(
                query, locale, search_filter=search_filter, level=level, limit=limit, sort=sort
            )
        except SearchUnavailable as error:
            raise CommandError(str(error)) from error
        except MeilisearchApiError as error:
            raise CommandError(error.message) from error
        if as_json:
            self._print_json(result)
        else:
            self._print_table(result)

    def _print_json(self, result):
        hits = [hit.as_json() for hit in result.hits]
        self.stdout.write(json.dumps(hits, ensure_ascii=False, indent=2))

    def _print_table(self, result):
        if not result.hits:
            self.stdout.write(_("No results in %(index)s.") % {"index": result.index})
            return
        headers = ["#", _("kind"), _("title"), _("model"), _("URL"), _("external id")]
        rows = [
            [str(rank), hit.kind, hit.title, hit.model_number, hit.url, hit.external_id]
            for rank, hit in enumerate(result.hits, 1)
        ]
        widths = [max(_width(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
        for row in [headers, *rows]:
            cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
            self.stdout.write("  ".join(cells).rstrip())
        self.stdout.write(
            _("%(shown)s of about %(total)s results in %(index)s")
            % {"shown": len(result.hits), "total": result.total, "index": result.index}
        )


def _width(text):
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
