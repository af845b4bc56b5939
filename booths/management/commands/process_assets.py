"""Optimized derivatives for every uploaded image, video and 3D model, in bulk.

`make demo` runs it after seeding (the seed creates hundreds of pictures at once, with
background processing paused); operators run it after changing a recipe setting
(ASSETS_IMAGE_WIDTHS...) or to retry files whose processing failed. By default it does
only what is missing or was made with another recipe; `--all` redoes everything (the
content-addressed cache still skips unchanged work). The pipeline itself runs in worker
processes started afresh, which never touch the database; only this process writes.
"""

import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context

from django.core.management.base import BaseCommand

from booths import derived_media


class Command(BaseCommand):
    help = "Make the optimized derivatives of uploaded media (images, videos, 3D models)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Process every file, not only what is missing."
        )
        parser.add_argument(
            "--kind",
            action="append",
            choices=["image", "video", "model"],
            help="Only this kind (repeatable).",
        )
        parser.add_argument(
            "--workers", type=int, default=0, help="Worker processes (default: CPU count)."
        )

    def handle(self, *args, **options):
        todo = derived_media.pending(kinds=options["kind"], everything=options["all"])
        if not todo:
            self.stdout.write("Every upload is processed.")
            return
        jobs = []
        for obj in todo:
            kind = derived_media.media_kind(obj)
            if kind is not None:
                jobs.append((obj, kind))
        self.stdout.write(f"Processing {len(jobs)} files...")
        started = time.monotonic()
        counts = {}
        workers = options["workers"] or None
        cache = derived_media.cache_root()
        recipes = {kind: derived_media.recipe_for(kind) for kind in {k for _o, k in jobs}}
        # Fresh worker processes (not forks): they share no database connection with this
        # one, which alone writes the results.
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            futures = {}
            for obj, kind in jobs:
                with derived_media.local_file(obj, keep=True) as path:
                    job = (str(path), kind, cache, recipes[kind])
                    futures[pool.submit(derived_media.run_pipeline, *job)] = (obj, kind, path)
            last_report = time.monotonic()
            for done, future in enumerate(as_completed(futures), start=1):
                obj, kind, path = futures[future]
                row = derived_media.record(obj, kind, future.result())
                derived_media.discard_copy(obj, path)
                counts[row.status] = counts.get(row.status, 0) + 1
                if row.status != row.Status.READY:
                    self.stderr.write(
                        f"  {kind} {obj.pk} {obj.file.name}: {row.status} "
                        f"({row.error_code}: {row.error_message})"
                    )
                if options["verbosity"] > 1 or time.monotonic() - last_report > 5:
                    last_report = time.monotonic()
                    self.stdout.write(
                        f"  [{done}/{len(jobs)}] {time.monotonic() - started:.0f} s: "
                        f"{kind} {obj.pk} {row.status}"
                    )
        summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
        self.stdout.write(f"Processed {len(jobs)} files in {time.monotonic() - started:.1f} s: ")
        self.stdout.write(f"  {summary}")
