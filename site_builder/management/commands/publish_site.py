from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from site_builder.publish.exceptions import PublishError
from site_builder.publish.publish import publish


class Command(BaseCommand):
    help = (
        "Publish the built site (SITE_BUILD_DIR) to a folder or an S3-compatible bucket, "
        "atomically: assets, then pages, then the release marker, then deletions and CDN "
        "invalidation. Only changed files are uploaded; an interrupted run is finished by "
        "running it again. See docs/publishing.md."
    )
    # Publishing reads files and settings only; the model checks would add seconds to every
    # deploy step without guarding anything it uses.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--target",
            help="file:///path/to/folder or s3://bucket/prefix (default: SITE_PUBLISH_TARGET)",
        )
        parser.add_argument("--source", help="the built site folder (default: SITE_BUILD_DIR)")
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would happen, change nothing"
        )
        parser.add_argument(
            "--no-delete",
            action="store_true",
            help="keep files that are no longer in the build (the next publish removes them)",
        )

    def handle(self, *args, target=None, source=None, dry_run=False, no_delete=False, **options):
        target = target or settings.SITE_PUBLISH_TARGET
        if not target:
            raise CommandError(
                "No publish target: pass --target file:///path or s3://bucket/prefix, or set "
                "SITE_PUBLISH_TARGET."
            )
        self.verbosity = options["verbosity"]
        self.prefix = "would " if dry_run else ""
        try:
            report = publish(
                source or settings.SITE_BUILD_DIR,
                target,
                dry_run=dry_run,
                delete=not no_delete,
                progress=self.progress,
            )
        except (PublishError, ImproperlyConfigured) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def progress(self, action: str, subject: str, size: int) -> None:
        """One line per file written or removed (unchanged files at -v 2), flushed at once
        so that a deploy log shows how far an interrupted publish got."""
        if self.verbosity < 1 or (action == "keep" and self.verbosity < 2):
            return
        line = f"{self.prefix}{'go live' if action == 'live' else action} {subject}"
        if action == "upload":
            line += f" ({size} B)"
        self.stdout.write(line)
        self.stdout.flush()
