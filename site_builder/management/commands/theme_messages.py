from django.core.management.base import BaseCommand, CommandError

from site_builder.theme_messages import update


class Command(BaseCommand):
    help = (
        "Merge the messages of the theme's Jinja2 templates and of the site builder into "
        "every locale/*/LC_MESSAGES/django.po (new ones untranslated, unused ones obsolete)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; fail if a catalog is out of date or has untranslated messages.",
        )

    def handle(self, *args, **options):
        problems = []
        for path, (added, obsoleted, untranslated) in update(check=options["check"]).items():
            self.stdout.write(
                f"{path}: {added} new, {obsoleted} obsolete, {len(untranslated)} untranslated"
            )
            if options["check"] and (added or obsoleted or untranslated):
                problems.append(str(path))
        if problems:
            raise CommandError("Out of date or untranslated: " + ", ".join(problems))
