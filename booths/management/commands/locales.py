from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale, Page

from booths.site_setup import add_locale, remove_locale


class Command(BaseCommand):
    help = "List, add or remove site languages (SPEC 6.2.2.2). e.g. `locales add fr`, `locales remove ru`."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "add", "remove"])
        parser.add_argument("codes", nargs="*", help="language codes, e.g. fr ug")
        parser.add_argument(
            "--no-sync", action="store_true", help="do not mirror source pages as aliases"
        )
        parser.add_argument("--yes", action="store_true", help="do not ask before removing")

    def handle(self, action, codes, no_sync, yes, **options):
        if action == "list":
            for locale in Locale.objects.order_by("pk"):
                pages = Page.objects.filter(locale=locale).count()
                self.stdout.write(
                    f"{locale.language_code}\t{locale.get_display_name()}\t{pages} pages"
                )
            return
        if not codes:
            raise CommandError("Name at least one language code.")
        for code in codes:
            try:
                if action == "add":
                    _locale, created = add_locale(code, sync=not no_sync)
                    self.stdout.write(f"{code}: {'added' if created else 'already present'}")
                else:
                    if (
                        not yes
                        and input(f"Delete every {code} page and translation? [y/N] ").lower()
                        != "y"
                    ):
                        self.stdout.write("Nothing removed.")
                        continue
                    count = remove_locale(code)
                    self.stdout.write(f"{code}: removed with {count} pages")
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
