"""The publish plan: which files of the source folder go to the target, in which order, and
what leaves the site afterwards (ARCHITECTURE property 4).

Everything here is computed before anything is written, from three inputs: the source folder,
the target's marker (what is live) and the hashes the target already holds. The order is what
keeps the live site consistent while files are replaced one by one:

1. ASSETS         static/ (hashed names) and media/: referenced by everything below.
2. OTHER          JSON, manifests, icons...: read by pages.
3. NEW_PAGES      pages that did not exist: nothing live links to them yet.
4. CHANGED_PAGES  may now link to new assets and new pages, which are all there.
5. SITEMAPS       sitemaps/<lang>.xml list the pages.
6. ENTRY_POINTS   sitemap.xml (the index of 5) and robots.txt (names sitemap.xml).
then the marker (the release is live), then deletions, then the CDN invalidation.
"""

import hashlib
import os
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path, PurePosixPath

from .exceptions import SourceError
from .headers import ENCODING_SUFFIXES, HEADERS_VERSION
from .release import MARKER_NAME, Marker, compute_release_id

# The builder's private state (manifest database): never published.
BUILD_STATE_DIR = "_build"
# Removed files under this prefix stay one more release: their names are content hashes, and
# HTML cached by browsers or the CDN (s-maxage) may still request them after the switch.
GRACE_PREFIX = "static/"
HASH_WORKERS = 8


class Stage(IntEnum):
    ASSETS = 1
    OTHER = 2
    NEW_PAGES = 3
    CHANGED_PAGES = 4
    SITEMAPS = 5
    ENTRY_POINTS = 6


@dataclass(frozen=True)
class SourceFile:
    """One file of the build. `path` is POSIX and relative: it is also the URL path and the
    object key under the target's prefix."""

    path: str
    abs_path: Path
    sha256: str
    size: int
    # For `app.css.br`: "app.css", the file this one is a precompressed copy of.
    encoding_of: str = ""
    # For `app.css`: the `app.css.gz` the build wrote beside it, served instead of
    # compressing again.
    gzip_sibling: Path | None = None


@dataclass(frozen=True)
class PlannedFile:
    stage: Stage
    file: SourceFile
    upload: bool  # False: the target already holds these bytes (only kept/linked)


@dataclass(frozen=True)
class PublishPlan:
    release_id: str
    marker_before: Marker | None
    files: tuple[PlannedFile, ...]  # in upload order
    retained: Mapping[str, str] = field(default_factory=dict)
    deletions: Mapping[str, str] = field(default_factory=dict)
    invalidate: tuple[str, ...] = ()  # page files whose cached copies are stale
    touched: tuple[str, ...] = ()  # paths this publish may overwrite before going live

    @property
    def live(self) -> Marker | None:
        if self.marker_before is not None and self.marker_before.is_live:
            return self.marker_before
        return None

    @property
    def previous_release_id(self) -> str:
        return self.live.release_id if self.live else ""

    @property
    def uploads(self) -> list[PlannedFile]:
        return [planned for planned in self.files if planned.upload]

    @property
    def unchanged(self) -> list[PlannedFile]:
        return [planned for planned in self.files if not planned.upload]

    @property
    def marker(self) -> Marker:
        """The marker that makes this release live, with the work still owed after it."""
        return Marker(
            release_id=self.release_id,
            files={planned.file.path: planned.file.sha256 for planned in self.files},
            retained=dict(self.retained),
            pending_delete=dict(self.deletions),
            pending_invalidate=self.invalidate,
            headers_version=HEADERS_VERSION,
        )

    @property
    def is_noop(self) -> bool:
        """The same release is live, complete and settled: nothing to write at all."""
        before = self.marker_before
        return (
            self.live is not None
            and before.release_id == self.release_id
            and not self.uploads
            and not self.deletions
            and not self.invalidate
            and not before.touched
            and dict(before.retained) == dict(self.retained)
        )

    def stages(self) -> Iterator[tuple[Stage, list[PlannedFile]]]:
        """The files grouped by stage, in order; a stage starts when the one before is done."""
        current: list[PlannedFile] = []
        for planned in self.files:
            if current and current[0].stage != planned.stage:
                yield current[0].stage, current
                current = []
            current.append(planned)
        if current:
            yield current[0].stage, current


def is_page(path: str) -> bool:
    return path.endswith(".html")


def classify(path: str, is_new: bool) -> Stage:
    """The stage of a file, from its path (a precompressed copy goes with its original)."""
    if path.startswith(("static/", "media/")):
        return Stage.ASSETS
    if is_page(path):
        return Stage.NEW_PAGES if is_new else Stage.CHANGED_PAGES
    if path.startswith("sitemaps/"):
        return Stage.SITEMAPS
    name = PurePosixPath(path)
    if path == "robots.txt" or (
        len(name.parts) == 1 and name.name.startswith("sitemap") and name.suffix == ".xml"
    ):
        return Stage.ENTRY_POINTS
    return Stage.OTHER


def scan_source(source: Path) -> dict[str, SourceFile]:
    """Every publishable file of the build folder with its sha256.

    Refuses a folder without index.html: an empty or failed build would otherwise be
    published as a release that deletes the whole live site.
    """
    source = Path(source)
    if not source.is_dir():
        raise SourceError(f"Source folder {source} does not exist: build the site first.")
    found: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(source):
        folder = Path(dirpath)
        if folder == source:
            dirnames[:] = [name for name in dirnames if name != BUILD_STATE_DIR]
        dirnames.sort()
        for name in sorted(filenames):
            full = folder / name
            if full.is_file():
                found[full.relative_to(source).as_posix()] = full
    if MARKER_NAME in found:
        raise SourceError(f"{source / MARKER_NAME}: this name is reserved for the publisher.")
    if "index.html" not in found:
        raise SourceError(
            f"{source} has no index.html: not a built site, refusing to publish it "
            "(publishing it would remove the live site)."
        )
    with ThreadPoolExecutor(HASH_WORKERS) as pool:
        digests = dict(zip(found, pool.map(_file_digest, found.values()), strict=True))
    files = {}
    for path, full in found.items():
        suffix = PurePosixPath(path).suffix
        base = path.removesuffix(suffix) if suffix in ENCODING_SUFFIXES else ""
        sibling = path + ".gz"
        files[path] = SourceFile(
            path=path,
            abs_path=full,
            sha256=digests[path][0],
            size=digests[path][1],
            encoding_of=base if base in found else "",
            gzip_sibling=found[sibling] if sibling in found else None,
        )
    return files


def _file_digest(path: Path) -> tuple[str, int]:
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256")
    return digest.hexdigest(), path.stat().st_size


def make_plan(
    files: Mapping[str, SourceFile],
    marker: Marker | None,
    present: Mapping[str, str],
    delete: bool = True,
) -> PublishPlan:
    """The complete, ordered plan of a publish.

    `marker` is what the target says (None on a fresh target); `present` maps the paths the
    target already holds with the right content to their sha256 (those are not uploaded).
    With `delete` False nothing is removed: what leaves the release is retained instead.
    """
    release_id = compute_release_id({path: file.sha256 for path, file in files.items()})
    live = marker if marker is not None and marker.is_live else None
    live_files = dict(live.files) if live else {}
    served = live.served if live else {}
    owed_deletes = dict(marker.pending_delete) if marker else {}
    earlier_touched = set(marker.touched) if marker else set()

    if live and live.release_id == release_id:
        # A rerun of the live release: only finish what it still owes (files kept by an
        # earlier --no-delete go now; the grace of theme assets stands).
        retained = {
            path: sha256 for path, sha256 in live.retained.items() if path.startswith(GRACE_PREFIX)
        }
        changed_pages: set[str] = set()
    else:
        retained = {
            path: sha256
            for path, sha256 in live_files.items()
            if path not in files and path.startswith(GRACE_PREFIX)
        }
        changed_pages = {
            path
            for path, file in files.items()
            if is_page(path) and path in live_files and live_files[path] != file.sha256
        }

    leaving = ({*served, *owed_deletes, *earlier_touched} - set(files)) - set(retained)
    leaving_hashes = {
        path: served.get(path) or owed_deletes.get(path) or "" for path in sorted(leaving)
    }
    if delete:
        deletions = leaving_hashes
    else:
        retained.update(leaving_hashes)
        deletions = {}
    removed_pages = {path for path in deletions if is_page(path) and path in served}
    owed_invalidations = set(marker.pending_invalidate) if marker else set()
    invalidate = tuple(sorted(changed_pages | removed_pages | owed_invalidations))

    planned = []
    for path, file in files.items():
        base = file.encoding_of or path
        stage = classify(base, is_new=base not in live_files)
        planned.append(PlannedFile(stage, file, upload=present.get(path) != file.sha256))
    planned.sort(key=lambda item: (item.stage, item.file.path))
    touched = tuple(sorted(earlier_touched | {item.file.path for item in planned if item.upload}))
    return PublishPlan(
        release_id=release_id,
        marker_before=marker,
        files=tuple(planned),
        retained=retained,
        deletions=deletions,
        invalidate=invalidate,
        touched=touched,
    )
