from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from site_builder.search.indexer import IndexingFailed, reindex_all, sync_all
from site_builder.search.server import SearchUnavailable


class Command(BaseCommand):
    help = (
        "Index booths and exhibits in Meilisearch, one index per language and buyer level "
        "(SPEC 4.5, 4.7.2). Settings are applied only when they changed. --full rebuilds "
        "every index beside the live one and swaps it in."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="rebuild from scratch (build new, then swap)"
        )
        parser.add_argument(
            "--locale",
            action="append",
            dest="locales",
            metavar="CODE",
            help="only this language (repeatable); default: every language",
        )

    def handle(self, full, locales, **options):
        try:
            if full:
                result = reindex_all(locales)
                for language, count in result["languages"].items():
                    self.stdout.write(
                        _("%(language)s: %(count)s documents (rebuilt and swapped in)")
                        % {"language": language, "count": count}
                    )
                for uid in result["removed"]:
                    self.stdout.write(_("Removed %(uid)s (language gone)") % {"uid": uid})
            else:
                counts = sync_all(locales)
                self.stdout.write(
                    _(
                        "%(indexed)s documents indexed, %(deleted)s removed, "
                        "settings updated on %(settings)s indexes"
                    )
                    % {
                        "indexed": counts["indexed"],
                        "deleted": counts["deleted"],
                        "settings": counts["settings_updated"],
                    }
                )
        except (SearchUnavailable, IndexingFailed) as error:
            raise CommandError(str(error)) from error
