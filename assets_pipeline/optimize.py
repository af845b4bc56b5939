"""`optimize()`: one input file to a folder of derivatives and a manifest, once.

The cache is content-addressed: its key is the source's SHA-256 and the recipe's
fingerprint, so the same input with the same recipe is never processed twice, whatever
its name. Work happens in a temporary folder next to its destination and is moved into
place whole; a refused or failed input leaves nothing behind.
"""

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from assets_pipeline import images, models3d, video
from assets_pipeline.errors import Rejected
from assets_pipeline.manifest import Manifest
from assets_pipeline.sniff import IMAGE_TYPES, sniff_file

KINDS = ("image", "video", "model")
RECIPES = {"image": images.ImageRecipe, "video": video.VideoRecipe, "model": models3d.ModelRecipe}
MODULES = {"image": images, "video": video, "model": models3d}


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def kind_of(source_type):
    if source_type in IMAGE_TYPES or source_type == "image/svg+xml":
        return "image"
    if source_type and source_type.startswith("video/"):
        return "video"
    if source_type and source_type.startswith("model/"):
        return "model"
    if source_type == "application/zip":  # a glTF with its files; models3d looks inside
        return "model"
    return None


def optimize(path, out_dir, kind=None, recipe=None, cache_dir=None):
    """Derivatives of `path` in `out_dir` and their Manifest (written as manifest.json).

    kind: "image", "video" or "model" to insist on one (a photo uploaded as a model is
    refused); by default the content decides. cache_dir: where processed results are kept
    by content (default: none, always processed)."""
    manifest, _folder = _optimize(path, Path(out_dir), kind, recipe, cache_dir)
    return manifest


def derive(path, cache_dir, kind=None, recipe=None):
    """(Manifest, folder) of `path` processed into the content-addressed `cache_dir`.

    The folder is the cache entry itself (`<cache_dir>/<ab>/<sha256>-<recipe>/`), shared
    by every upload of the same bytes: a store that serves derivatives from the cache
    needs no copy (the Wagtail integration keeps MEDIA_ROOT/derived/ this way)."""
    return _optimize(path, None, kind, recipe, Path(cache_dir))


def inspect(path, kind=None, recipe=None):
    """(kind, source type) of `path` if the pipeline will accept it, else Rejected.

    The quick half of `optimize`, for upload forms: the type by content, the size, and a
    read of the file by the kind's own reader (an image decoded, a video probed, a model
    validated) without making any derivative."""
    path = Path(path)
    kind, source_type, recipe = _accepted(path, kind, recipe)
    if kind == "image":
        images.load(path, source_type, recipe)
    elif kind == "video":
        video.probe(path, source_type, recipe)
    elif hasattr(MODULES.get(kind), "inspect"):
        MODULES[kind].inspect(path, source_type, recipe)
    return kind, source_type


def _accepted(path, kind, recipe):
    """(kind, source type, recipe) after the checks every kind shares."""
    if not path.is_file():
        raise Rejected("missing", "There is no file at %(path)s.", path=str(path))
    source_type = sniff_file(path)
    found = kind_of(source_type)
    if kind and found and kind != found and source_type != "image/svg+xml":
        raise Rejected(
            "wrong_kind",
            "This file is %(found)s, not %(expected)s.",
            found=found,
            expected=kind,
        )
    kind = kind or found or "image"
    if kind not in RECIPES:
        raise Rejected(
            "unsupported_kind", "%(kind)s files cannot be processed here yet.", kind=kind
        )
    recipe = recipe or RECIPES[kind]()
    size = path.stat().st_size
    if size == 0:
        raise Rejected("empty", "The file is empty.")
    if size > recipe.max_bytes:
        raise Rejected(
            "too_large",
            "The file is %(size)s MB; the limit is %(limit)s MB.",
            size=round(size / 1_048_576, 1),
            limit=recipe.max_bytes // 1_048_576,
        )
    return kind, source_type, recipe


def _optimize(path, out_dir, kind, recipe, cache_dir):
    path = Path(path)
    kind, source_type, recipe = _accepted(path, kind, recipe)
    source_sha = file_sha256(path)
    key = f"{source_sha}-{recipe.fingerprint()}"
    cached = Path(cache_dir) / key[:2] / key if cache_dir else None
    if cached is not None and (cached / "manifest.json").is_file():
        return _deliver(cached, out_dir), cached

    destination = cached or out_dir
    destination.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".assets-", dir=destination.parent))
    try:
        stem = source_sha[:16]
        placeholder, seconds, report = {}, None, {}
        width = height = None
        if kind == "image":
            derivatives, width, height, placeholder, warnings = images.process(
                path, source_type, work, stem, recipe
            )
        elif kind == "model":
            derivatives, report, warnings = models3d.process(path, source_type, work, stem, recipe)
        else:
            derivatives, width, height, seconds, warnings = video.process(
                path, source_type, work, stem, recipe
            )
        manifest = Manifest(
            kind=kind,
            source_sha256=source_sha,
            source_type=source_type,
            recipe=recipe.fingerprint(),
            derivatives=derivatives,
            width=width,
            height=height,
            duration=round(seconds, 3) if seconds else None,
            placeholder=placeholder,
            warnings=warnings,
            report=report,
        )
        (work / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
        _move_into_place(work, destination)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if cached is not None:
        return _deliver(cached, out_dir), cached
    return manifest, destination


def _move_into_place(work, destination):
    """Replace `destination` by the finished `work` folder (renames only)."""
    if destination.exists():
        old = destination.with_name(f".old-{destination.name}-{os.getpid()}")
        os.replace(destination, old)
        os.replace(work, destination)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(work, destination)


def _deliver(folder, out_dir):
    """Copy a finished result into `out_dir` (hard links where the file system allows)."""
    manifest = Manifest.from_dict(json.loads((folder / "manifest.json").read_text("utf-8")))
    if out_dir is None or Path(out_dir).resolve() == folder.resolve():
        return manifest
    shutil.copytree(folder, out_dir, copy_function=_link_or_copy, dirs_exist_ok=True)
    return manifest


def _link_or_copy(source, target):
    Path(target).unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
