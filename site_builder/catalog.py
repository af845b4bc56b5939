"""The catalog: a light, complete list of what is public, read in a handful of queries.

Every build starts here. The catalog holds no rich content, only what it takes to decide
which files exist (paths), what each reads (dependencies) and whether that changed since
the last build (fingerprints), so that an incremental build costs the same few queries
whatever the size of the site. Rendering then loads full pages for the outputs that are
dirty only (site_builder.snapshot).

An incremental build loads a *scoped* catalog (`Scope`): the homes and editions, plus only
the booths it re-plans (with their exhibits) and the booths shown on the listings it
re-renders, so that its cost follows the change, not the size of the show.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from site_builder.public_urls import locale_roots, public_path

# Depths in Wagtail's tree: root 1 > home 2 > edition 3 > booth 4 > exhibit 5.
EDITION_DEPTH = 3
BOOTH_DEPTH = 4

IN_BATCH = 5000  # ids per IN (...) list: SQLite limits the parameters of one query

KINDS = {
    "homepage": "home",
    "exhibitionpage": "edition",
    "boothpage": "booth",
    "exhibitpage": "exhibit",
}


def digest(*parts):
    """A short, stable fingerprint of some values (their repr, joined)."""
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest()


@dataclass(slots=True)
class Entry:
    """One live page: enough to place it, link it and know when it changed."""

    id: int
    kind: str
    locale_id: int
    translation_key: str
    path: str
    url_path: str
    title: str
    live_revision_id: int | None
    first_published_at: object
    last_published_at: object
    url: str = ""
    parent_id: int | None = None
    children: list = field(default_factory=list)
    exhibitor_id: int | None = None  # booths
    category_id: int | None = None  # exhibits
    booth_number: str = ""  # booths, for listing order


@dataclass
class Scope:
    """The part of the site an incremental build loads.

    booth_units: booths loaded with all their exhibits (their pages are re-planned);
    bare_booths: booths loaded alone (shown as cards on a listing being re-rendered);
    editions: editions whose booths all load, bare (their listings are re-planned).
    Homes and editions always load: there are few, and every page links its home.
    """

    booth_units: set = field(default_factory=set)
    bare_booths: set = field(default_factory=set)
    editions: set = field(default_factory=set)


@dataclass(slots=True)
class CategoryEntry:
    id: int
    translation_key: str
    locale_id: int
    name: str
    slug: str
    parent_id: int | None
    sort_order: int


class Catalog:
    """Live, public, non-alias pages of the site's page types, by id and by language.

    Alias pages (wagtail-localize keeps one in a language until a translator translates
    the page) are not part of the site: a language lists what has been translated, and the
    language switcher falls back to the home page for the rest. The home pages are the
    exception: every language site has one, alias or not.
    """

    def __init__(self, locales=None, scope=None):
        self.roots = {
            locale_id: root
            for locale_id, root in locale_roots().items()
            if not locales or root.language_code in locales
        }
        self.scope = scope  # None: the whole site
        self.entries = {}
        self.by_translation_key = {}
        self.categories = {}
        self.booth_categories = {}  # source booth translation_key -> [category ids]
        self.exhibitors = {}
        self.media_stamps = {}  # page id -> the derivatives of the media it shows
        self._load_pages()
        self._load_media_stamps()
        self._load_categories()
        self._load_exhibitors()
        self._load_machine_translated()

    # -- loading -----------------------------------------------------------------------
    def _load_pages(self):
        types = ContentType.objects.filter(app_label="booths", model__in=list(KINDS))
        kind_of_type = {ct.pk: KINDS[ct.model] for ct in types}
        restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        rows = (
            Page.objects.filter(
                live=True,
                content_type_id__in=list(kind_of_type),
                locale_id__in=list(self.roots),
            )
            .filter(self._scope_filter())
            # A language's home may be an alias of the source home (it has little content
            # of its own); any other alias is an untranslated page.
            .filter(Q(alias_of__isnull=True) | Q(depth=2))
            .order_by("path")
            .values_list(
                "id",
                "content_type_id",
                "locale_id",
                "translation_key",
                "path",
                "url_path",
                "title",
                "live_revision_id",
                "first_published_at",
                "last_published_at",
            )
        )
        by_path = {}
        steplen = Page.steplen
        for row in rows:
            entry = Entry(*row[:1], kind_of_type[row[1]], *row[2:])
            if any(entry.path.startswith(prefix) for prefix in restricted):
                continue  # private pages never reach the static site
            root = self.roots[entry.locale_id]
            if entry.kind == "home":
                if entry.id != root.home_id:
                    continue
            else:
                parent = by_path.get(entry.path[:-steplen])
                if parent is None:
                    continue  # under an unpublished or private page: not reachable
                entry.parent_id = parent.id
                parent.children.append(entry.id)
            entry.url = public_path(entry.url_path, root)
            if entry.url is None:
                continue
            by_path[entry.path] = entry
            self.entries[entry.id] = entry
            self.by_translation_key.setdefault(entry.translation_key, []).append(entry.id)

        from booths.models import BoothPage, ExhibitPage

        booth_ids = [e.id for e in self.entries.values() if e.kind == "booth"]
        for pk, exhibitor_id, number in with_ids(BoothPage.objects, booth_ids).values_list(
            "pk", "exhibitor_id", "booth_number"
        ):
            self.entries[pk].exhibitor_id = exhibitor_id
            self.entries[pk].booth_number = number
        self.live_booths = live_stream_booths(booth_ids)
        exhibit_ids = [e.id for e in self.entries.values() if e.kind == "exhibit"]
        exhibits = with_ids(ExhibitPage.objects, exhibit_ids).filter(category_id__isnull=False)
        for pk, category_id in exhibits.values_list("pk", "category_id"):
            self.entries[pk].category_id = category_id

    def _scope_filter(self):
        """Which page rows to read: all of them, or the scope's (see Scope)."""
        if self.scope is None:
            return Q()
        scope = self.scope
        condition = Q(depth__lte=EDITION_DEPTH) | Q(
            depth=BOOTH_DEPTH, id__in=sorted(scope.booth_units | scope.bare_booths)
        )
        wanted = scope.editions | scope.booth_units
        for path, depth in Page.objects.filter(id__in=sorted(wanted)).values_list("path", "depth"):
            condition |= Q(path__startswith=path, depth=depth + 1)
        return condition

    def _load_categories(self):
        from booths.models import BoothPage, Category

        for row in Category.objects.values_list(
            "id", "translation_key", "locale_id", "name", "slug", "parent_id", "sort_order"
        ):
            self.categories[row[0]] = CategoryEntry(*row)
        self.category_by_key = {
            (c.translation_key, c.locale_id): c for c in self.categories.values()
        }
        # Categories are chosen on the source-language booth (BoothPage.source_categories_for).
        through = BoothPage.categories.through
        links = through.objects.filter(boothpage__locale__language_code=settings.SOURCE_LOCALE)
        keys = [None]
        if self.scope is not None:
            keys = sorted({str(e.translation_key) for e in self.of_kind("booth")})
        for start in range(0, len(keys), IN_BATCH):
            batch = links
            if self.scope is not None:
                batch = links.filter(boothpage__translation_key__in=keys[start : start + IN_BATCH])
            rows = batch.values_list("boothpage__translation_key", "category_id")
            for translation_key, category_id in rows.order_by("boothpage_id", "id"):
                self.booth_categories.setdefault(str(translation_key), []).append(category_id)

    def _load_exhibitors(self):
        from booths.models import ExhibitorProfile

        ids = {e.exhibitor_id for e in self.entries.values() if e.exhibitor_id}
        rows = list(
            with_ids(ExhibitorProfile.objects, ids).values_list(
                "pk",
                "company_name",
                "country",
                "target_markets",
                "logo_id",
                "website",
                "updated_at",
            )
        )
        logos = derived_folders(image_ids={row[4] for row in rows if row[4]})
        for row in rows:
            self.exhibitors[row[0]] = digest(*row[1:], logos.get(("image", row[4]), ""))

    def _load_media_stamps(self):
        """Which derivatives each page's media have (the asset pipeline's folders, one per
        source and recipe), from Wagtail's reference index: a page whose photo or video
        gets processed, or re-processed with a new recipe, has a new fingerprint and is
        redrawn with the optimized files."""
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import ReferenceIndex

        if not self.entries:
            return
        types = ContentType.objects.get_for_models(
            Page, get_image_model(), get_document_model(), for_concrete_models=False
        )
        kinds = {
            types[get_image_model()].pk: "image",
            types[get_document_model()].pk: "document",
        }
        references = ReferenceIndex.objects.filter(
            base_content_type=types[Page], to_content_type__in=list(kinds)
        )
        if self.scope is not None:
            references = references.filter(object_id__in=[str(pk) for pk in self.entries])
        shown = [
            (int(page_id), kinds[to_type], int(to_id))
            for page_id, to_type, to_id in references.values_list(
                "object_id", "to_content_type_id", "to_object_id"
            )
        ]
        folders = derived_folders(
            image_ids={pk for _page, kind, pk in shown if kind == "image"},
            document_ids={pk for _page, kind, pk in shown if kind == "document"},
        )
        found = {}
        for page_id, kind, pk in shown:
            folder = folders.get((kind, pk))
            if folder:
                found.setdefault(page_id, set()).add(folder)
        self.media_stamps = {
            pk: digest(*sorted(shown_folders))
            for pk, shown_folders in found.items()
            if pk in self.entries
        }

    def _load_machine_translated(self):
        """Translation keys with unreviewed machine text, per language (SPEC 6.2.2.2)."""
        from wagtail.models import Locale

        from booths.translation_status import machine_translated_keys

        self.machine_translated = {}
        for locale in Locale.objects.filter(pk__in=list(self.roots)):
            if locale.language_code == settings.SOURCE_LOCALE:
                continue
            if self.scope is None:
                keys = {str(key) for key in machine_translated_keys(locale)}
            else:
                wanted = sorted(
                    {
                        str(e.translation_key)
                        for e in self.entries.values()
                        if e.locale_id == locale.pk
                    }
                )
                keys = set()
                for start in range(0, len(wanted), IN_BATCH):
                    found = machine_translated_keys(locale, wanted[start : start + IN_BATCH])
                    keys.update(str(key) for key in found)
            self.machine_translated[locale.pk] = keys

    def is_machine_translated(self, entry):
        return str(entry.translation_key) in self.machine_translated.get(entry.locale_id, ())

    # -- queries -----------------------------------------------------------------------
    def of_kind(self, kind, locale_id=None):
        return [
            e
            for e in self.entries.values()
            if e.kind == kind and (locale_id is None or e.locale_id == locale_id)
        ]

    def translations(self, entry):
        """Live entries with the same translation key (the entry itself included)."""
        return [self.entries[pk] for pk in self.by_translation_key.get(entry.translation_key, ())]

    def children(self, entry, kind=None):
        items = [self.entries[pk] for pk in entry.children]
        return [e for e in items if kind is None or e.kind == kind]

    def source_categories(self, booth):
        """Category ids of a booth, as chosen on its source-language page."""
        return self.booth_categories.get(str(booth.translation_key), [])

    def category_chain(self, category_id):
        """The category and its ancestors, hall first."""
        chain = []
        category = self.categories.get(category_id)
        while category is not None:
            chain.append(category)
            category = self.categories.get(category.parent_id)
        return list(reversed(chain))

    def localized_category(self, category, locale_id):
        return self.category_by_key.get((category.translation_key, locale_id), category)

    # -- fingerprints --------------------------------------------------------------------
    def page_fingerprint(self, entry):
        """A page's own state. Not its children: an output that shows them reads their
        fingerprints itself, so that a scoped catalog needs no children to compute this."""
        return digest(
            entry.live_revision_id,
            entry.url_path,
            entry.title,
            self.is_machine_translated(entry),
            self.media_stamps.get(entry.id, ""),
        )

    def translation_fingerprint(self, translation_key):
        return digest(
            *(
                (self.entries[pk].locale_id, self.entries[pk].url)
                for pk in self.by_translation_key.get(translation_key, ())
            )
        )


def live_stream_booths(booth_ids):
    """Ids of the booths (among `booth_ids`) whose content has a live-stream block.

    A text search in the stored StreamField JSON, so that planning the live schedule reads
    no booth content; a false match (the words in a text) only adds a booth the schedule
    page then finds without streams.
    """
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from booths.models import BoothPage

    rows = with_ids(BoothPage.objects, booth_ids).annotate(body_text=Cast("body", TextField()))
    return set(rows.filter(body_text__contains='"live_stream"').values_list("pk", flat=True))


def derived_folders(image_ids=(), document_ids=()):
    """{("image" | "document", id): derivatives folder} of these uploads, when processed."""
    from booths.models import DerivedMedia

    if not image_ids and not document_ids:
        return {}
    rows = DerivedMedia.objects.filter(
        Q(image_id__in=sorted(image_ids)) | Q(document_id__in=sorted(document_ids)),
        status=DerivedMedia.Status.READY,
    ).values_list("image_id", "document_id", "folder")
    return {
        ("image", image_id) if image_id else ("document", document_id): folder
        for image_id, document_id, folder in rows
    }


def with_ids(queryset, ids):
    """`queryset` restricted to these primary keys, written into the SQL as numbers.

    The same as `filter(pk__in=ids)`, without Django's per-parameter work (a quarter of a
    second for an edition's 40,000 ids) or SQLite's limit on parameters; the ids are
    integers from the database, so inlining them is safe.
    """
    ids = sorted({int(pk) for pk in ids})
    if not ids:
        return queryset.none()
    meta = queryset.model._meta
    column = f'"{meta.db_table}"."{meta.pk.column}"'
    return queryset.extra(where=[f"{column} IN ({','.join(map(str, ids))})"])  # noqa: S610
