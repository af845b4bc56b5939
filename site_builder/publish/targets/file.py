"""Folder target: each release is a complete folder, and a symlink names the live one.

    <root>/releases/<release_id>/...   one folder per release (the web server never sees it
                                       until `current` points at it)
    <root>/current -> releases/<id>    the web server's document root
    <root>/.publish.lock               held during a publish (flock: released by the kernel
                                       even on kill -9)

Unchanged files are hard links into the previous release (no copy, no extra space); the
switch is one rename of a symlink, which POSIX makes atomic, so a request sees either the
whole old release or the whole new one. Files are written under a temporary name and renamed,
so a file present in a release folder is always complete: a rerun after an interruption
reuses the half-built folder (its name is the content hash of the release, so whatever is in
it belongs there).
"""

import contextlib
import fcntl
import logging
import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..exceptions import PublishError
from ..plan import PublishPlan, SourceFile
from ..release import MARKER_NAME, Marker
from .base import PublishTarget, TargetConfigurationError

logger = logging.getLogger(__name__)

RELEASES_DIR = "releases"
CURRENT_LINK = "current"
LOCK_NAME = ".publish.lock"
TRASH_PREFIX = ".trash-"
# Releases kept on disk, the live one included: instant rollback by relinking `current`.
KEEP_RELEASES = 3


class FileTarget(PublishTarget):
    concurrency = 4

    def __init__(self, url: str):
        super().__init__(url)
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost") or parts.query or parts.fragment:
            raise TargetConfigurationError(
                f"Bad folder target {url!r}: use file:///absolute/path (no host, no query)."
            )
        path = unquote(parts.path)
        if not path or path == "/":
            raise TargetConfigurationError(f"Bad folder target {url!r}: no folder given.")
        self.root = Path(path)
        self.releases = self.root / RELEASES_DIR
        self.current = self.root / CURRENT_LINK
        self._release_dir: Path | None = None

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / LOCK_NAME).open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as error:
                raise PublishError(f"Another publish to {self.root} is running.") from error
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _live_dir(self) -> Path | None:
        if not self.current.is_symlink():
            if self.current.exists():
                raise PublishError(
                    f"{self.current} is not a symlink: move it away, the publisher manages "
                    "it (the web server's document root must be this link)."
                )
            return None
        return self.current.resolve()

    def read_marker(self) -> Marker | None:
        live_dir = self._live_dir()
        if live_dir is None:
            return None
        try:
            return Marker.from_bytes((live_dir / MARKER_NAME).read_bytes())
        except FileNotFoundError as error:
            raise PublishError(
                f"{self.current} points to a folder without {MARKER_NAME}."
            ) from error

    def present_hashes(
        self, files: Mapping[str, SourceFile], marker: Marker | None, release_id: str
    ) -> dict[str, str]:
        release_dir = self.releases / release_id
        served = marker.served if marker is not None and marker.is_live else {}
        present = {}
        for path, file in files.items():
            # Already in the (half-built) folder of this release, or linkable from the live one.
            if served.get(path) == file.sha256 or (release_dir / path).is_file():
                present[path] = file.sha256
        return present

    def begin(self, plan: PublishPlan) -> None:
        self._release_dir = self.releases / plan.release_id
        if plan.live and plan.live.release_id == plan.release_id:
            return  # the live folder itself: complete, not to be touched
        self._release_dir.mkdir(parents=True, exist_ok=True)
        # A folder reused from an interrupted run (or an older publication of the same
        # content) may hold temporary files and files this release does not retain.
        wanted = {planned.file.path for planned in plan.files} | set(plan.retained) | {MARKER_NAME}
        for dirpath, dirnames, filenames in os.walk(self._release_dir, topdown=False):
            folder = Path(dirpath)
            for name in filenames:
                if (folder / name).relative_to(self._release_dir).as_posix() not in wanted:
                    (folder / name).unlink()
            for name in dirnames:
                with contextlib.suppress(OSError):
                    (folder / name).rmdir()  # only when empty

    def _destination(self, path: str) -> Path:
        destination = self._release_dir / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        return destination

    def put_file(self, file: SourceFile) -> int:
        destination = self._destination(file.path)
        temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
        # A copy, not a link to the source: the builder may rewrite its files in place.
        shutil.copy2(file.abs_path, temporary)
        os.replace(temporary, destination)
        return file.size

    def keep_file(self, path: str, file: SourceFile | None) -> None:
        destination = self._destination(path)
        if destination.exists():
            return
        live_copy = self.current / path
        try:
            os.link(live_copy, destination)
        except FileExistsError:
            pass
        except OSError:
            # Another filesystem, no hard links, or the live copy went missing.
            if file is not None:
                self.put_file(file)
            elif live_copy.is_file():
                temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
                shutil.copy2(live_copy, temporary)
                os.replace(temporary, destination)
            else:
                logger.warning("Retained file %s is missing from the live release", path)

    def mark_live(self, marker: Marker) -> None:
        release_dir = self.releases / marker.release_id
        temporary = release_dir / f".{MARKER_NAME}.{os.getpid()}.tmp"
        temporary.write_bytes(marker.to_bytes())
        os.replace(temporary, release_dir / MARKER_NAME)
        target = os.path.join(RELEASES_DIR, marker.release_id)
        if self.current.is_symlink() and os.readlink(self.current) == target:
            return
        # Data on disk before the switch, so a power cut cannot expose a half-written release.
        os.sync()
        link = self.root / f".{CURRENT_LINK}.{os.getpid()}.tmp"
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        os.symlink(target, link)
        os.replace(link, self.current)

    def delete_file(self, path: str) -> None:
        """Usually nothing to do: a new release folder never contained the file, so the
        switch of `current` removed it. Files kept by an earlier --no-delete are in the live
        folder itself, and go now."""
        (self._release_dir / path).unlink(missing_ok=True)

    def finish(self, plan: PublishPlan) -> None:
        self.prune()

    def prune(self, keep: int = KEEP_RELEASES) -> list[str]:
        """Remove all but the `keep` most recent complete releases (the live one is always
        kept) and any folder left by an interrupted publish of other content."""
        if not self.releases.is_dir():
            return []
        live_dir = self._live_dir()
        live_name = live_dir.name if live_dir else None
        complete, removable = [], []
        for folder in self.releases.iterdir():
            if folder.name.startswith(TRASH_PREFIX):
                shutil.rmtree(folder, ignore_errors=True)
            elif folder.name == live_name:
                continue
            elif (folder / MARKER_NAME).is_file():
                complete.append(folder)
            else:
                removable.append(folder)
        complete.sort(key=lambda folder: (folder / MARKER_NAME).stat().st_mtime, reverse=True)
        removable += complete[max(keep - 1, 0) :]
        for folder in removable:
            # Renamed first: a prune cut short leaves a trash folder, never a release folder
            # with files missing.
            trash = folder.with_name(f"{TRASH_PREFIX}{folder.name}")
            os.replace(folder, trash)
            shutil.rmtree(trash, ignore_errors=True)
        if removable:
            logger.info("Pruned %s old releases from %s", len(removable), self.releases)
        return [folder.name for folder in removable]
