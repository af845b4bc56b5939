"""Files sent with inquiries and messages (SPEC 5.6.1: "further text, photos, video"),
checked by the asset pipeline before anything is stored (SPEC 6.1.2).

Accepted: photos (decoded by the pipeline), videos (probed), PDF and Office documents
(judged by their bytes, not their names). Anything that could run as a page — HTML, SVG,
XML, playlists — is refused whatever it is called. Refusals are the pipeline's sentences,
in the sender's language (booths.upload_messages).
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

import assets_pipeline
from assets_pipeline.sniff import sniff
from booths import derived_media
from booths.upload_forms import check_file_name, uploaded_path
from booths.upload_messages import refusal_text
from cms.api_errors import ApiError

MAX_FILES = 5
DOCUMENT_TYPES = {
    "pdf": {"application/pdf"},
    "docx": {"application/zip"},
    "xlsx": {"application/zip"},
    "pptx": {"application/zip"},
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _refuse(name, detail):
    raise ApiError(
        422,
        "refused_file",
        _("%(name)s cannot be attached: %(reason)s") % {"name": name, "reason": detail},
        {"files": [detail]},
    )


def check(upload):
    """(safe name, bytes, {"kind", "content_type"}) of an accepted upload; ApiError else."""
    name = Path(upload.name or "file").name[:150] or "file"
    try:
        check_file_name(name)
    except ValidationError as error:
        _refuse(name, " ".join(error.messages))
    if upload.size > settings.API_MAX_UPLOAD_BYTES:
        _refuse(
            name,
            refusal_text(
                "too_large",
                {
                    "size": round(upload.size / 1_048_576, 1),
                    "limit": settings.API_MAX_UPLOAD_BYTES // 1_048_576,
                },
            ),
        )
    extension = Path(name).suffix.lower().lstrip(".")
    with uploaded_path(upload) as path:
        with open(path, "rb") as handle:
            head = handle.read(512)
        found = sniff(head)
        if extension in DOCUMENT_TYPES:
            if found not in DOCUMENT_TYPES[extension]:
                _refuse(
                    name,
                    refusal_text(
                        "content_mismatch", {"extension": extension, "found": found or "unknown"}
                    ),
                )
            info = {"kind": "document", "content_type": CONTENT_TYPES[extension]}
        else:
            kind = "video" if extension in derived_media.VIDEO_EXTENSIONS else "image"
            try:
                kind, source_type = assets_pipeline.inspect(
                    path, kind=kind, recipe=derived_media.recipe_for(kind)
                )
            except assets_pipeline.Rejected as refusal:
                _refuse(name, refusal_text(refusal.code, refusal.params, str(refusal)))
            info = {"kind": kind, "content_type": source_type}
        data = Path(path).read_bytes()
    return name, data, info


def check_all(uploads):
    uploads = list(uploads)
    if len(uploads) > MAX_FILES:
        message = _("Attach at most %(count)d files.") % {"count": MAX_FILES}
        raise ApiError(422, "too_many_files", message, {"files": [message]})
    return uploads
