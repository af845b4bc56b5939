"""Exhibitor and buyer records: the two separate catalogues of SPEC 4.1.

Both are private organizer records (contacts are never rendered on the public site). What a
buyer reads about an exhibitor in each language lives on the translatable BoothPage of each
edition; the profile keeps the language-neutral facts and the history across editions.
"""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from booths.fields import ChoiceListField
from booths.forms import BuyerProfileForm, ExhibitorProfileForm
from booths.markets import REGION_CHOICES
from booths.models.taxonomy import source_language_categories


class Contact(models.Model):
    """A person to reach. Private: used by organizers and, later, the inquiry service."""

    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    wechat = models.CharField(_("WeChat"), max_length=60, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone"), FieldPanel("wechat")]),
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class Feedback(models.Model):
    """One edition's participation outcome and satisfaction, for SPEC 4.1.2/4.1.3 history."""

    edition = models.ForeignKey(
        "booths.ExhibitionPage",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), blank=True)

    panels = [FieldPanel("edition"), FieldPanel("satisfaction"), FieldPanel("comment")]

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.edition}: {self.satisfaction or '-'}"


class CatalogueRecord(index.Indexed, ClusterableModel):
    """What the two catalogues of SPEC 4.1 share: identity, origin, import key, timestamps."""

    external_id = models.CharField(
        _("external id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The id in the organizer's own system; imports match on it."),
    )
    company_name = models.CharField(_("company name"), max_length=255)
    country = CountryField(_("country / region"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["company_name"]

    def __str__(self):
        return self.company_name


class ExhibitorProfile(CatalogueRecord):
    logo = models.ForeignKey(
        "booths.BoothImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    industry = models.ForeignKey(
        "booths.Industry",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    main_exhibits = models.TextField(_("main exhibits"), blank=True)
    target_markets = CountryField(_("target markets (countries)"), multiple=True, blank=True)
    target_regions = ChoiceListField(_("target markets (regions)"), choices_list=REGION_CHOICES)
    buyer_needs_served = models.TextField(
        _("buyer needs served"),
        blank=True,
        help_text=_("What kinds of buyers and requirements this exhibitor serves (SPEC 4.1.2)."),
    )
    website = models.URLField(_("website"), blank=True)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner users"),
        blank=True,
        related_name="exhibitor_profiles",
        help_text=_("Accounts that may edit this exhibitor's booths, exhibits and media."),
    )
    # Provisioned by booths.exhibitors.provision(): the exhibitor's own permission group and
    # media collection, through which Wagtail's own permission checks isolate exhibitors.
    group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="exhibitor_profile",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="exhibitor_profile",
    )

    panels = [
        FieldPanel("company_name"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("industry")]),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("main_exhibits"),
        MultiFieldPanel(
            [
                FieldPanel("target_markets"),
                FieldPanel("target_regions"),
                FieldPanel("buyer_needs_served"),
            ],
            heading=_("Markets"),
        ),
        InlinePanel("contacts", heading=_("Contacts (private)"), label=_("contact")),
        MultiFieldPanel(
            [InlinePanel("feedback", label=_("feedback"))],
            heading=_("Participation feedback"),
            # Organizer-collected (SPEC 4.1.2, Annex A item 5): an exhibitor must not score
            # itself. ExhibitorProfileForm drops the formset for such users.
            permission="booths.add_exhibitorprofile",
        ),
        MultiFieldPanel(
            [
                FieldPanel("external_id", permission="booths.add_exhibitorprofile"),
                FieldPanel("owners", permission="booths.add_exhibitorprofile"),
            ],
            heading=_("Administration"),
            permission="booths.add_exhibitorprofile",
        ),
    ]
    search_fields = [
        index.SearchField("company_name"),
        index.AutocompleteField("company_name"),
        index.SearchField("main_exhibits"),
        index.FilterField("country"),
    ]

    base_form_class = ExhibitorProfileForm

    class Meta(CatalogueRecord.Meta):
        verbose_name = _("exhibitor profile")
        verbose_name_plural = _("exhibitor profiles")

    def participation(self):
        """(edition, booth) pairs in the source locale, newest edition first (SPEC 4.1.2)."""
        from booths.models import BoothPage, ExhibitionPage

        booths = list(
            BoothPage.objects.filter(exhibitor=self, locale__language_code=settings.SOURCE_LOCALE)
        )
        # A booth's edition is its parent: one query for all of them, by tree path.
        steplen = BoothPage.steplen
        editions = {
            edition.path: edition
            for edition in ExhibitionPage.objects.filter(
                path__in={booth.path[:-steplen] for booth in booths}
            )
        }
        pairs = [(editions[booth.path[:-steplen]], booth) for booth in booths]
        return sorted(pairs, key=lambda pair: pair[0].starts_at, reverse=True)


class ExhibitorContact(Orderable, Contact):
    profile = ParentalKey(ExhibitorProfile, on_delete=models.CASCADE, related_name="contacts")


class ExhibitorFeedback(Orderable, Feedback):
    profile = ParentalKey(ExhibitorProfile, on_delete=models.CASCADE, related_name="feedback")


class BuyerProfile(CatalogueRecord):
    """A buyer (SPEC 4.1.3). Private to organizers; buyers edit theirs through the API later."""

    NEED_CHOICES = [
        ("viewing", _("view exhibits online")),
        ("meeting", _("meet exhibitors (video or on site)")),
        ("negotiation", _("negotiate and sign")),
    ]

    business_field = models.CharField(_("business field"), max_length=255, blank=True)
    main_products = models.TextField(_("main products"), blank=True)
    purchase_categories = ParentalManyToManyField(
        "booths.Category",
        verbose_name=_("purchase categories"),
        blank=True,
        related_name="+",
        limit_choices_to=source_language_categories,
    )
    purchase_keywords = models.TextField(
        _("purchase keywords"), blank=True, help_text=_("Separate keywords with semicolons.")
    )
    needs = ChoiceListField(_("needs"), choices_list=NEED_CHOICES)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="buyer_profile",
    )

    panels = [
        FieldPanel("company_name"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("business_field")]),
        FieldPanel("main_products"),
        MultiFieldPanel(
            [
                FieldPanel("purchase_categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("purchase_keywords"),
                FieldPanel("needs"),
            ],
            heading=_("Purchase direction"),
        ),
        InlinePanel("contacts", heading=_("Contacts"), label=_("contact")),
        InlinePanel("feedback", heading=_("Participation feedback"), label=_("feedback")),
        MultiFieldPanel(
            [FieldPanel("external_id"), FieldPanel("user")], heading=_("Administration")
        ),
    ]
    search_fields = [
        index.SearchField("company_name"),
        index.AutocompleteField("company_name"),
        index.SearchField("main_products"),
        index.SearchField("purchase_keywords"),
        index.FilterField("country"),
    ]

    base_form_class = BuyerProfileForm  # purchase categories listed hall by hall

    class Meta(CatalogueRecord.Meta):
        verbose_name = _("buyer profile")
        verbose_name_plural = _("buyer profiles")

    @property
    def keywords(self):
        return [word.strip() for word in self.purchase_keywords.split(";") if word.strip()]


class BuyerContact(Orderable, Contact):
    profile = ParentalKey(BuyerProfile, on_delete=models.CASCADE, related_name="contacts")


class BuyerFeedback(Orderable, Feedback):
    profile = ParentalKey(BuyerProfile, on_delete=models.CASCADE, related_name="feedback")
