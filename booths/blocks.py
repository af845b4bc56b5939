"""StreamField blocks for booth pages (SPEC 5.5, 6.2.2.1, 6.2.2.3).

Each block validates what it can at save time so that an exhibitor learns what is wrong
with an upload or link while editing, not when the site is built.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from booths import validators

VIDEO_EXTENSIONS = ["mp4", "webm", "mov"]


def _if_given(validate):
    """A validator that lets an empty optional field through."""
    return lambda value: validate(value) if value else None


class ValidatedStructBlock(blocks.StructBlock):
    """A StructBlock that runs per-field validators on save and reports each failing field
    under that field, so the exhibitor sees every problem of the block at once."""

    def field_validators(self):
        """{child block name: callable raising ValidationError}."""
        return {}

    def cross_field_errors(self, value):
        """{child block name: ValidationError} for rules that involve several fields."""
        return {}

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        for name, validate in self.field_validators().items():
            try:
                validate(value.get(name))
            except ValidationError as error:
                errors[name] = error
        errors.update(self.cross_field_errors(value))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class ImageWithCaptionBlock(blocks.StructBlock):
    """One picture of a gallery."""

    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("image")


class GalleryBlock(blocks.StructBlock):
    """A set of pictures shown as a swipeable gallery."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    images = blocks.ListBlock(ImageWithCaptionBlock(), min_num=1, max_num=40, label=_("images"))

    class Meta:
        icon = "image"
        label = _("image gallery")
        template = "components/blocks/gallery_block.html"
        description = _("Photos of the stand, products or factory.")


class VideoBlock(ValidatedStructBlock):
    """An uploaded video; the asset pipeline derives MP4/HLS renditions and a poster."""

    video = DocumentChooserBlock(label=_("video file"))
    poster = ImageChooserBlock(label=_("poster image"), required=False)
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("video")
        template = "components/blocks/video_block.html"
        description = _("A product or company video (MP4, WebM or MOV).")

    def field_validators(self):
        return {
            "video": lambda document: validators.validate_document_extension(
                document, VIDEO_EXTENSIONS, _("video")
            )
        }


class ModelValue(blocks.StructValue):
    def ar_modes(self):
        return "webxr scene-viewer quick-look" if self.get("ar") else ""


class Model3DBlock(ValidatedStructBlock):
    """A 3D model shown in an interactive viewer, optionally in AR on phones: a GLB, or a
    zipped glTF, OBJ, STL or PLY the asset pipeline converts to an optimized GLB."""

    model = DocumentChooserBlock(label=_("3D model"))
    poster = ImageChooserBlock(label=_("poster image"), required=False)
    alt = blocks.CharBlock(
        label=_("description for screen readers"),
        max_length=255,
        help_text=_("What the model shows, e.g. 'Oak dining chair, front view'."),
    )
    ar = blocks.BooleanBlock(
        label=_("offer 'view in your room' (AR)"), required=False, default=True
    )

    class Meta:
        icon = "cube"
        label = _("3D model")
        template = "components/blocks/model3d_block.html"
        value_class = ModelValue
        description = _("An interactive 3D model buyers can turn and view in AR.")

    def field_validators(self):
        return {"model": validators.validate_model_document}


class PanoramaBlock(ValidatedStructBlock):
    """A 360° VR panorama from an equirectangular photo."""

    image = ImageChooserBlock(label=_("panorama (equirectangular)"))
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    initial_heading = blocks.IntegerBlock(
        label=_("initial heading (degrees)"), required=False, min_value=0, max_value=359, default=0
    )

    class Meta:
        icon = "globe"
        label = _("VR panorama")
        template = "components/blocks/panorama_block.html"
        description = _("A 360° photo of the stand or showroom.")

    def field_validators(self):
        return {"image": validators.validate_equirectangular}


class ExternalViewerValue(blocks.StructValue):
    def host(self):
        from urllib.parse import urlsplit

        return urlsplit(self.get("url") or "").hostname


class ExternalViewerBlock(ValidatedStructBlock):
    """A link to a 3D/VR/AR experience hosted elsewhere, on an organizer-approved host."""

    KIND_CHOICES = [("3d", _("3D model")), ("vr", _("VR tour")), ("ar", _("AR experience"))]

    kind = blocks.ChoiceBlock(choices=KIND_CHOICES, label=_("kind"), default="vr")
    url = blocks.URLBlock(label=_("link (https)"))
    label = blocks.CharBlock(label=_("link text"), max_length=120)
    embed = blocks.BooleanBlock(label=_("show inside the booth page"), required=False)

    class Meta:
        icon = "link-external"
        label = _("3D / VR / AR link")
        template = "components/blocks/external_viewer_block.html"
        description = _("A 3D model, VR tour or AR experience on an approved site (https).")
        value_class = ExternalViewerValue

    def field_validators(self):
        return {
            "url": lambda url: validators.validate_https_url_on_hosts(
                url, settings.EXTERNAL_VIEWER_HOSTS
            )
        }


class LiveStreamValue(blocks.StructValue):
    def status(self, now=None):
        """ "upcoming", "live" or "ended" (SPEC 6.2.2.1: live with replay)."""
        now = now or timezone.now()
        if now < self["starts_at"]:
            return "upcoming"
        if self.get("ends_at") and now > self["ends_at"]:
            return "ended"
        return "live"


class LiveStreamBlock(ValidatedStructBlock):
    """A scheduled live stream with an optional replay for after it ends."""

    title = blocks.CharBlock(label=_("title"), max_length=200)
    starts_at = blocks.DateTimeBlock(label=_("starts"))
    ends_at = blocks.DateTimeBlock(label=_("ends"))
    stream_url = blocks.URLBlock(label=_("stream URL (https, HLS .m3u8 or platform page)"))
    replay = DocumentChooserBlock(label=_("replay video"), required=False)
    replay_url = blocks.URLBlock(label=_("replay link"), required=False)

    class Meta:
        icon = "media"
        label = _("live stream")
        template = "components/blocks/live_stream_block.html"
        description = _("A scheduled live stream, with its replay once it has ended.")
        value_class = LiveStreamValue

    def field_validators(self):
        on_stream_hosts = _if_given(
            lambda url: validators.validate_https_url_on_hosts(url, settings.LIVE_STREAM_HOSTS)
        )
        return {
            "stream_url": on_stream_hosts,
            "replay_url": on_stream_hosts,
            "replay": lambda document: validators.validate_document_extension(
                document, VIDEO_EXTENSIONS, _("video")
            ),
        }

    def cross_field_errors(self, value):
        starts_at, ends_at = value.get("starts_at"), value.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            return {"ends_at": ValidationError(_("The stream must end after it starts."))}
        return {}


class BrochureBlock(ValidatedStructBlock):
    """A downloadable catalogue or brochure (PDF)."""

    document = DocumentChooserBlock(label=_("brochure (PDF)"))
    title = blocks.CharBlock(label=_("title"), max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("brochure")
        template = "components/blocks/brochure_block.html"
        description = _("A catalogue or brochure buyers can download (PDF).")

    def field_validators(self):
        return {
            "document": lambda document: validators.validate_document_extension(
                document, ["pdf"], _("brochure")
            )
        }


class BaseStreamBlock(blocks.StreamBlock):
    """Everything a booth page body may hold."""

    rich_text = blocks.RichTextBlock(
        label=_("text"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        template="components/blocks/rich_text_block.html",
    )
    gallery = GalleryBlock()
    video = VideoBlock()
    model_3d = Model3DBlock()
    panorama = PanoramaBlock()
    external_viewer = ExternalViewerBlock()
    live_stream = LiveStreamBlock()
    brochure = BrochureBlock()
