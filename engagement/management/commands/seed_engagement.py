from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from engagement.demo import seed_engagement


class Command(BaseCommand):
    help = (
        "Add buyers' engagement to the demo exhibition (run after seed_demo): word lists, "
        "buyer accounts, likes, comments, inquiries, meetings, live viewers and a week of "
        "analytics. Does nothing when the demo buyer account exists."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-a-demo",
            action="store_true",
            dest="force",
            help="seed even with DEBUG off (the demo buyer has a published password)",
        )

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_engagement creates a demo account with a published password; it runs "
                "only with DEBUG on. Pass --i-know-this-is-a-demo on a throw-away server."
            )
        result = seed_engagement(log=self.stdout.write if options["verbosity"] > 1 else None)
        if result.created:
            self.stdout.write(self.style.SUCCESS("Demo engagement seeded:"))
            for name, count in result.counts.items():
                self.stdout.write(f"  {name:<22} {count}")
        else:
            self.stdout.write("Demo engagement already seeded.")
        for email, password in result.passwords.items():
            self.stdout.write(f"  buyer (site sign-in)  {email}  {password}")
