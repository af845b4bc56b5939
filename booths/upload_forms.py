"""Upload forms that let only safe, readable media in (SPEC 5.3.4, 6.1.2).

Wagtail's image and document forms (single and multiple upload, the choosers' upload
tabs) are built on these bases (WAGTAILIMAGES_IMAGE_FORM_BASE,
WAGTAILDOCS_DOCUMENT_FORM_BASE). Each new file is read by the asset pipeline before it is
stored: its type by content, never by name; its size, pixels, streams and duration within
the recipe's limits; a video probed, a model validated. A refused file never reaches
storage, and the exhibitor reads why in the admin's language (booths.upload_messages).
The derivatives themselves are made after commit, in the background (booths.derived_media).
"""

import shutil
import tempfile
import unicodedata
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

import assets_pipeline
from assets_pipeline.sniff import sniff
from booths import derived_media
from booths.upload_messages import refusal_error, refusal_text

# Bidirectional controls make "evil‮gpj.exe" read as "evilexe.jpg" (the Trojan Source
# trick); they have no place in a file name.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")

# What a download may contain, by extension (documents that are not media).
_DOWNLOAD_TYPES = {
    "pdf": {"application/pdf"},
    "docx": {"application/zip"},
    "xlsx": {"application/zip"},
    "pptx": {"application/zip"},
    "zip": {"application/zip"},
}
# Content that must never be served from the media origin: it would run as a page there.
_ACTIVE_TYPES = {
    "text/html": "HTML",
    "image/svg+xml": "SVG",
    "application/xml": "XML",
    "application/vnd.apple.mpegurl": "a playlist",
    "text/x-ffconcat": "a playlist",
}


def check_file_name(name):
    """Refuse names with control or bidirectional characters (NUL included)."""
    problems = []
    if any(unicodedata.category(c) == "Cc" for c in name):
        problems.append("control characters")
    if _BIDI_CONTROLS & set(name):
        problems.append("right-to-left overrides")
    if problems:
        raise ValidationError(
            refusal_text("bad_file_name", {"what": ", ".join(problems)}), code="bad_file_name"
        )


@contextmanager
def uploaded_path(upload):
    """A path to an uploaded file: Django's temporary file, or a copy of a small one held
    in memory."""
    if hasattr(upload, "temporary_file_path"):
        yield Path(upload.temporary_file_path())
        return
    with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix) as copy:
        upload.seek(0)
        shutil.copyfileobj(upload, copy)
        copy.flush()
        upload.seek(0)
        yield Path(copy.name)


def _damage_is_a_refusal(to_python):
    """Wagtail's image field reads the size of a truncated JPEG and lets Pillow's OSError
    through (a server error); here it is the pipeline's "damaged" refusal."""

    def checked(data):
        try:
            return to_python(data)
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ValidationError(refusal_text("damaged"), code="damaged") from None

    return checked


def _head(path):
    with open(path, "rb") as handle:
        return handle.read(512)


class PipelineCheckedForm:
    """clean_file(): Wagtail's own checks, then the file name and the pipeline's."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or "file" not in self.changed_data or not hasattr(upload, "name"):
            return upload
        check_file_name(upload.name)
        with uploaded_path(upload) as path:
            try:
                self.check_content(path, upload.name)
            except assets_pipeline.Rejected as refusal:
                raise refusal_error(refusal) from None
        return upload


class BoothImageForm(PipelineCheckedForm, BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            field = self.fields["file"]
            field.to_python = _damage_is_a_refusal(field.to_python)

    def check_content(self, path, name):
        assets_pipeline.inspect(path, kind="image", recipe=derived_media.recipe_for("image"))


class BoothDocumentForm(PipelineCheckedForm, BaseDocumentForm):
    def check_content(self, path, name):
        extension = Path(name).suffix.lower().lstrip(".")
        found = sniff(_head(path))
        if found in _ACTIVE_TYPES:
            raise ValidationError(
                refusal_text("not_a_document", {"found": _ACTIVE_TYPES[found]}),
                code="not_a_document",
            )
        if extension in derived_media.VIDEO_EXTENSIONS:
            kind = "video"
        elif extension in derived_media.MODEL_EXTENSIONS or (
            extension == "zip" and derived_media.zip_holds_model(path)
        ):
            kind = "model"
        else:
            expected = _DOWNLOAD_TYPES.get(extension)
            if expected is not None and found not in expected:
                raise ValidationError(
                    refusal_text(
                        "content_mismatch",
                        {"extension": extension, "found": found or "unknown"},
                    ),
                    code="content_mismatch",
                )
            return
        assets_pipeline.inspect(path, kind=kind, recipe=derived_media.recipe_for(kind))
