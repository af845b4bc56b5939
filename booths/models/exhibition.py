"""The site root and exhibition editions (SPEC 5.1: name, industries, dates; Annex A item 7)."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

from booths.models.public import PublicPageMixin

TIME_ZONE_CHOICES = sorted((name, name) for name in zoneinfo.available_timezones())


class HomePage(PublicPageMixin, Page):
    """One per locale: the root of a language's site, listing its exhibitions."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["booths.ExhibitionPage"]
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")


class ExhibitionSeries(TranslatableMixin, models.Model):
    """A show that recurs (e.g. a yearly expo); editions in one series count as consecutive."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("exhibition series")
        verbose_name_plural = _("exhibition series")
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_series_slug"),
        ]

    def __str__(self):
        return self.name


class ExhibitionPageQuerySet(PageQuerySet):
    def current(self, locale=None):
        """The edition an organizer works on now: the running one, else the next, else the latest."""
        qs = self
        if locale is not None:
            qs = qs.filter(locale=locale)
        now = timezone.now()
        running = qs.filter(starts_at__lte=now, ends_at__gte=now).order_by("starts_at").first()
        if running:
            return running
        upcoming = qs.filter(starts_at__gt=now).order_by("starts_at").first()
        return upcoming or qs.order_by("-starts_at").first()


class ExhibitionPage(PublicPageMixin, Page):
    """One edition of a cloud exhibition; booths are its children."""

    series = models.ForeignKey(
        ExhibitionSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    edition_number = models.PositiveSmallIntegerField(_("edition number"), default=1)
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="Asia/Shanghai"
    )
    industries = ParentalManyToManyField(
        "booths.Industry", verbose_name=_("industries"), blank=True
    )
    description = RichTextField(_("description"), blank=True)
    hero_image = models.ForeignKey(
        "booths.BoothImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organizer = models.CharField(_("organizer"), max_length=255, blank=True)
    organizer_url = models.URLField(_("organizer website"), blank=True)
    venue = models.CharField(
        _("venue / host city"), max_length=255, blank=True, help_text=_("For hybrid shows.")
    )

    objects = PageManager.from_queryset(ExhibitionPageQuerySet)()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("series"), FieldPanel("edition_number")]),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("time_zone"),
            ],
            heading=_("Edition"),
        ),
        FieldPanel("industries"),
        FieldPanel("description"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [FieldPanel("organizer"), FieldPanel("organizer_url"), FieldPanel("venue")],
            heading=_("Organizer"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["booths.HomePage"]
    subpage_types = ["booths.BoothPage"]
    template = "pages/exhibition_page.html"

    class Meta:
        verbose_name = _("exhibition edition")
        verbose_name_plural = _("exhibition editions")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The show must close after it opens.")})

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def consecutive_edition_count(self):
        """How many editions of this series ran back to back up to this one (Annex A item 7).

        Editions count as consecutive when their numbers have no gap.
        """
        if self.series_id is None:
            return 1
        numbers = set(
            ExhibitionPage.objects.filter(
                series__translation_key=self.series.translation_key,
                locale_id=self.locale_id,
                edition_number__lte=self.edition_number,
            ).values_list("edition_number", flat=True)
        )
        count, number = 0, self.edition_number
        while number in numbers:
            count += 1
            number -= 1
        return max(count, 1)
