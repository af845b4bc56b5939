from django.core.management.base import BaseCommand, CommandError

from booths.message_catalogs import CatalogError, compile_catalogs


class Command(BaseCommand):
    help = (
        "Compile every locale/*/LC_MESSAGES/*.po to .mo with polib (no system gettext needed); "
        "refuses translations whose placeholders would break formatting."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--locale-dir",
            action="append",
            dest="locale_dirs",
            help="a folder holding <language>/LC_MESSAGES/ (default: settings.LOCALE_PATHS)",
        )

    def handle(self, *args, locale_dirs=None, **options):
        try:
            results = compile_catalogs(locale_dirs)
        except CatalogError as error:
            raise CommandError(str(error)) from error
        if not results:
            self.stdout.write("No catalogs found.")
        for result in results:
            state = "compiled" if result.written else "unchanged"
            self.stdout.write(
                f"{result.po_path}: {state}, {result.translated} of {result.total} translated"
            )
