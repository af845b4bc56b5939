"""Industries and the hall → category → sub-category tree buyers browse and filter by.

Both are translatable snippets: one row per locale, tied by translation_key, so that
category pages and filters read naturally in every language (SPEC 4.7.2, 6.2.2.2).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

MAX_CATEGORY_DEPTH = 3  # hall (1) → category (2) → sub-category (3)


def source_language_categories():
    """limit_choices_to for fields that pick categories once, in the source language, for
    every language (booth categories, buyers' purchase categories)."""
    return models.Q(locale__language_code=settings.SOURCE_LOCALE)


class Industry(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_industry_slug"),
        ]

    def __str__(self):
        return self.name


class CategoryQuerySet(models.QuerySet):
    def halls(self):
        return self.filter(parent__isnull=True)


class Category(TranslatableMixin, index.Indexed, models.Model):
    """A node of the exhibit taxonomy. Depth 1 is a hall, 2 a category, 3 a sub-category."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Empty for a hall."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = CategoryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "parent", "slug"], name="unique_category_slug_per_parent"
            ),
        ]

    def __str__(self):
        return " › ".join(node.name for node in self.ancestry())

    def ancestry(self):
        """This node and its ancestors, hall first."""
        nodes, node = [], self
        while node is not None:
            nodes.append(node)
            node = node.parent
        return list(reversed(nodes))

    @property
    def depth(self):
        return len(self.ancestry())

    @property
    def hall(self):
        return self.ancestry()[0]

    def descendant_ids(self):
        """Ids of this node and every node below it (for "everything in this hall" filters)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(
                Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            ids.extend(frontier)
        return ids

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:120]
        if self.parent_id is None:
            return
        if self.parent.locale_id != self.locale_id:
            raise ValidationError({"parent": _("The parent must be in the same language.")})
        node = self.parent
        depth = 1
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A category cannot be inside itself.")})
            depth += 1
            node = node.parent
        if depth > MAX_CATEGORY_DEPTH:
            raise ValidationError(
                {"parent": _("Categories go three levels deep: hall, category, sub-category.")}
            )
