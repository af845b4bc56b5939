"""The organizer's translation glossary (SPEC 6.2.2.2: consistent terminology).

Terms are applied before any machine translation engine, so that a category, a
specification name or a unit reads the same on every booth in every language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index


class GlossaryTerm(index.Indexed, models.Model):
    KIND_CHOICES = [
        ("category", _("category name")),
        ("spec", _("specification name")),
        ("unit", _("unit")),
        ("material", _("material")),
        ("term", _("other term")),
    ]

    source_term = models.CharField(
        _("source term"), max_length=120, help_text=_("As written in the source language.")
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("target language"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_term = models.CharField(_("translation"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES, default="term")
    note = models.CharField(_("note for translators"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("source_term"), FieldPanel("locale")]),
        FieldPanel("target_term"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("note")]),
    ]
    search_fields = [index.SearchField("source_term"), index.SearchField("target_term")]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["source_term"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_term", "locale"], name="unique_glossary_term_per_locale"
            ),
        ]

    def __str__(self):
        return f"{self.source_term} → {self.target_term} ({self.locale.language_code})"
