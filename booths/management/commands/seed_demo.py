from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from booths.demo.seed import seed_demo
from booths.models import ExhibitionPage


class Command(BaseCommand):
    help = (
        "Build the demo edition (Nantong home textiles, furniture & machinery cloud expo): "
        "exhibitors, booths, exhibits, buyers and demo accounts. Deterministic; running it "
        "again adds nothing but missing accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--exhibitors", type=int, default=210, help="exhibitors with booths")
        parser.add_argument("--buyers", type=int, default=650, help="registered buyers")
        parser.add_argument("--quiet", action="store_true", help="print only the summary")
        parser.add_argument(
            "--i-know-this-is-a-demo",
            action="store_true",
            dest="force",
            help="seed even with DEBUG off (the demo accounts have published passwords)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if the database already holds an exhibition (used by `make demo`)",
        )

    def handle(self, *args, exhibitors, buyers, quiet, if_empty, force, **options):
        if exhibitors < 1 or buyers < 0:
            raise CommandError("--exhibitors must be at least 1 and --buyers at least 0.")
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts whose passwords are printed in the docs; it runs "
                "only with DEBUG on (development settings). Pass --i-know-this-is-a-demo to "
                "seed a throw-away demo server anyway."
            )
        if if_empty and ExhibitionPage.objects.exists():
            self.stdout.write("The database already holds an exhibition: demo not seeded.")
            return
        log = None if quiet else self.stdout.write
        result = seed_demo(exhibitors=exhibitors, buyers=buyers, log=log)
        verb = "Built" if result.created else "Already built"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} the demo exhibition in {result.seconds:.1f} s.")
        )
        self.stdout.write(
            f"  exhibitors with booths: {result.exhibitors}\n"
            f"  exhibits:               {result.exhibits}\n"
            f"  buyers:                 {result.buyers}\n"
            f"  video:                  {'yes' if result.video else 'no (ffmpeg missing)' if result.created else '-'}"
        )
        self.stdout.write(
            "  pages per language:     "
            + ", ".join(f"{code} {count}" for code, count in result.pages_per_locale.items())
        )
        self.stdout.write(
            self.style.WARNING("\nDemo accounts - for a local demo only, never on a public server:")
        )
        for username, password in result.passwords.items():
            note = (
                "" if username in result.new_users else "  (existing account: password unchanged)"
            )
            self.stdout.write(f"  {username:<11} {password}{note}")
