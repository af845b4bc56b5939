"""Mirror every booth's live-stream blocks into LiveSession rows (SPEC 6.2.2.1).

Publishing keeps them in step (engagement.signal_handlers); this is for booths published
before the live audience existed, or after a restore. Idempotent.
"""

from django.core.management.base import BaseCommand

from engagement import live


class Command(BaseCommand):
    help = "Create or update the live sessions of every published booth."

    def handle(self, *args, **options):
        listed = live.sync_all()
        self.stdout.write(f"{listed} live sessions listed.")
