"""Validators shared by models, blocks and the importer; messages speak to the exhibitor."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GLB_MAGIC = b"glTF"


def host_allowed(host, allowed_hosts):
    """True if host is one of allowed_hosts or a subdomain of one."""
    host = (host or "").lower().rstrip(".")
    return any(host == allowed or host.endswith("." + allowed) for allowed in allowed_hosts)


def validate_https_url_on_hosts(url, allowed_hosts):
    """Reject a link that is not https or points outside the organizer's allow-list."""
    parts = urlsplit(url or "")
    if parts.scheme != "https":
        raise ValidationError(_("Only secure links (https://) are allowed."), code="not_https")
    if not host_allowed(parts.hostname, allowed_hosts):
        raise ValidationError(
            _("Links to %(host)s are not allowed. Allowed sites: %(allowed)s."),
            code="host_not_allowed",
            params={"host": parts.hostname or "?", "allowed": ", ".join(allowed_hosts)},
        )


def validate_document_extension(document, extensions, kind):
    """Check a chosen Wagtail document's file extension, naming what was expected."""
    if document is None:
        return
    extension = document.file_extension.lower()
    if extension not in extensions:
        raise ValidationError(
            _("%(name)s is a .%(ext)s file; a %(kind)s must be one of: %(allowed)s."),
            code="wrong_extension",
            params={
                "name": document.title,
                "ext": extension or "?",
                "kind": kind,
                "allowed": ", ".join("." + e for e in extensions),
            },
        )


MODEL_EXTENSIONS = ["glb", "zip", "obj", "stl", "ply"]


def validate_model_document(document):
    """A 3D model: a GLB (checked by its magic bytes), or a zipped glTF, OBJ, STL or PLY
    that the asset pipeline converts to GLB; one the pipeline refused is refused here with
    its reason (booths.derived_media)."""
    if document is None:
        return
    validate_document_extension(document, MODEL_EXTENSIONS, _("3D model"))
    if document.file_extension.lower() == "glb":
        with document.open_file() as handle:
            magic = handle.read(4)
        if magic != GLB_MAGIC:
            raise ValidationError(
                _(
                    "%(name)s is not a binary glTF (.glb) file. Export your model as GLB and upload it again."
                ),
                code="not_glb",
                params={"name": document.title},
            )
    from booths.models import DerivedMedia
    from booths.upload_messages import refusal_text

    derived = DerivedMedia.objects.filter(document=document.pk).first()
    if derived is not None and derived.status == DerivedMedia.Status.REFUSED:
        raise ValidationError(
            refusal_text(derived.error_code, derived.error_params, derived.error_message),
            code=derived.error_code,
        )


def validate_equirectangular(image):
    """A VR panorama must be equirectangular: twice as wide as it is high (±2%)."""
    if image is None or not image.height:
        return
    ratio = image.width / image.height
    if abs(ratio - 2.0) > 0.04:
        raise ValidationError(
            _(
                "A panorama must be an equirectangular image, twice as wide as high "
                "(e.g. 4096×2048). This one is %(width)s×%(height)s."
            ),
            code="not_equirectangular",
            params={"width": image.width, "height": image.height},
        )
