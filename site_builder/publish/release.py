"""What a release is (its id and the files it serves) and the marker document that says which
release is live on a target.

The marker is the only mutable state a publish keeps on the target, so a rerun after an
interruption can tell what is live, what was half done and what is still owed (deletions,
CDN invalidations). It is written with one atomic operation each time (a single PUT on S3, a
rename on a folder), which is what makes each step of a publish all-or-nothing.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .exceptions import PublishError

MARKER_NAME = "_release.json"
MARKER_FORMAT = 1


def compute_release_id(files: Mapping[str, str]) -> str:
    """sha256 of the sorted (path, sha256) pairs: the same content gives the same id, so
    publishing an unchanged build again is recognised as a no-op."""
    digest = hashlib.sha256()
    for path, sha256 in sorted(files.items()):
        digest.update(f"{path}\0{sha256}\n".encode())
    return digest.hexdigest()


class MarkerError(PublishError):
    """The marker on the target cannot be read: publishing on top of it could delete files
    that a live release still uses, so the publish stops instead of guessing."""


@dataclass(frozen=True)
class Marker:
    """The live release of a target, plus the bookkeeping of unfinished work.

    files      path -> sha256 of every file of the live release.
    retained   files of the release before that are still served on purpose: hashed theme
               assets get one release of grace (HTML cached by browsers and the CDN may still
               ask for them), and everything removed under --no-delete.
    pending_*  work owed after the release went live (deletions, CDN invalidations of page
               files); cleared once done, so a rerun finishes it.
    next_release_id, touched
               a publish in progress: the paths it may already have overwritten on a target
               that replaces files in place (S3). A later run does not trust `files` for them.
    headers_version
               headers.HEADERS_VERSION of the publisher that uploaded the live files.
    """

    release_id: str = ""
    files: Mapping[str, str] = field(default_factory=dict)
    retained: Mapping[str, str] = field(default_factory=dict)
    pending_delete: Mapping[str, str] = field(default_factory=dict)
    pending_invalidate: tuple[str, ...] = ()
    next_release_id: str = ""
    touched: tuple[str, ...] = ()
    headers_version: int = 0

    @property
    def is_live(self) -> bool:
        """False for the marker of a first publish that was interrupted: nothing is live yet."""
        return bool(self.release_id)

    @property
    def served(self) -> dict[str, str]:
        """Every file the live release serves, retained ones included."""
        return {**self.retained, **self.files}

    @property
    def has_pending(self) -> bool:
        return bool(self.pending_delete or self.pending_invalidate)

    def settled(self) -> "Marker":
        """The same release once its deletions and invalidations are done."""
        return replace(self, pending_delete={}, pending_invalidate=(), touched=())

    def to_bytes(self) -> bytes:
        """Sorted keys and no timestamp: the same state always writes the same bytes."""
        document = {
            "format": MARKER_FORMAT,
            "release_id": self.release_id,
            "files": dict(sorted(self.files.items())),
            "retained": dict(sorted(self.retained.items())),
            "pending": {
                "delete": dict(sorted(self.pending_delete.items())),
                "invalidate": sorted(self.pending_invalidate),
            },
            "next": {"release_id": self.next_release_id, "touched": sorted(self.touched)},
            "headers_version": self.headers_version,
        }
        return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Marker":
        try:
            document = json.loads(data)
            if document.get("format") != MARKER_FORMAT:
                raise MarkerError(f"unknown marker format {document.get('format')!r}")
            pending = document.get("pending") or {}
            next_publish = document.get("next") or {}
            return cls(
                release_id=str(document["release_id"]),
                files=_path_map(document["files"]),
                retained=_path_map(document.get("retained") or {}),
                pending_delete=_path_map(pending.get("delete") or {}),
                pending_invalidate=tuple(pending.get("invalidate") or ()),
                next_release_id=str(next_publish.get("release_id") or ""),
                touched=tuple(next_publish.get("touched") or ()),
                headers_version=int(document.get("headers_version") or 0),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise MarkerError(f"unreadable {MARKER_NAME}: {error}") from error


def _path_map(value) -> dict[str, str]:
    if not isinstance(value, dict):
        raise MarkerError(f"expected an object of path -> sha256, got {type(value).__name__}")
    return {str(path): str(sha256) for path, sha256 in value.items()}
