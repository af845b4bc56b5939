"""The shape every publish target has (CONVENTIONS "Swappable backends, one shape").

A target is chosen by URL (`file:///srv/expo`, `s3://bucket/prefix`). `publish.publish()`
calls these methods in a fixed order: lock, read_marker, present_hashes, begin, put_file /
keep_file stage by stage, mark_live, delete_files, (CDN), mark_live again, finish.
Each method either completes or leaves the target as it was for what is live.
"""

import contextlib
from collections.abc import Iterator, Mapping, Sequence

from django.core.exceptions import ImproperlyConfigured

from ..plan import PublishPlan, SourceFile
from ..release import Marker


class TargetConfigurationError(ImproperlyConfigured):
    """A target URL or setting that cannot work (unknown scheme, bad bucket name...)."""


class PublishTarget:
    """Base class: subclasses implement the NotImplementedError methods."""

    # How many files the publisher writes at once (within one stage).
    concurrency = 1

    def __init__(self, url: str):
        self.url = url

    def __str__(self) -> str:
        return self.url

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Held for the whole publish; targets that can, refuse a second concurrent one."""
        yield

    def read_marker(self) -> Marker | None:
        """The marker on the target, None on a target that was never published to."""
        raise NotImplementedError

    def present_hashes(
        self, files: Mapping[str, SourceFile], marker: Marker | None, release_id: str
    ) -> dict[str, str]:
        """path -> sha256 for the files of the new release that the target already holds
        with exactly that content (they are not uploaded again)."""
        raise NotImplementedError

    def begin(self, plan: PublishPlan) -> None:
        """Prepare for the uploads of `plan` (nothing visible changes)."""

    def put_file(self, file: SourceFile) -> int:
        """Write one file of the new release; returns the bytes sent."""
        raise NotImplementedError

    def keep_file(self, path: str, file: SourceFile | None) -> None:
        """Make an unchanged (or retained, then `file` is None) file part of the new release.
        Targets that replace files in place have nothing to do."""

    def mark_live(self, marker: Marker) -> None:
        """Atomically make `marker`'s release the live one (or record its settled state)."""
        raise NotImplementedError

    def delete_file(self, path: str) -> None:
        raise NotImplementedError

    def delete_files(self, paths: Sequence[str]) -> None:
        """Batch fallback: one at a time; targets with a bulk delete override it."""
        for path in paths:
            self.delete_file(path)

    def finish(self, plan: PublishPlan) -> None:
        """Housekeeping once the release is live and settled (pruning old releases)."""
