from django.core.management.base import BaseCommand

from booths.site_setup import ensure_site


class Command(BaseCommand):
    help = "Create the home page, the configured languages, the four roles and the review workflow (idempotent)."

    def handle(self, *args, **options):
        ensure_site()
        self.stdout.write(self.style.SUCCESS("Site ready."))
