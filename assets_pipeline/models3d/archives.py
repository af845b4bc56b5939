"""Zips: checked whole before anything is unpacked, and the one model inside found."""

import re
import zipfile
from pathlib import Path, PurePosixPath

from assets_pipeline.errors import Rejected
from assets_pipeline.models3d.recipe import GLTF_SUFFIXES, MESH_SUFFIXES


def unpack_zip(path, folder, recipe):
    """Extract a zip into `folder` after checking it whole; every refusal is unsafe_archive."""
    unsafe = "The zip file cannot be accepted: %(reason)s."
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise Rejected(
            "damaged", "The 3D model file is damaged or incomplete (%(reason)s).", reason=error
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > recipe.max_zip_entries:
            raise Rejected(
                "unsafe_archive",
                unsafe,
                reason=f"it has {len(entries)} entries, the limit is {recipe.max_zip_entries}",
            )
        unpacked = sum(entry.file_size for entry in entries)
        packed = sum(entry.compress_size for entry in entries)
        if unpacked > recipe.max_unzipped_bytes:
            raise Rejected(
                "unsafe_archive",
                unsafe,
                reason=f"it unpacks to {unpacked // 1_048_576} MB, the limit is "
                f"{recipe.max_unzipped_bytes // 1_048_576} MB",
            )
        for entry in entries:
            name = entry.filename
            parts = PurePosixPath(name).parts
            if (
                name.startswith(("/", "\\"))
                or "\\" in name
                or "\x00" in name
                or re.match(r"^[a-zA-Z]:", name)
                or ".." in parts
            ):
                raise Rejected(
                    "unsafe_archive", unsafe, reason=f"the path {name[:80]!r} leaves the folder"
                )
            if (entry.external_attr >> 16) & 0o170000 == 0o120000:
                raise Rejected("unsafe_archive", unsafe, reason=f"{name[:80]!r} is a symbolic link")
            if entry.flag_bits & 0x1:
                raise Rejected("unsafe_archive", unsafe, reason=f"{name[:80]!r} is encrypted")
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > 1_048_576 and ratio > recipe.max_zip_ratio:
                raise Rejected(
                    "unsafe_archive",
                    unsafe,
                    reason=f"{name[:80]!r} is compressed {ratio:.0f}:1 (a zip bomb)",
                )
        if unpacked > 1_048_576 and unpacked > recipe.max_zip_ratio * max(packed, 1):
            raise Rejected(
                "unsafe_archive", unsafe, reason="it is compressed too much (a zip bomb)"
            )
        written = 0
        root = Path(folder).resolve()
        for entry in entries:
            if entry.is_dir():
                continue
            target = (root / entry.filename).resolve()
            if not target.is_relative_to(root):
                raise Rejected("unsafe_archive", unsafe, reason="a path leaves the folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(entry) as source, open(target, "wb") as sink:
                    while block := source.read(1 << 20):
                        written += len(block)
                        if written > recipe.max_unzipped_bytes:
                            raise Rejected(
                                "unsafe_archive", unsafe, reason="it unpacks to more than it says"
                            )
                        sink.write(block)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
                raise Rejected(
                    "damaged",
                    "The 3D model file is damaged or incomplete (%(reason)s).",
                    reason=error,
                ) from None


def find_model(folder):
    """The one model file in an unpacked zip."""
    found = [
        path
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
        and path.suffix.lower() in GLTF_SUFFIXES | set(MESH_SUFFIXES)
        and not any(part.startswith((".", "__MACOSX")) for part in path.relative_to(folder).parts)
    ]
    if not found:
        raise Rejected(
            "not_a_model",
            "The zip file holds no 3D model (glTF with its files, GLB, OBJ, STL or PLY).",
        )
    gltf = [path for path in found if path.suffix.lower() in GLTF_SUFFIXES]
    if len(gltf) > 1 or (not gltf and len(found) > 1):
        raise Rejected("not_a_model", "The zip file holds several 3D models: upload one at a time.")
    return (gltf or found)[0]
