"""The asset pipeline, run on the admin's uploads (SPEC 5.3.4, 5.5, 6.1.2).

`assets_pipeline` knows nothing of Wagtail; this module hands it the files of images and
documents and keeps what it made in `DerivedMedia` rows:

- `schedule(obj)` after an upload is saved: a background task after commit (a build
  never waits for ffmpeg, and a rolled-back upload is never processed);
- `derive(obj)` does the work: the pipeline's content-addressed cache lives in
  MEDIA_ROOT/derived/, so the same bytes uploaded twice are processed once, and a row only
  points at a finished cache folder;
- pages that show the media are journaled for the site builder once derivatives are
  ready, so the next incremental build swaps Wagtail renditions for the optimized files.

Which documents are media is decided by extension and then by content: videos and 3D
models are; PDFs and Office files are offered for download as they are.
"""

import logging
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction

import assets_pipeline
from assets_pipeline.images import ImageRecipe
from assets_pipeline.video import VideoRecipe

logger = logging.getLogger(__name__)

VIDEO_EXTENSIONS = {"mp4", "mov", "webm", "m4v"}
MODEL_EXTENSIONS = {"glb", "stl", "obj", "ply"}
CACHE_FOLDER = "derived"

_paused = False


def recipe_for(kind):
    """The recipe of a kind, its limits and ladders from settings (docs/assets.md)."""
    if kind == "image":
        return ImageRecipe(
            widths=tuple(settings.ASSETS_IMAGE_WIDTHS),
            ssim_target=settings.ASSETS_IMAGE_SSIM,
            max_pixels=settings.ASSETS_IMAGE_MAX_PIXELS,
            max_bytes=settings.ASSETS_IMAGE_MAX_BYTES,
        )
    if kind == "video":
        return VideoRecipe(
            max_bytes=settings.ASSETS_VIDEO_MAX_BYTES,
            max_seconds=settings.ASSETS_VIDEO_MAX_SECONDS,
        )
    from assets_pipeline.optimize import RECIPES

    return RECIPES[kind]() if kind in RECIPES else None


def media_kind(obj):
    """The pipeline kind of an upload: "image", "video", "model", or None (a download)."""
    from booths.models import BoothImage

    if isinstance(obj, BoothImage):
        return "image"
    extension = Path(obj.file.name).suffix.lower().lstrip(".")
    if extension in VIDEO_EXTENSIONS:
        return "video"
    if extension in MODEL_EXTENSIONS:
        return "model"
    if extension == "zip":
        with local_file(obj) as path:
            return "model" if zip_holds_model(path) else None
    return None


def zip_holds_model(path):
    """A zip is a 3D model when it holds a glTF or OBJ scene (else it is a download)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    return any(name.lower().endswith((".gltf", ".glb", ".obj")) for name in names)


def cache_root():
    return Path(settings.MEDIA_ROOT) / CACHE_FOLDER


def _source_field(obj):
    from booths.models import BoothImage

    return "image" if isinstance(obj, BoothImage) else "document"


@contextmanager
def local_file(obj, keep=False):
    """A path on this machine to the file of an image or document: the file itself, or a
    temporary copy when media storage is remote (kept after the block with keep=True;
    `discard_copy` removes it)."""
    storage = obj.file.storage
    try:
        yield Path(storage.path(obj.file.name))
        return
    except NotImplementedError:
        pass
    import tempfile

    handle, name = tempfile.mkstemp(suffix=Path(obj.file.name).suffix, prefix="expo-media-")
    try:
        with os.fdopen(handle, "wb") as copy, storage.open(obj.file.name, "rb") as source:
            shutil.copyfileobj(source, copy, 1 << 20)
        yield Path(name)
    finally:
        if not keep:
            Path(name).unlink(missing_ok=True)


def discard_copy(obj, path):
    """Remove a copy made by local_file(keep=True) (never the stored file itself)."""
    if Path(path).name.startswith("expo-media-") and Path(path).parent != Path(settings.MEDIA_ROOT):
        Path(path).unlink(missing_ok=True)


def derive(obj):
    """Process one image or document now; its DerivedMedia row (None if not media)."""
    kind = media_kind(obj)
    if kind is None:
        return None
    with local_file(obj) as path:
        outcome = run_pipeline(path, kind, cache_root(), recipe_for(kind))
    return record(obj, kind, outcome)


def run_pipeline(path, kind, cache_dir, recipe):
    """The pipeline on one file, as a picklable outcome: ("ready", manifest dict, folder),
    ("refused", code, English message, params) or ("failed", message). Pure (no database,
    no settings): `process_assets` runs it in freshly started worker processes."""
    try:
        manifest, folder = assets_pipeline.derive(path, cache_dir, kind=kind, recipe=recipe)
    except assets_pipeline.Rejected as refusal:
        params = {key: str(value) for key, value in refusal.params.items()}
        return ("refused", refusal.code, str(refusal), params)
    except Exception as error:  # a tool crashed: keep the upload, say so, retry later
        logger.exception("Processing %s as %s failed", path, kind)
        return ("failed", str(error)[:2000] or type(error).__name__)
    return ("ready", manifest.to_dict(), str(folder))


def record(obj, kind, outcome):
    """Store an outcome of run_pipeline() on the object's DerivedMedia row; pages showing
    the object are journaled when what they would show changed."""
    from booths.models import DerivedMedia

    field = _source_field(obj)
    row, _created = DerivedMedia.objects.get_or_create(**{field: obj}, defaults={"kind": kind})
    before = (row.status, row.folder)
    row.kind, row.source_name = kind, obj.file.name
    row.manifest, row.folder = {}, ""
    row.error_code, row.error_message, row.error_params = "", "", {}
    status, *details = outcome
    if status == "ready":
        manifest, folder = details
        row.status = DerivedMedia.Status.READY
        row.source_sha256, row.recipe = manifest["source_sha256"], manifest["recipe"]
        row.folder = Path(folder).relative_to(settings.MEDIA_ROOT).as_posix()
        row.manifest = manifest
    elif status == "refused":
        row.status = DerivedMedia.Status.REFUSED
        row.error_code, row.error_message, row.error_params = details
    else:
        row.status = DerivedMedia.Status.FAILED
        row.error_code, row.error_message = "failed", details[0]
    row.save()
    if (row.status, row.folder) != before:
        transaction.on_commit(lambda: pages_show_new_media(obj), robust=True)
    return row


def schedule(obj):
    """Derive `obj` in the background once the current transaction commits."""
    if _paused or not settings.ASSETS_AUTO_DERIVE:
        return
    kind = media_kind(obj)
    if kind is None:
        return
    from booths.models import DerivedMedia

    field = _source_field(obj)
    current = DerivedMedia.objects.filter(**{field: obj}).first()
    if current is not None and current.source_name == obj.file.name and current.is_settled:
        return  # a title or tag edit: the file is the one already processed
    DerivedMedia.objects.update_or_create(
        **{field: obj},
        defaults={"kind": kind, "status": DerivedMedia.Status.PENDING},
    )
    label = obj._meta.label_lower
    transaction.on_commit(lambda: _enqueue(label, obj.pk), robust=True)


def _enqueue(label, pk):
    from booths.tasks import derive_media

    derive_media.enqueue(label, pk)


@contextmanager
def paused():
    """No background processing for uploads saved inside (the demo seed and bulk imports
    create hundreds at once, then run `process_assets`)."""
    global _paused
    previous, _paused = _paused, True
    try:
        yield
    finally:
        _paused = previous


def pages_show_new_media(obj):
    """Journal the pages and exhibitor profiles that show `obj` so that the next
    incremental build redraws them with the derivatives (site_builder.changes)."""
    from wagtail.models import Page, ReferenceIndex

    from booths.models import ExhibitorProfile
    from site_builder import changes
    from site_builder.models import SiteChange
    from site_builder.signal_handlers import enqueue_build

    page_type = ReferenceIndex._get_base_content_type(Page)
    profile_type = ReferenceIndex._get_base_content_type(ExhibitorProfile)
    touched = False
    for base_type, object_id in ReferenceIndex.get_references_to(obj).values_list(
        "base_content_type", "object_id"
    ):
        if base_type == page_type.pk:
            changes.record(SiteChange.PAGE, int(object_id))
            touched = True
        elif base_type == profile_type.pk:
            changes.record(SiteChange.EXHIBITOR, int(object_id))
            touched = True
    if touched:
        enqueue_build()


def pending(kinds=None, everything=False):
    """Images and documents to process: without a finished row, or made with an older
    recipe (everything=True: all of them)."""
    from wagtail.documents import get_document_model

    from booths.models import BoothImage, DerivedMedia

    recipes = {kind: recipe_for(kind) for kind in ("image", "video", "model")}
    done = {
        (row.image_id, row.document_id)
        for row in DerivedMedia.objects.only("image_id", "document_id", "kind", "recipe", "status")
        if row.status in (DerivedMedia.Status.READY, DerivedMedia.Status.REFUSED)
        and (recipes.get(row.kind) is None or row.recipe in ("", recipes[row.kind].fingerprint()))
        and not (row.status == DerivedMedia.Status.READY and row.recipe == "")
    }
    found = []
    if kinds is None or "image" in kinds:
        for image in BoothImage.objects.order_by("pk"):
            if everything or (image.pk, None) not in done:
                found.append(image)
    document_kinds = {"video", "model"} & set(kinds or ("video", "model"))
    if document_kinds:
        for document in get_document_model().objects.order_by("pk"):
            if not everything and (None, document.pk) in done:
                continue
            extension = Path(document.file.name).suffix.lower().lstrip(".")
            wanted = ("video" in document_kinds and extension in VIDEO_EXTENSIONS) or (
                "model" in document_kinds and extension in MODEL_EXTENSIONS | {"zip"}
            )
            if wanted:
                found.append(document)
    return found
