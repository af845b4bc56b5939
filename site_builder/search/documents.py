"""Search documents for booth and exhibit pages, built in bulk (SPEC 4.7.2).

One document per live page in its own language: a booth (the exhibitor as buyers read it)
or an exhibit (a product with model number and specifications). The fields are the ones
of the shared contract (docs/search.md); the member-only fields (moq) are included here
and removed per level by site_builder.search.levels.

A page gets a document only when it is on the public site: live, not an alias, not behind
a view restriction, with a live, non-alias parent chain up to its language's home page,
which may itself be an alias (the same rule as site_builder.catalog). `build()` reads any number of pages in a
constant number of queries — page trees, categories, specs, glossary and thumbnails each
come in one query for the whole batch — so indexing cost grows with the change only
(ARCHITECTURE property 3).
"""

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Prefetch, Q
from django.db.models.functions import Substr
from django.utils import translation
from django_countries import countries
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import get_text_for_indexing

from site_builder.public_urls import locale_roots, public_path
from site_builder.search.specs import SpecKeys, normalized_range

logger = logging.getLogger(__name__)

THUMBNAIL = "fill-320x240"
DESCRIPTION_LIMIT = 2000
SPEC_SEPARATOR = " · "
_SPACES = re.compile(r"\s+")


@dataclass
class Batch:
    """The outcome of `build()`."""

    # {language_code: [document, …]} with every field of every level.
    documents: dict = field(default_factory=dict)
    # Ids of pages that were asked for (or are below one asked for) and have no document:
    # unpublished, deleted, aliases, private or unreachable. Their documents must go.
    stale_ids: set = field(default_factory=set)

    @property
    def count(self):
        return sum(len(docs) for docs in self.documents.values())


def document_ids(page_id):
    """The ids a page's document may have (its kind is unknown once the page is deleted)."""
    return [f"booth-{page_id}", f"exhibit-{page_id}"]


def plain_text(html, limit=DESCRIPTION_LIMIT):
    text = _SPACES.sub(" ", get_text_for_indexing(html or "")).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def live_page_ids(language_code):
    """Ids of the live, non-alias booth and exhibit pages of one language, in tree order."""
    from booths.models import BoothPage, ExhibitPage

    ids = []
    for model in (BoothPage, ExhibitPage):
        ids.extend(
            model.objects.filter(
                live=True, alias_of__isnull=True, locale__language_code=language_code
            ).values_list("pk", "path")
        )
    return [pk for pk, _path in sorted(ids, key=lambda row: row[1])]


def _under(containers):
    """A Q for pages strictly below any of the given (path, depth) pages, one IN per depth.

    Tree paths are `steplen` characters per level, so a page's ancestor at depth d is the
    first d * steplen characters of its path: descendants are found with an equality test
    per depth instead of one LIKE per container (SQLite caps expression depth).
    """
    by_depth = {}
    for path, depth in containers:
        by_depth.setdefault(depth, set()).add(path)
    annotations, clauses = {}, []
    for depth, paths in by_depth.items():
        name = f"_ancestor_{depth}"
        annotations[name] = Substr("path", 1, depth * Page.steplen)
        clauses.append(Q(depth__gt=depth, **{f"{name}__in": sorted(paths)}))
    return annotations, reduce(or_, clauses, Q(pk__in=[]))


def _booth_queryset():
    from booths.models import BoothPage

    return BoothPage.objects.select_related(
        "locale", "exhibitor", "exhibitor__logo"
    ).prefetch_related("tags")


def _exhibit_queryset():
    from booths.models import ExhibitImage, ExhibitPage

    return ExhibitPage.objects.select_related(
        "locale", "category__parent__parent"
    ).prefetch_related(
        "specs",
        Prefetch("images", queryset=ExhibitImage.objects.order_by("sort_order", "pk")),
    )


class _Builder:
    """Holds what one batch shares (trees, categories, glossary) while documents are made."""

    def __init__(self, page_ids, cascade):
        from django.contrib.contenttypes.models import ContentType

        from booths.models import ExhibitPage

        self.requested = {int(pk) for pk in page_ids}
        self.batch = Batch()
        steplen = Page.steplen
        exhibit_type = ContentType.objects.get_for_model(ExhibitPage).pk  # cached
        given = list(
            Page.objects.filter(pk__in=self.requested).values_list(
                "pk", "path", "depth", "content_type_id"
            )
        )
        containers = [
            (path, depth) for _pk, path, depth, ct in given if cascade and ct != exhibit_type
        ]
        annotations, below = _under(containers)
        wanted = Q(pk__in=self.requested) | below

        self.exhibits = list(_exhibit_queryset().annotate(**annotations).filter(wanted))
        # Their booths come in the same query: exhibit documents repeat booth fields.
        parent_paths = {exhibit.path[:-steplen] for exhibit in self.exhibits}
        booths = _booth_queryset().annotate(**annotations).filter(wanted | Q(path__in=parent_paths))
        self.booths_by_path = {booth.path: booth for booth in booths}
        container_paths = {}
        for path, depth in containers:
            container_paths.setdefault(depth, set()).add(path)
        self.booths = [
            booth
            for booth in self.booths_by_path.values()
            if booth.pk in self.requested
            or any(
                booth.depth > depth and booth.path[: depth * steplen] in paths
                for depth, paths in container_paths.items()
            )
        ]
        self.candidates = {page.pk for page in self.exhibits} | {b.pk for b in self.booths}
        # Gone: asked-for ids that are no page any more, and candidates not on the site.
        missing = self.requested - {row[0] for row in given}
        self.batch.stale_ids = missing | (self.candidates - self._indexable_ids())

    # -- which pages are public ------------------------------------------------------------
    def _indexable_ids(self):
        """Ids among the candidates whose whole chain up to the home page is public."""
        from booths.models import ExhibitionPage

        steplen = Page.steplen
        self.roots = locale_roots()
        edition_paths = {path[:-steplen] for path in self.booths_by_path}
        self.editions = {
            edition.path: edition
            for edition in ExhibitionPage.objects.filter(path__in=edition_paths).only(
                "pk", "path", "slug", "title", "live", "alias_of_id", "locale_id", "depth"
            )
        }
        homes = {
            page.path: page
            for page in Page.objects.filter(
                path__in={path[:-steplen] for path in self.editions}
            ).only("pk", "path", "live", "alias_of_id")
        }
        restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))

        def public(page):
            return page is not None and page.live and page.alias_of_id is None

        ok = set()
        for booth in self.booths_by_path.values():
            edition = self.editions.get(booth.path[:-steplen])
            home = homes.get(edition.path[:-steplen]) if edition else None
            root = self.roots.get(booth.locale_id)
            booth.public_url = None
            # A language's home may be an alias of the source home (site_builder.catalog).
            if not (public(booth) and public(edition) and home and home.live and root):
                continue
            if home.pk != root.home_id or any(booth.path.startswith(p) for p in restricted):
                continue
            booth.public_url = public_path(booth.url_path, root)
            booth.edition_page = edition
            if booth.public_url:
                ok.add(booth.pk)
        for exhibit in self.exhibits:
            booth = self.booths_by_path.get(exhibit.path[:-steplen])
            exhibit.public_url = None
            if not (public(exhibit) and booth is not None and booth.pk in ok):
                continue
            if any(exhibit.path.startswith(p) for p in restricted):
                continue
            root = self.roots.get(exhibit.locale_id)
            exhibit.public_url = public_path(exhibit.url_path, root) if root else None
            exhibit.booth_page = booth
            if exhibit.public_url:
                ok.add(exhibit.pk)
        return ok

    # -- shared lookups --------------------------------------------------------------------
    def _load_categories(self, booths, exhibits):
        from booths.models import BoothPage, Category

        self.booth_categories = BoothPage.source_categories_for(
            [self.booths_by_path[path] for path in {e.booth_page.path for e in exhibits}] + booths
        )
        keys = set()
        for categories in self.booth_categories.values():
            for category in categories:
                keys.update(str(node.translation_key) for node in category.ancestry())
        for exhibit in exhibits:
            if exhibit.category is not None:
                keys.update(str(node.translation_key) for node in exhibit.category.ancestry())
        locale_ids = {page.locale_id for page in booths + exhibits}
        self.category_names = {
            (str(key), locale_id): name
            for key, locale_id, name in Category.objects.filter(
                translation_key__in=keys, locale_id__in=locale_ids
            ).values_list("translation_key", "locale_id", "name")
        }

    def _load_specs(self, exhibits):
        from booths.models import ExhibitSpec

        specs = [spec for exhibit in exhibits for spec in exhibit.specs.all()]
        numeric_keys = {spec.translation_key for spec in specs if spec.value_number is not None}
        self.source_spec_names = dict(
            ExhibitSpec.objects.filter(
                translation_key__in=numeric_keys, locale__language_code=settings.SOURCE_LOCALE
            ).values_list("translation_key", "name")
        )
        names = set(self.source_spec_names.values()) | {spec.name for spec in specs}
        self.spec_keys = SpecKeys.from_glossary(names)

    def _load_thumbnails(self, booths, exhibits):
        from booths.models import BoothImage

        image_ids = set()
        for exhibit in exhibits:
            images = list(exhibit.images.all())
            exhibit.first_image_id = images[0].image_id if images else None
            image_ids.add(exhibit.first_image_id)
        for booth in booths + [e.booth_page for e in exhibits]:
            image_ids.add(booth.exhibitor.logo_id)
        image_ids.discard(None)
        self.thumbnails = {}
        for image in BoothImage.objects.filter(pk__in=image_ids).prefetch_renditions(THUMBNAIL):
            try:
                rendition = image.get_rendition(THUMBNAIL)
            except Exception:  # a missing or broken original must not stop indexing
                logger.warning("No thumbnail for image %s", image.pk, exc_info=True)
                continue
            self.thumbnails[image.pk] = {
                "url": rendition.url,
                "width": rendition.width,
                "height": rendition.height,
            }

    # -- documents -------------------------------------------------------------------------
    def build(self):
        from booths.models import ExhibitPage

        stale = self.batch.stale_ids
        booths = [b for b in self.booths if b.pk not in stale]
        exhibits = [e for e in self.exhibits if e.pk not in stale]
        if not booths and not exhibits:
            return self.batch
        self._load_categories(booths, exhibits)
        self._load_specs(exhibits)
        self._load_thumbnails(booths, exhibits)
        pages = sorted(booths + exhibits, key=lambda page: page.path)
        by_language = {}
        for page in pages:
            by_language.setdefault(page.locale.language_code, []).append(page)
        for language, language_pages in by_language.items():
            with translation.override(language):
                self.batch.documents[language] = [
                    self._exhibit(page) if isinstance(page, ExhibitPage) else self._booth(page)
                    for page in language_pages
                ]
        return self.batch

    def _common(self, page, booth):
        exhibitor = booth.exhibitor
        country = exhibitor.country.code or ""
        return {
            "page_id": page.pk,
            "title": page.title,
            "url": page.public_url,
            "booth": {
                "title": booth.title,
                "url": booth.public_url,
                "number": booth.booth_number,
            },
            "exhibition": booth.edition_page.slug,
            "exhibition_title": booth.edition_page.title,
            "country": country,
            "country_name": str(countries.name(country)) if country else "",
            "target_markets": [market.code for market in exhibitor.target_markets],
            "popularity": 0,
            "name_sort": page.title.casefold(),
            "published_at": int(page.first_published_at.timestamp())
            if page.first_published_at
            else 0,
        }

    def _categories(self, categories, locale_id):
        """The hierarchical facet fields for these categories, named in this language."""
        levels = ([], [], [])
        keys = []
        for category in categories:
            names = []
            for node in category.ancestry()[:3]:
                key = str(node.translation_key)
                names.append(self.category_names.get((key, locale_id), node.name))
                if key not in keys:
                    keys.append(key)
                value = " > ".join(names)
                if value not in levels[len(names) - 1]:
                    levels[len(names) - 1].append(value)
        return {
            "category_lvl0": levels[0],
            "category_lvl1": levels[1],
            "category_lvl2": levels[2],
            "category_keys": keys,
        }

    def _booth(self, booth):
        blocks = {block.get("type") for block in booth.body.raw_data}
        external = {
            (block.get("value") or {}).get("kind")
            for block in booth.body.raw_data
            if block.get("type") == "external_viewer"
        }
        categories = self.booth_categories.get(booth.translation_key, [])
        return {
            "id": f"booth-{booth.pk}",
            "kind": "booth",
            **self._common(booth, booth),
            "description": plain_text(booth.introduction),
            "model_number": "",
            **self._categories(categories, booth.locale_id),
            "tags": sorted({tag.name for tag in booth.tags.all()}),
            "specs": [],
            "spec_text": "",
            "num": {},
            "has_3d": "model_3d" in blocks or "3d" in external or "ar" in external,
            "has_video": "video" in blocks,
            "has_live": "live_stream" in blocks,
            "has_panorama": "panorama" in blocks or "vr" in external,
            "image": self.thumbnails.get(booth.exhibitor.logo_id),
            "moq": None,
            "moq_unit": "",
        }

    def _exhibit(self, exhibit):
        booth = exhibit.booth_page
        specs = list(exhibit.specs.all())
        num = {}
        for spec in specs:
            values = normalized_range(spec.value_number, spec.value_max, spec.unit)
            if values is None:
                continue
            source_name = self.source_spec_names.get(spec.translation_key, spec.name)
            key = self.spec_keys.key(source_name, spec.unit)
            low, high = values
            if key in num:
                low, high = min(low, num[key]["min"]), max(high, num[key]["max"])
            num[key] = {"min": low, "max": high}
        # An exhibit without a category of its own is found in its booth's halls.
        categories = (
            [exhibit.category]
            if exhibit.category is not None
            else self.booth_categories.get(booth.translation_key, [])
        )
        displayed = [{"name": spec.name, "value": spec.display_value} for spec in specs]
        image = self.thumbnails.get(exhibit.first_image_id) or self.thumbnails.get(
            booth.exhibitor.logo_id
        )
        return {
            "id": f"exhibit-{exhibit.pk}",
            "kind": "exhibit",
            **self._common(exhibit, booth),
            "description": plain_text(exhibit.description),
            "model_number": exhibit.model_number.strip(),
            **self._categories(categories, exhibit.locale_id),
            "tags": [],
            "specs": displayed,
            "spec_text": SPEC_SEPARATOR.join(f"{s['name']} {s['value']}" for s in displayed),
            "num": num,
            "has_3d": exhibit.model_3d_id is not None,
            "has_video": False,
            "has_live": False,
            "has_panorama": False,
            "image": image,
            "moq": exhibit.moq,
            "moq_unit": exhibit.moq_unit,
        }


def build(page_ids, cascade=True):
    """Documents of these pages, by language, and the ids whose documents must be deleted.

    With `cascade`, a booth among the pages brings its exhibits (their documents repeat the
    booth's name, URL and country) and an edition or home page brings every booth and
    exhibit below it. Queries: a constant number whatever the number of pages (plus one
    insert per thumbnail rendition that does not exist yet).
    """
    return _Builder(page_ids, cascade).build()


def spec_units(language_code):
    """{spec key: (label in this language, Counter of source units)} for numeric specs of
    live exhibits in one language: what the search page's range filters are called and
    which unit buyers are used to seeing them in."""
    from booths.models import ExhibitSpec

    rows = list(
        ExhibitSpec.objects.filter(
            page__live=True,
            page__alias_of__isnull=True,
            page__locale__language_code=language_code,
            value_number__isnull=False,
        ).values_list("translation_key", "name", "unit")
    )
    source_names = dict(
        ExhibitSpec.objects.filter(
            translation_key__in={row[0] for row in rows},
            locale__language_code=settings.SOURCE_LOCALE,
        ).values_list("translation_key", "name")
    )
    keyer = SpecKeys.from_glossary(set(source_names.values()) | {row[1] for row in rows})
    labels, units = {}, {}
    for translation_key, name, unit in rows:
        key = keyer.key(source_names.get(translation_key, name), unit)
        labels.setdefault(key, Counter())[name.strip()] += 1
        units.setdefault(key, Counter())[unit.strip()] += 1
    return {key: (labels[key].most_common(1)[0][0], units[key]) for key in labels}
