from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from booths.importing import ImportFileError, import_directory
from booths.importing.run import KINDS


class Command(BaseCommand):
    help = (
        "Import exhibitors, exhibits or buyers from a CSV or XLSX file (SPEC 4.1). "
        "Checks every row first; a file with a bad row imports nothing unless --partial. "
        "Columns and rules: docs/import.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument(
            "--kind", choices=sorted(KINDS), help="what the file holds (default: from the header)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--partial", action="store_true", help="import the good rows even if some are bad"
        )
        parser.add_argument(
            "--create-categories",
            action="store_true",
            help="create unknown categories and industries (under the import hall)",
        )
        parser.add_argument(
            "--draft", action="store_true", help="save pages as drafts instead of publishing"
        )
        parser.add_argument(
            "--edition", metavar="SLUG", help="edition slug (default: the current edition)"
        )

    def handle(self, file, kind, dry_run, partial, create_categories, draft, edition, **options):
        verbosity = options["verbosity"]

        def progress(done, total):
            if verbosity >= 1 and total >= 200 and (done % 100 == 0 or done == total):
                self.stderr.write(f"{done}/{total}")

        try:
            report = import_directory(
                file,
                kind=kind,
                dry_run=dry_run,
                partial=partial,
                create_categories=create_categories,
                draft=draft,
                edition=edition,
                progress=progress,
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for line in report.lines(list_rows=verbosity >= 2):
            self.stdout.write(line)
        if not report.ok:
            count = len(report.failed_rows)
            raise CommandError(
                ngettext("%(count)s row has errors.", "%(count)s rows have errors.", count)
                % {"count": count},
                returncode=1,
            )
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(_("Import finished.")))
