"""Exhibits: products, technologies and services with model numbers and typed specifications.

Exhibits are pages under their booth because buyers link to, search and read them one by
one in every language, and because page permissions then isolate exhibitors for free.
Specifications are inline rows whose numeric values are stored as numbers so that search
can filter ranges (SPEC 4.7.2: filter by category, model and specification).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from booths import validators
from booths.media_scope import MediaScopedPageForm
from booths.models.public import PublicPageMixin


class ExhibitPage(PublicPageMixin, Page):
    """The title is the exhibit's name."""

    external_id = models.CharField(
        _("external id"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("The id in the organizer's own system; imports match on it."),
    )
    model_number = models.CharField(_("model number"), max_length=80, blank=True, db_index=True)
    category = models.ForeignKey(
        "booths.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "ul", "ol", "link"]
    )
    model_3d = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("3D model"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moq = models.PositiveIntegerField(_("minimum order quantity"), null=True, blank=True)
    moq_unit = models.CharField(
        _("MOQ unit"), max_length=30, blank=True, help_text=_("e.g. pieces, sets, m²")
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("model_number"), FieldPanel("category")]),
        FieldPanel("description"),
        InlinePanel("images", heading=_("Images"), label=_("image"), max_num=20),
        InlinePanel("specs", heading=_("Specifications"), label=_("specification")),
        FieldPanel("model_3d"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("moq"), FieldPanel("moq_unit")])], heading=_("Ordering")
        ),
        FieldPanel("external_id", permission="booths.add_exhibitorprofile"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("model_number", boost=3),
        index.AutocompleteField("model_number"),
        index.SearchField("description"),
        index.FilterField("category_id"),
        index.RelatedFields("specs", [index.SearchField("name"), index.SearchField("value_text")]),
    ]
    override_translatable_fields = [
        SynchronizedField("model_number"),
        SynchronizedField("external_id"),
        TranslatableField("category"),
        SynchronizedField("model_3d"),
        SynchronizedField("moq"),
    ]
    parent_page_types = ["booths.BoothPage"]
    subpage_types = []
    template = "pages/exhibit_page.html"
    base_form_class = MediaScopedPageForm  # an exhibitor may attach only its own media

    class Meta:
        verbose_name = _("exhibit")
        verbose_name_plural = _("exhibits")

    @property
    def booth(self):
        return self.get_parent().specific

    def clean(self):
        super().clean()
        if self.model_3d_id:
            try:
                validators.validate_model_document(self.model_3d)
            except ValidationError as error:
                raise ValidationError({"model_3d": error}) from error


class ExhibitImage(Orderable):
    page = ParentalKey(ExhibitPage, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(
        "booths.BoothImage", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class ExhibitSpec(TranslatableMixin, Orderable):
    """One specification: name, value as written, and the value as a number with its unit.

    "功率 = 5–20 kW" is stored as value_number=5, value_max=20, unit="kW"; "材质 = 橡木"
    has no number. Names and text values are translated; numbers and units are not.
    """

    page = ParentalKey(ExhibitPage, on_delete=models.CASCADE, related_name="specs")
    name = models.CharField(_("name"), max_length=80)
    value_text = models.CharField(_("value"), max_length=255)
    value_number = models.FloatField(_("numeric value"), null=True, blank=True)
    value_max = models.FloatField(_("upper value of a range"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("value_text")]),
        FieldRowPanel([FieldPanel("value_number"), FieldPanel("value_max"), FieldPanel("unit")]),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("value_text"),
        SynchronizedField("value_number"),
        SynchronizedField("value_max"),
        SynchronizedField("unit"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("specification")

    def __str__(self):
        return f"{self.name}: {self.display_value}"

    @property
    def display_value(self):
        """The value as buyers read it: as written, with the unit added only if missing
        ("5.5 kW" stays "5.5 kW"; a bare "5.5" with unit kW becomes "5.5 kW")."""
        if self.unit and self.unit not in self.value_text:
            return f"{self.value_text} {self.unit}".strip()
        return self.value_text

    def clean(self):
        super().clean()
        if self.value_max is not None and self.value_number is None:
            raise ValidationError({"value_number": _("A range needs a lower value.")})
        if self.value_max is not None and self.value_max < self.value_number:
            raise ValidationError(
                {"value_max": _("The upper value must not be below the lower one.")}
            )
