from django.core.management.base import BaseCommand, CommandError

from site_builder.build import BuildError, build
from site_builder.plan import PathClash


class Command(BaseCommand):
    help = (
        "Render every live page in every language to the static release folder "
        "(incremental: only what changed since the last build, unless --full)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", help="Release folder (default: settings.SITE_BUILD_DIR).")
        parser.add_argument(
            "--locale",
            action="append",
            dest="languages",
            metavar="LANGUAGE",
            help="Build only this language (repeatable), e.g. --locale en.",
        )
        parser.add_argument("--full", action="store_true", help="Render everything again.")
        parser.add_argument(
            "--rescan",
            action="store_true",
            help="Compare every page with the last build instead of following the change "
            "journal (after content was changed behind Wagtail's back).",
        )
        parser.add_argument(
            "--strict", action="store_true", help="Fail on any warning or page error."
        )
        parser.add_argument(
            "--no-search", action="store_true", help="Do not update the search index."
        )

    def handle(self, *args, **options):
        def progress(done, total):
            if options["verbosity"] >= 1:
                self.stderr.write(f"\r  rendered {done}/{total}", ending="")
                if done == total:
                    self.stderr.write("")

        try:
            report = build(
                out=options["out"],
                languages=options["languages"],
                full=options["full"],
                strict=options["strict"],
                index_search=not options["no_search"],
                progress=progress,
                rescan=options["rescan"],
            )
        except (BuildError, PathClash) as error:
            raise CommandError(str(error)) from error
        for error in report.errors:
            self.stderr.write(self.style.ERROR(error))
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if report.indexed:
            self.stdout.write(f"search: {report.indexed}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
