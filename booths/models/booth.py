"""Booth pages: one per exhibitor per edition, the page buyers land on (SPEC 5.5, 6.2.2.1)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from booths.blocks import BaseStreamBlock
from booths.forms import BoothPageForm
from booths.models.public import PublicPageMixin
from booths.models.taxonomy import source_language_categories


class BoothTag(TaggedItemBase):
    content_object = ParentalKey(
        "booths.BoothPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BoothPage(PublicPageMixin, Page):
    """The title is the exhibitor's name as buyers read it in this page's language."""

    exhibitor = models.ForeignKey(
        "booths.ExhibitorProfile",
        verbose_name=_("exhibitor"),
        on_delete=models.PROTECT,
        related_name="booths",
    )
    booth_number = models.CharField(_("booth number"), max_length=20, blank=True)
    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "ul", "ol", "link"],
        help_text=_("A few short paragraphs: who you are, what you make, who you sell to."),
    )
    categories = ParentalManyToManyField(
        "booths.Category",
        verbose_name=_("categories"),
        blank=True,
        limit_choices_to=source_language_categories,
    )
    tags = ClusterTaggableManager(through=BoothTag, verbose_name=_("tags"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("booth content"), blank=True)

    content_panels = Page.content_panels + [
        # Organizers assign the exhibitor and booth number; Wagtail leaves a field out of the
        # form only when the permission is on the FieldPanel itself.
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("exhibitor", permission="booths.add_exhibitorprofile"),
                        FieldPanel("booth_number", permission="booths.add_exhibitorprofile"),
                    ]
                )
            ],
            heading=_("Exhibitor"),
            permission="booths.add_exhibitorprofile",
        ),
        FieldPanel("introduction"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.FilterField("exhibitor_id"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["booths.ExhibitionPage"]
    subpage_types = ["booths.ExhibitPage"]
    template = "pages/booth_page.html"
    base_form_class = BoothPageForm  # own media only; categories listed hall by hall

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")

    @property
    def edition(self):
        return self.get_parent().specific

    @classmethod
    def source_categories_for(cls, booths):
        """{translation_key: [Category, …]} as set on each booth's source-language page.

        Categories are a language-neutral fact chosen once on the source booth;
        wagtail-localize does not carry ParentalManyToMany changes to translations, so every
        language reads them from the source (and shows each one's translation).
        """
        keys = {booth.translation_key for booth in booths}
        from booths.models import Category

        sources = cls.objects.filter(
            translation_key__in=keys, locale__language_code=settings.SOURCE_LOCALE
        ).prefetch_related(
            # Parents come along, so that .hall needs no query per booth.
            models.Prefetch(
                "categories", queryset=Category.objects.select_related("parent__parent")
            )
        )
        return {source.translation_key: list(source.categories.all()) for source in sources}

    def localized_categories(self):
        """This booth's categories in the active language (falling back to the source name)."""
        categories = self.source_categories_for([self]).get(self.translation_key, [])
        return [category.localized for category in categories]

    def exhibits(self):
        from booths.models import ExhibitPage

        return ExhibitPage.objects.child_of(self).live().order_by("path")

    def clean(self):
        super().clean()
        if not self.exhibitor_id:
            return
        parent = self.get_parent() if self.pk else getattr(self, "_expected_parent", None)
        if parent is None:
            return
        clash = (
            BoothPage.objects.child_of(parent)
            .filter(exhibitor_id=self.exhibitor_id, locale_id=self.locale_id)
            .exclude(pk=self.pk)
        )
        if clash.exists():
            raise ValidationError(
                {"exhibitor": _("This exhibitor already has a booth in this edition.")}
            )
