from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from booths.machine_translation import translate_missing
from booths.machine_translators.base import MachineTranslationConfigError, MachineTranslationError


class Command(BaseCommand):
    help = (
        "Machine-translate source pages and snippets that have no translation yet in a "
        "language (SPEC 6.2.2.2), with the organizer's glossary and the engine named by "
        "MT_BACKEND. Results stay marked 'machine' until a translator reviews them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--locale",
            action="append",
            dest="locales",
            help="language code to translate into; repeat for several (default: all)",
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish translated pages (default: drafts)"
        )
        parser.add_argument("--limit", type=int, help="translate at most this many objects")

    def handle(self, locales, publish, limit, **options):
        try:
            report = translate_missing(locales=locales, publish=publish, limit=limit)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except (MachineTranslationConfigError, MachineTranslationError) as error:
            raise CommandError(str(error)) from error
        for code, objects in sorted(report.translated.items()):
            self.stdout.write(f"{code}: {len(objects)} translated")
        for code, failures in sorted(report.failed.items()):
            for instance, error in failures:
                self.stderr.write(f"{code}: {instance!r} failed: {'; '.join(error.messages)}")
        if not report.translated and not report.failed:
            self.stdout.write("Nothing left to translate.")
