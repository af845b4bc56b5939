"""Writing the release folder: whole files only, and only when their bytes change.

Each file is written to a temporary name and renamed over the old one, so a reader (the
development server, a publish running beside the build) never sees half a page; files
whose bytes did not change keep their modification time.
"""

import hashlib
import os
import shutil
from pathlib import Path


def sha256(data):
    return hashlib.sha256(data).hexdigest()


class ReleaseFolder:
    def __init__(self, root):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def file_for(self, relative):
        parts = Path(relative).parts
        if not parts or ".." in parts or Path(relative).is_absolute():
            raise ValueError(f"{relative!r} is outside the release folder")
        return self.root / relative

    def write(self, relative, data, known_sha256=None, sha256=None):
        """Write `data` to `relative` unless it is already there; True when written.

        known_sha256: the hash of the file as last written (the build manifest); when
        the new bytes hash the same and the size matches, the file is not read back."""
        target = self.file_for(relative)
        try:
            if target.stat().st_size == len(data) and (
                (known_sha256 and known_sha256 == sha256) or target.read_bytes() == data
            ):
                return False
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        return True

    def copy_in(self, source, relative):
        """Copy a file in (media, theme assets) unless an identical one is there."""
        target = self.file_for(relative)
        source_stat = source.stat()
        try:
            target_stat = target.stat()
            if target_stat.st_size == source_stat.st_size and (
                target_stat.st_mtime_ns == source_stat.st_mtime_ns
                or target.read_bytes() == source.read_bytes()
            ):
                return False
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        shutil.copy2(source, temporary)
        os.replace(temporary, target)
        return True

    def remove(self, relative):
        target = self.file_for(relative)
        try:
            target.unlink()
        except FileNotFoundError:
            return False
        parent = target.parent
        while parent != self.root and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
        return True

    def files_under(self, relative):
        base = self.root / relative
        if not base.exists():
            return set()
        return {str(path.relative_to(self.root)) for path in base.rglob("*") if path.is_file()}
