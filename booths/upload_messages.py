"""Why an upload was refused, in the admin user's language.

The asset pipeline refuses input with a stable code and an English sentence
(`assets_pipeline.Rejected`); this module gives each code a translatable sentence, so
that the exhibitor who uploaded the file reads the reason in the language of the admin
(SPEC 6.1.2: clear errors). A test checks that every code the pipeline can raise is here.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

REFUSALS = {
    # any kind
    "empty": _("The file is empty."),
    "missing": _("The uploaded file could not be found on the server; please upload it again."),
    "too_large": _("The file is %(size)s MB; the limit is %(limit)s MB."),
    "wrong_kind": _("This file is a %(found)s, not a %(expected)s."),
    "unsupported_kind": _("Files of this kind cannot be processed."),
    "tool_missing": _(
        "The server cannot process this kind of file right now (%(tool)s is missing). "
        "Please tell the organizer."
    ),
    "bad_file_name": _(
        "The file name contains characters that are not allowed (%(what)s). "
        "Rename the file and upload it again."
    ),
    "not_a_document": _(
        "This file's content is %(found)s, which cannot be offered for download. "
        "Upload a PDF, an Office document, a video or a 3D model."
    ),
    "content_mismatch": _(
        "The file is named .%(extension)s but its content is %(found)s. "
        "Save it in the right format and upload it again."
    ),
    # images
    "svg": _("SVG images are not accepted: upload a PNG, JPEG or WebP."),
    "not_an_image": _(
        "This file is not an image we can read (JPEG, PNG, WebP, AVIF, GIF or HEIC)."
    ),
    "too_many_pixels": _("The image has too many pixels; the limit is %(limit)s million pixels."),
    "damaged": _("The file is damaged or incomplete. Export it again and upload the new file."),
    # video
    "not_a_video": _("This file is not a video we can read (MP4, MOV or WebM)."),
    "probe_timeout": _("The video took too long to read. Export it again and upload it."),
    "no_video": _("The file has no picture."),
    "too_many_streams": _("The video has %(count)s streams; the limit is %(limit)s."),
    "too_large_picture": _(
        "The picture is %(width)s × %(height)s; the limit is %(max_width)s × %(max_height)s."
    ),
    "too_long": _("The video lasts %(minutes)s minutes; the limit is %(limit)s."),
    "encode_timeout": _("The video took too long to convert. Upload a shorter video."),
    "encode_failed": _("The video could not be converted. Export it as MP4 (H.264) and retry."),
    # 3D models
    "not_a_model": _(
        "This file is not a 3D model we can read (GLB, glTF, OBJ, STL or PLY, or a zip of a "
        "glTF with its files)."
    ),
    "unsafe_archive": _("The zip file cannot be accepted (%(reason)s)."),
    "external_reference": _(
        "The model refers to a file outside itself (%(uri)s): only embedded data or files "
        "inside the uploaded zip are accepted."
    ),
    "too_complex": _(
        "The 3D model is too large for buyers' phones (%(detail)s). Simplify it and upload "
        "it again."
    ),
    "texture_too_large": _(
        "Texture %(number)s is %(width)s × %(height)s pixels; the limit is %(limit)s pixels "
        "on a side."
    ),
    "invalid_model": _("The 3D model has %(count)s errors (glTF-Validator): %(messages)s"),
    "model_timeout": _("The 3D model took too long to process. Simplify it and upload it again."),
}

GENERIC = _("The file was refused: %(detail)s")

# The pipeline names kinds in English ("This file is image, not video"); shown translated.
KIND_NAMES = {"image": _("image"), "video": _("video"), "model": _("3D model")}


class _Lenient(dict):
    """Parameters for a translated sentence: a placeholder the pipeline did not fill in
    reads "?" instead of breaking the error message."""

    def __missing__(self, key):
        return "?"


def refusal_text(code, params=None, english=""):
    """The translated sentence for a refusal code (in the active language)."""
    template = REFUSALS.get(code)
    if template is None:
        return gettext(GENERIC) % {"detail": english or code}
    params = dict(params or {})
    for name in ("found", "expected"):
        if params.get(name) in KIND_NAMES:
            params[name] = gettext(KIND_NAMES[params[name]])
    # %(detail)s: the pipeline's own English sentence, for codes whose specifics vary.
    return gettext(template) % _Lenient(params, detail=english or code)


def refusal_error(rejected):
    """A form ValidationError for an `assets_pipeline.Rejected`."""
    return ValidationError(
        refusal_text(rejected.code, rejected.params, str(rejected)), code=rejected.code
    )
