"""The project's image model, swapped in from the first migration (WAGTAILIMAGES_IMAGE_MODEL).

A custom model from day one means later fields (focal-point defaults, licence, AI alt text,
per-exhibitor ownership) never need a data migration off wagtailimages.Image.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class BoothImage(AbstractImage):
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    copyright = models.CharField(
        _("copyright / credit"),
        max_length=255,
        blank=True,
        help_text=_("Who holds the rights to this picture (SPEC 6.1.2: protect IP)."),
    )

    admin_form_fields = Image.admin_form_fields + ("caption", "copyright")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class BoothRendition(AbstractRendition):
    image = models.ForeignKey(BoothImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
