"""Matching category and industry names written in any site language to source records.

Organizers receive lists in Chinese and in English, so "Bedding" must find the category
that is "床上用品" in the source language: names are matched in every locale and mapped back
through translation_key to the source-locale row, which is what booths and profiles point
to. A name used by two categories in different halls is ambiguous; writing its path
("家纺馆 > 床上用品") picks one.
"""

import re
from collections import defaultdict

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _

from booths.importing.cells import CellError
from booths.models import Category, Industry

_PATH_SEPARATOR = re.compile(r"\s*[>›]\s*")


class UnknownName(CellError):
    """No record has this name; --create-categories would create it."""

    def __init__(self, message, name):
        super().__init__(message)
        self.name = name


def _key(name):
    return " ".join(name.split()).casefold()


class CategoryMatcher:
    """Finds source-locale categories by name or path in any locale; can create missing ones.

    Everything is loaded once per import (a few hundred rows at most), so matching a
    thousand rows costs no queries.
    """

    def __init__(self, source_locale, create=False):
        self.source_locale = source_locale
        self.create = create
        self.created = []
        self._hall = None
        self._created_by_key = {}
        categories = list(Category.objects.all())
        by_id = {category.pk: category for category in categories}
        self._source = {
            category.translation_key: category
            for category in categories
            if category.locale_id == source_locale.pk
        }
        self._by_name = defaultdict(set)
        self._by_path = defaultdict(set)
        for category in categories:
            source = self._source.get(category.translation_key)
            if source is None:
                continue
            self._by_name[_key(category.name)].add(source.pk)
            names, node = [], category
            while node is not None:
                names.insert(0, _key(node.name))
                node = by_id.get(node.parent_id)
            self._by_path[" > ".join(names)].add(source.pk)
        self._by_pk = {category.pk: category for category in self._source.values()}

    def find(self, name):
        """The source-locale category named `name`, or None if it would be created.

        Raises UnknownName when the name matches nothing and creating is off, CellError
        when it is ambiguous. Validation calls this; only `resolve()` writes.
        """
        key = _key(name)
        if key in self._created_by_key:
            return self._created_by_key[key]
        matches = self._by_name.get(key) or self._by_path.get(
            " > ".join(_PATH_SEPARATOR.split(key))
        )
        if matches and len(matches) == 1:
            return self._by_pk[next(iter(matches))]
        if matches:
            paths = sorted(str(self._by_pk[pk]) for pk in matches)
            raise CellError(
                _("“%(name)s” is ambiguous: it names %(paths)s. Write the path, e.g. “%(path)s”.")
                % {
                    "name": name,
                    "paths": "; ".join(paths),
                    "path": paths[0].replace(" › ", " > "),
                }
            )
        if not self.create:
            raise UnknownName(
                _("unknown category “%(name)s” (use --create-categories to create it).")
                % {"name": name},
                name,
            )
        return None

    def forget_after(self, mark):
        """Forget what was created after `mark` (a len(created)): its savepoint rolled back."""
        for category in self.created[mark:]:
            self._created_by_key.pop(_key(category.name), None)
        del self.created[mark:]
        self._hall = None  # looked up again, and re-created if it went with the savepoint

    def resolve(self, name):
        """The source-locale category named `name`, created under the import hall if need be."""
        return self.find(name) or self._create(name)

    def _create(self, name):
        key = _key(name)
        name = " ".join(name.split())[:120]
        hall = self._imported_hall()
        category = Category(
            name=name,
            parent=hall,
            locale=self.source_locale,
            slug=_free_slug(name, Category.objects.filter(parent=hall, locale=self.source_locale)),
        )
        category.save()
        self._created_by_key[key] = category
        self.created.append(category)
        return category

    def _imported_hall(self):
        if self._hall is None:
            name = settings.IMPORT_CATEGORY_HALL
            hall = Category.objects.filter(
                parent__isnull=True, locale=self.source_locale, name=name
            ).first()
            if hall is None:
                halls = Category.objects.filter(parent__isnull=True, locale=self.source_locale)
                hall = Category.objects.create(
                    name=name, locale=self.source_locale, slug=_free_slug(name, halls)
                )
            self._hall = hall
        return self._hall


class IndustryMatcher:
    """Finds source-locale industries by name or slug in any locale; can create missing ones."""

    def __init__(self, source_locale, create=False):
        self.source_locale = source_locale
        self.create = create
        self.created = []
        industries = list(Industry.objects.all())
        source = {
            industry.translation_key: industry
            for industry in industries
            if industry.locale_id == source_locale.pk
        }
        self._by_name = defaultdict(set)
        for industry in industries:
            if industry.translation_key in source:
                match = source[industry.translation_key]
                self._by_name[_key(industry.name)].add(match)
                self._by_name[_key(industry.slug)].add(match)

    def find(self, name):
        """As CategoryMatcher.find(), for industries (matched by name or slug)."""
        matches = self._by_name.get(_key(name))
        if matches and len(matches) == 1:
            return next(iter(matches))
        if matches:
            raise CellError(
                _("“%(name)s” names more than one industry.") % {"name": name},
            )
        if not self.create:
            raise UnknownName(
                _("unknown industry “%(name)s” (use --create-categories to create it).")
                % {"name": name},
                name,
            )
        return None

    def resolve(self, name):
        return self.find(name) or self._create(name)

    def forget_after(self, mark):
        for industry in self.created[mark:]:
            self._by_name.pop(_key(industry.name), None)
        del self.created[mark:]

    def _create(self, name):
        name = " ".join(name.split())[:120]
        industry = Industry.objects.create(
            name=name,
            locale=self.source_locale,
            slug=_free_slug(name, Industry.objects.filter(locale=self.source_locale)),
        )
        self._by_name[_key(name)] = {industry}
        self.created.append(industry)
        return industry


def _free_slug(name, siblings):
    base = slugify(name, allow_unicode=True)[:110] or "imported"
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
