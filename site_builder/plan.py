"""The build plan: every file of the site, what it reads, and a fingerprint of what it read.

`plan_outputs(catalog)` lists one small `Output` per file (pelican's generate-context step):
its URL path, what renders it, and the fingerprints of everything it reads: the pages it
shows, their translations (for the language switcher), the exhibitor records and category
names it prints, and the theme itself. An output whose fingerprint matches the build
manifest is skipped; that is what makes `build_site` incremental by dependency
(ARCHITECTURE property 3). Two outputs that claim the same path are an error
(a slug clash between a booth and a listing, say), never a silent overwrite.
"""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from site_builder.catalog import digest

FEATURED_BOOTHS_PER_HALL = 8


class PathClash(Exception):
    """Two outputs would write the same file."""


@dataclass(slots=True)
class Output:
    path: str  # URL path: "/en/expo/acme/" (a directory URL) or "/sitemap.xml"
    kind: str
    locale_id: int | None = None
    page_id: int | None = None
    params: dict = field(default_factory=dict)
    reads: tuple = ()  # fingerprints of what the output shows
    page_ids: tuple = ()  # pages the renderer needs loaded

    @property
    def fingerprint(self):
        return digest(self.kind, self.path, sorted(self.params.items()), *self.reads)

    def describe(self):
        return f"{self.kind} {self.path}"


@dataclass(slots=True)
class Listing:
    """Booths of one hall or category of one edition, in one language, in listing order."""

    edition_id: int
    category_id: int | None  # the category in the page's language
    source_category_id: int
    path: str
    booth_ids: list


def listing_order(catalog, booth_ids):
    entries = [catalog.entries[pk] for pk in booth_ids]
    entries.sort(key=lambda e: (e.booth_number == "", e.booth_number, e.title.casefold(), e.id))
    return [e.id for e in entries]


class Planner:
    def __init__(self, catalog, theme_fingerprint):
        self.catalog = catalog
        self.theme = theme_fingerprint
        self.page_size = settings.SITE_LISTING_PAGE_SIZE
        self._page_fp = {pk: catalog.page_fingerprint(e) for pk, e in catalog.entries.items()}
        self._tr_fp = {}
        self._cat_fp = self._category_fingerprints()
        self._booth_cats = {}

    # -- fingerprints ------------------------------------------------------------------
    def _category_fingerprints(self):
        versions = {}
        for c in self.catalog.categories.values():
            versions.setdefault(c.translation_key, []).append(
                (c.locale_id, c.name, c.slug, c.parent_id, c.sort_order)
            )
        return {key: digest(*sorted(rows)) for key, rows in versions.items()}

    def translation_fp(self, entry):
        key = entry.translation_key
        if key not in self._tr_fp:
            self._tr_fp[key] = self.catalog.translation_fingerprint(key)
        return self._tr_fp[key]

    def page_reads(self, entry):
        """Fingerprints of a page shown in full: itself and the links to its translations."""
        return (self._page_fp[entry.id], self.translation_fp(entry))

    def booth_card_reads(self, booth):
        return (
            self._page_fp[booth.id],
            self.catalog.exhibitors.get(booth.exhibitor_id, ""),
            digest(*self.catalog.source_categories(booth)),
        )

    def category_reads(self, category_ids):
        reads = []
        for category_id in category_ids:
            for node in self.catalog.category_chain(category_id):
                reads.append(self._cat_fp.get(node.translation_key, ""))
        return tuple(reads)

    def ancestors(self, entry):
        """Fingerprints of the pages above: titles in breadcrumbs, the edition's time zone."""
        reads = []
        parent_id = entry.parent_id
        while parent_id is not None:
            parent = self.catalog.entries[parent_id]
            reads.append(self._page_fp[parent.id])
            parent_id = parent.parent_id
        return tuple(reads)

    # -- the plan ----------------------------------------------------------------------
    def outputs(self):
        catalog = self.catalog
        outputs = []
        homes = sorted(catalog.of_kind("home"), key=lambda e: e.path)
        all_homes = tuple(self._page_fp[h.id] for h in homes)
        base = (self.theme,)
        for home in homes:
            editions = catalog.children(home, "edition")
            outputs.append(
                Output(
                    home.url,
                    "home",
                    home.locale_id,
                    home.id,
                    reads=base
                    + self.page_reads(home)
                    + all_homes
                    + tuple(self._page_fp[e.id] for e in editions),
                    page_ids=(home.id, *(e.id for e in editions)),
                )
            )
            outputs.extend(self.locale_pages(home, base + all_homes))
            for edition in editions:
                outputs.extend(self.edition_outputs(home, edition, base + all_homes))
        outputs.append(Output("/", "root", reads=base + all_homes, page_ids=()))
        outputs.append(Output("/404.html", "not_found", reads=base + all_homes, page_ids=()))
        return outputs

    def locale_pages(self, home, base):
        """The search and live-schedule pages of one language."""
        editions = self.catalog.children(home, "edition")
        booths = [b for e in editions for b in self.catalog.children(e, "booth")]
        yield Output(
            f"{home.url}search/",
            "search",
            home.locale_id,
            params={"language": self.catalog.roots[home.locale_id].language_code},
            reads=base + self.page_reads(home),  # + the search configuration (build.py)
            page_ids=(home.id,),
        )
        yield Output(
            f"{home.url}live/",
            "live",
            home.locale_id,
            reads=base
            + self.page_reads(home)
            + tuple(self._page_fp[e.id] for e in editions)
            + tuple(self._page_fp[b.id] for b in booths),
            page_ids=(home.id, *(e.id for e in editions), *(b.id for b in booths)),
        )

    def edition_outputs(self, home, edition, base):
        catalog = self.catalog
        booths = catalog.children(edition, "booth")
        listings = self.listings(edition, booths)
        hall_listings = [item for item in listings if item[0].parent_id is None]
        featured = []
        for _hall, listing in hall_listings:
            featured.extend(listing.booth_ids[:FEATURED_BOOTHS_PER_HALL])
        featured.extend(self.uncategorized(booths))
        yield Output(
            edition.url,
            "edition",
            edition.locale_id,
            edition.id,
            params={"featured": FEATURED_BOOTHS_PER_HALL},
            reads=base
            + self.page_reads(edition)
            + self.ancestors(edition)
            + tuple(digest(listing.path, len(listing.booth_ids)) for _c, listing in listings)
            + self.category_reads(c.id for c, _listing in hall_listings)
            + tuple(r for pk in featured for r in self.booth_card_reads(catalog.entries[pk])),
            page_ids=(edition.id, home.id, *featured),
        )
        for category, listing in listings:
            yield from self.listing_outputs(home, edition, category, listing, base)
        for booth in booths:
            yield self.booth_output(home, edition, booth, base)
            for exhibit in catalog.children(booth, "exhibit"):
                yield Output(
                    exhibit.url,
                    "exhibit",
                    exhibit.locale_id,
                    exhibit.id,
                    reads=base
                    + self.page_reads(exhibit)
                    + self.ancestors(exhibit)
                    + self.category_reads([exhibit.category_id] if exhibit.category_id else [])
                    + (catalog.exhibitors.get(booth.exhibitor_id, ""),),
                    page_ids=(exhibit.id, booth.id, edition.id, home.id),
                )

    def uncategorized(self, booths):
        return uncategorized_booths(self.catalog, booths)

    def booth_output(self, home, edition, booth, base):
        exhibits = self.catalog.children(booth, "exhibit")
        return Output(
            booth.url,
            "booth",
            booth.locale_id,
            booth.id,
            reads=base
            + self.page_reads(booth)
            + self.ancestors(booth)
            + self.booth_card_reads(booth)
            + self.category_reads(self.catalog.source_categories(booth))
            + tuple(self._page_fp[e.id] for e in exhibits),
            page_ids=(booth.id, edition.id, home.id, *(e.id for e in exhibits)),
        )

    def listings(self, edition, booths):
        return edition_listings(self.catalog, edition, booths)

    def listing_outputs(self, home, edition, category, listing, base):
        pages = max(1, math.ceil(len(listing.booth_ids) / self.page_size))
        chain_reads = self.category_reads([listing.source_category_id])
        for number in range(1, pages + 1):
            shown = listing.booth_ids[(number - 1) * self.page_size : number * self.page_size]
            path = listing.path if number == 1 else f"{listing.path}page/{number}/"
            yield Output(
                path,
                "listing",
                edition.locale_id,
                params={
                    "edition": edition.id,
                    "category": listing.category_id,
                    "source_category": listing.source_category_id,
                    "base_path": listing.path,
                    "number": number,
                    "pages": pages,
                    "count": len(listing.booth_ids),
                    "booths": tuple(shown),
                },
                reads=base
                + self.page_reads(edition)
                + self.ancestors(edition)
                + chain_reads
                + tuple(r for pk in shown for r in self.booth_card_reads(self.catalog.entries[pk])),
                page_ids=(edition.id, home.id, *shown),
            )


def edition_listings(catalog, edition, booths):
    """(category, Listing) for every hall and category with booths in this edition.

    A booth is listed under each of its categories and every ancestor of them (a booth
    in "Hall 1 > Furniture > Tables" shows in all three listings), once per listing.
    """
    members = {}
    for booth in booths:
        seen = set()
        for category_id in catalog.source_categories(booth):
            for node in catalog.category_chain(category_id):
                if node.id not in seen:
                    seen.add(node.id)
                    members.setdefault(node.id, []).append(booth.id)
    result = []
    for source_id, booth_ids in members.items():
        chain = [
            catalog.localized_category(node, edition.locale_id)
            for node in catalog.category_chain(source_id)
        ]
        slugs = "/".join(node.slug for node in chain)
        path = f"{edition.url}halls/{slugs}/"
        category = chain[-1]
        result.append(
            (
                category,
                Listing(
                    edition_id=edition.id,
                    category_id=category.id,
                    source_category_id=source_id,
                    path=path,
                    booth_ids=listing_order(catalog, booth_ids),
                ),
            )
        )
    result.sort(key=lambda item: item[1].path)
    return result


def uncategorized_booths(catalog, booths):
    """Booths without a category, listed on the edition page itself (usually few)."""
    return listing_order(catalog, [b.id for b in booths if not catalog.source_categories(b)])


def check_paths(outputs):
    """Refuse a plan in which two outputs write one file (a slug clash, SPEC-independent)."""
    seen = {}
    for output in outputs:
        other = seen.get(output.path)
        if other is not None:
            raise PathClash(
                _("Two pages would be written to %(path)s: %(first)s and %(second)s.")
                % {"path": output.path, "first": other.describe(), "second": output.describe()}
            )
        seen[output.path] = output
