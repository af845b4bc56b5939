"""Publish a built release folder to a target, atomically (ARCHITECTURE property 4).

One function, `publish()`, in the order that keeps every instant consistent:

    scan the source -> read the marker -> ask the target what it holds -> plan
    -> upload stage by stage (assets, other, new pages, changed pages, sitemaps, entry points)
    -> write the marker (the release is live) -> delete removed files -> invalidate the CDN
    -> write the settled marker -> prune

An interruption anywhere leaves the previous release serving (nothing it uses is removed
before the marker names the new one), and running it again finishes the job: files already
in place are recognised by their sha256 and work owed after the switch is kept in the marker.
"""

import contextlib
import logging
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from .cdn.base import CDNBackend, CDNError, get_cdn_backend, page_urls
from .exceptions import PublishError
from .plan import PlannedFile, PublishPlan, classify, make_plan, scan_source
from .release import compute_release_id
from .targets import PublishTarget, open_target

logger = logging.getLogger(__name__)

# progress(action, subject, size): action is "upload", "keep", "live", "delete" or
# "invalidate"; subject a path, a release id or a URL; size the bytes sent for an upload.
Progress = Callable[[str, str, int], None]


@dataclass
class PublishReport:
    target: str
    release_id: str
    previous_release_id: str
    dry_run: bool = False
    uploaded: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    bytes_sent: int = 0
    invalidated: list[str] = field(default_factory=list)
    seconds: float = 0.0
    noop: bool = False

    def summary(self) -> str:
        if self.noop:
            return (
                f"Release {self.release_id[:12]} is already live on {self.target}: nothing to "
                f"do (unchanged {self.unchanged}, {self.seconds:.1f} s)."
            )
        upload, delete, invalidate = (
            ("would upload", "would delete", "would invalidate")
            if self.dry_run
            else ("uploaded", "deleted", "invalidated")
        )
        head = "Dry run, nothing changed" if self.dry_run else "Published"
        return (
            f"{head}: release {self.release_id[:12]} on {self.target}: "
            f"{upload} {len(self.uploaded)}, unchanged {self.unchanged}, "
            f"{delete} {len(self.deleted)}, {_size(self.bytes_sent)}, {self.seconds:.1f} s, "
            f"{invalidate} {len(self.invalidated)} paths."
        )


def publish(
    source: Path | str,
    target_url: str,
    dry_run: bool = False,
    delete: bool = True,
    progress: Progress | None = None,
) -> PublishReport:
    """Publish the build folder `source` to `target_url` (file:///path or s3://bucket/prefix).

    dry_run: plan and report, write nothing. delete: False keeps files that left the build
    (they stay served and are deleted by the next publish that deletes).
    """
    started = time.monotonic()
    notify = progress or _ignore
    target = open_target(target_url)
    cdn = get_cdn_backend()  # bad CDN settings fail before anything is written
    files = scan_source(Path(source))
    release_id = compute_release_id({path: file.sha256 for path, file in files.items()})
    # A dry run only reads, so it takes no lock (and creates no folder for one).
    with contextlib.nullcontext() if dry_run else target.lock():
        marker = target.read_marker()
        present = target.present_hashes(files, marker, release_id)
        plan = make_plan(files, marker, present, delete=delete)
        report = PublishReport(
            target=str(target),
            release_id=plan.release_id,
            previous_release_id=plan.previous_release_id,
            dry_run=dry_run,
            unchanged=len(plan.unchanged),
            noop=plan.is_noop,
        )
        stale_urls = [url for path in plan.invalidate for url in page_urls(path)]
        if dry_run:
            _report_dry_run(plan, report, cdn.paths_for(stale_urls), notify)
        elif not plan.is_noop:
            _upload(plan, target, report, notify)
            _go_live(plan, target, report, notify)
            _invalidate(plan, target, cdn, stale_urls, report, notify)
            if plan.marker.has_pending:
                target.mark_live(plan.marker.settled())  # nothing owed any more
            target.finish(plan)
    report.seconds = time.monotonic() - started
    logger.info("%s", report.summary())
    return report


def _upload(
    plan: PublishPlan, target: PublishTarget, report: PublishReport, notify: Progress
) -> None:
    """Every file of the release in place, stage by stage; nothing visible changes yet on a
    folder, and on a bucket each file replaced is consistent with what is already there."""
    target.begin(plan)
    for path in plan.retained:
        target.keep_file(path, None)
    with ThreadPoolExecutor(max_workers=target.concurrency) as pool:
        for _stage, planned_files in plan.stages():
            _run_stage(pool, target, planned_files, report, notify)
    report.uploaded = [planned.file.path for planned in plan.uploads]


def _go_live(
    plan: PublishPlan, target: PublishTarget, report: PublishReport, notify: Progress
) -> None:
    """The marker, then the deletions: nothing live refers to a removed file any more."""
    target.mark_live(plan.marker)
    notify("live", plan.release_id, 0)
    # Pages first: a CDN or browser that still holds an old page finds its assets longer.
    doomed = sorted(plan.deletions, key=lambda path: (-classify(path, False), path))
    try:
        target.delete_files(doomed)
    except PublishError as error:
        raise PublishError(
            f"Release {plan.release_id[:12]} is live on {target}, but deleting removed files "
            f"failed: {error}. Run publish_site again to finish the deletions."
        ) from error
    for path in doomed:
        notify("delete", path, 0)
    report.deleted = doomed


def _invalidate(
    plan: PublishPlan,
    target: PublishTarget,
    cdn: CDNBackend,
    urls: list[str],
    report: PublishReport,
    notify: Progress,
) -> None:
    """After the deletions, so the CDN cannot fetch a removed page again and keep it."""
    try:
        report.invalidated = cdn.invalidate(urls, plan.release_id)
    except CDNError as error:
        raise PublishError(
            f"Release {plan.release_id[:12]} is live on {target}, but {error}. "
            "Run publish_site again to retry the invalidation."
        ) from error
    for url in report.invalidated:
        notify("invalidate", url, 0)


def _run_stage(
    pool: ThreadPoolExecutor,
    target: PublishTarget,
    planned_files: list[PlannedFile],
    report: PublishReport,
    notify: Progress,
) -> None:
    """All files of one stage, several at once; returns when every one is in place (the
    next stage may refer to them). The first failure stops the publish before the switch."""

    def place(planned: PlannedFile) -> int:
        if planned.upload:
            return target.put_file(planned.file)
        target.keep_file(planned.file.path, planned.file)
        return 0

    pending = {pool.submit(place, planned): planned for planned in planned_files}
    while pending:
        done, _running = wait(pending, return_when=FIRST_EXCEPTION)
        for future in done:
            planned = pending.pop(future)
            if future.exception() is not None:
                for other in pending:
                    other.cancel()
                wait(pending)
                raise future.exception()
            sent = future.result()
            if planned.upload:
                report.bytes_sent += sent
                notify("upload", planned.file.path, sent)
            else:
                notify("keep", planned.file.path, 0)


def _report_dry_run(
    plan: PublishPlan, report: PublishReport, urls: list[str], notify: Progress
) -> None:
    for planned in plan.uploads:
        report.uploaded.append(planned.file.path)
        report.bytes_sent += planned.file.size
        notify("upload", planned.file.path, planned.file.size)
    if not plan.is_noop:
        notify("live", plan.release_id, 0)
    report.deleted = sorted(plan.deletions)
    for path in report.deleted:
        notify("delete", path, 0)
    report.invalidated = urls
    for url in urls:
        notify("invalidate", url, 0)


def _size(count: int) -> str:
    size, unit = float(count), "B"
    for larger in ("kB", "MB", "GB"):
        if size < 1000:
            break
        size, unit = size / 1000, larger
    return f"{count} B" if unit == "B" else f"{size:.1f} {unit}"


def _ignore(action: str, subject: str, size: int) -> None:
    """No progress output (library use)."""
