"""The build plan: every file of the site, what it reads, and a fingerprint of what it read.

`plan_outputs(catalog)` lists one small `Output` per file (pelican's generate-context step):
its URL path, what renders it, and the fingerprints of everything it reads: the pages it
shows, their translations (for the language switcher), the exhibitor records and category
names it prints, and the theme itself. An output whose fingerprint matches the build
manifest is skipped; that is what makes `build_site` incremental by dependency
(ARCHITECTURE property 3). Two outputs that claim the same path are an error
(a slug clash between a booth and a listing, say), never a silent overwrite.
"""

import json
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
    unit: str = ""  # what an incremental build re-plans together (see site_builder.incremental)

    @property
    def fingerprint(self):
        return digest(self.kind, self.path, params_json(self.params), *self.reads)

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


def params_json(params):
    """Params as stored in the manifest (tuples and lists alike: JSON arrays)."""
    return json.dumps(params, sort_keys=True, separators=(",", ":"))


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
        self._card_reads = {}
        self._cat_fp = self._category_fingerprints()
        # What every output reads: the theme, and the home pages (header, switcher).
        homes = sorted(catalog.of_kind("home"), key=lambda e: e.path)
        self.base = (self.theme, *(self._page_fp[h.id] for h in homes))

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
        reads = self._card_reads.get(booth.id)
        if reads is None:  # a booth shows in several listings: worked out once
            reads = self._card_reads[booth.id] = (
                self._page_fp[booth.id],
                self.catalog.exhibitors.get(booth.exhibitor_id, ""),
                digest(*self.catalog.source_categories(booth)),
            )
        return reads

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
        """Every output of the site (a full or rescanning build)."""
        catalog = self.catalog
        outputs = []
        homes = sorted(catalog.of_kind("home"), key=lambda e: e.path)
        for home in homes:
            editions = catalog.children(home, "edition")
            outputs.append(self.home_output(home))
            outputs.append(self.search_output(home))
            outputs.append(self.account_output(home))
            outputs.append(self.live_output(home))
            for edition in editions:
                outputs.extend(self.edition_outputs(edition))
                for booth in catalog.children(edition, "booth"):
                    outputs.extend(self.booth_outputs(booth))
        outputs.extend(self.site_outputs())
        return outputs

    def home_of(self, entry):
        return self.catalog.entries[self.catalog.roots[entry.locale_id].home_id]

    def site_outputs(self):
        """The language chooser at / and the 404 page: they read the home pages only."""
        yield Output("/", "root", reads=self.base, page_ids=(), unit="site")
        yield Output("/404.html", "not_found", reads=self.base, page_ids=(), unit="site")

    def home_output(self, home):
        editions = self.catalog.children(home, "edition")
        return Output(
            home.url,
            "home",
            home.locale_id,
            home.id,
            reads=self.base + self.page_reads(home) + tuple(self._page_fp[e.id] for e in editions),
            page_ids=(home.id, *(e.id for e in editions)),
            unit=f"home:{home.id}",
        )

    def search_output(self, home):
        return Output(
            f"{home.url}search/",
            "search",
            home.locale_id,
            params={"language": self.catalog.roots[home.locale_id].language_code},
            reads=self.base + self.page_reads(home),  # + the search configuration (build.py)
            page_ids=(home.id,),
            unit=f"home:{home.id}",
        )

    def account_output(self, home):
        """The buyer's account page: a shell for the account island (sign-in, registration,
        favourites, conversations, meetings), which reads its data from the API."""
        return Output(
            f"{home.url}account/",
            "account",
            home.locale_id,
            reads=self.base + self.page_reads(home),
            page_ids=(home.id,),
            unit=f"home:{home.id}",
        )

    def live_output(self, home, booth_ids=None):
        """The live schedule reads the booths with live streams (`booth_ids`, or all of
        the language's booths that the catalog knows to have one)."""
        editions = self.catalog.children(home, "edition")
        if booth_ids is None:
            booth_ids = [
                b.id
                for e in editions
                for b in self.catalog.children(e, "booth")
                if b.id in self.catalog.live_booths
            ]
        booth_ids = sorted(booth_ids)
        return Output(
            f"{home.url}live/",
            "live",
            home.locale_id,
            reads=self.base
            + self.page_reads(home)
            + tuple(self._page_fp[e.id] for e in editions)
            + tuple(self._page_fp[pk] for pk in booth_ids),
            page_ids=(home.id, *(e.id for e in editions), *booth_ids),
            unit=f"live:{home.locale_id}",
        )

    def edition_outputs(self, edition):
        """The edition page and its hall and category listings (they share one plan)."""
        booths = self.catalog.children(edition, "booth")
        listings = self.listings(edition, booths)
        yield self.edition_output(edition, edition_params(self.catalog, listings, booths))
        for category, listing in listings:
            yield from self.listing_outputs(edition, category, listing)

    def edition_output(self, edition, params):
        catalog = self.catalog
        featured = [pk for hall in params["halls"] for pk in hall[3]] + list(params["other"])
        return Output(
            edition.url,
            "edition",
            edition.locale_id,
            edition.id,
            params=params,
            reads=self.base
            + self.page_reads(edition)
            + self.ancestors(edition)
            + tuple(digest(path, count) for path, count in params["listings"])
            + self.category_reads(hall[0] for hall in params["halls"])
            + tuple(r for pk in featured for r in self.booth_card_reads(catalog.entries[pk])),
            page_ids=(edition.id, self.home_of(edition).id, *featured),
            unit=f"edition:{edition.id}",
        )

    def booth_outputs(self, booth):
        """A booth page and its exhibits' pages."""
        catalog = self.catalog
        yield self.booth_output(booth)
        edition = catalog.entries[booth.parent_id]
        home = self.home_of(booth)
        for exhibit in catalog.children(booth, "exhibit"):
            yield Output(
                exhibit.url,
                "exhibit",
                exhibit.locale_id,
                exhibit.id,
                reads=self.base
                + self.page_reads(exhibit)
                + self.ancestors(exhibit)
                + self.category_reads([exhibit.category_id] if exhibit.category_id else [])
                + (catalog.exhibitors.get(booth.exhibitor_id, ""),),
                page_ids=(exhibit.id, booth.id, edition.id, home.id),
                unit=f"booth:{booth.id}",
            )

    def booth_output(self, booth):
        exhibits = self.catalog.children(booth, "exhibit")
        edition = self.catalog.entries[booth.parent_id]
        return Output(
            booth.url,
            "booth",
            booth.locale_id,
            booth.id,
            reads=self.base
            + self.page_reads(booth)
            + self.ancestors(booth)
            + self.booth_card_reads(booth)
            + self.category_reads(self.catalog.source_categories(booth))
            + tuple(self._page_fp[e.id] for e in exhibits),
            page_ids=(booth.id, edition.id, self.home_of(booth).id, *(e.id for e in exhibits)),
            unit=f"booth:{booth.id}",
        )

    def listings(self, edition, booths):
        return edition_listings(self.catalog, edition, booths)

    def listing_outputs(self, edition, category, listing):
        pages = max(1, math.ceil(len(listing.booth_ids) / self.page_size))
        for number in range(1, pages + 1):
            shown = listing.booth_ids[(number - 1) * self.page_size : number * self.page_size]
            path = listing.path if number == 1 else f"{listing.path}page/{number}/"
            params = {
                "edition": edition.id,
                "category": listing.category_id,
                "source_category": listing.source_category_id,
                "base_path": listing.path,
                "number": number,
                "pages": pages,
                "count": len(listing.booth_ids),
                "booths": tuple(shown),
            }
            yield self.listing_output(edition, path, params)

    def listing_output(self, edition, path, params):
        shown = params["booths"]
        return Output(
            path,
            "listing",
            edition.locale_id,
            params=params,
            reads=self.base
            + self.page_reads(edition)
            + self.ancestors(edition)
            + self.category_reads([params["source_category"]])
            + tuple(r for pk in shown for r in self.booth_card_reads(self.catalog.entries[pk])),
            page_ids=(edition.id, self.home_of(edition).id, *shown),
            unit=f"edition:{edition.id}",
        )


def edition_params(catalog, listings, booths):
    """What the edition page shows: each hall (its category, listing, booth count and
    first booths) and the booths without a category. Stored with the output, so that an
    incremental build re-renders the page without re-planning every listing."""
    halls = tuple(
        (
            category.id,
            listing.path,
            len(listing.booth_ids),
            tuple(listing.booth_ids[:FEATURED_BOOTHS_PER_HALL]),
        )
        for category, listing in listings
        if category.parent_id is None
    )
    return {
        "featured": FEATURED_BOOTHS_PER_HALL,
        "halls": halls,
        "listings": tuple((listing.path, len(listing.booth_ids)) for _c, listing in listings),
        "other": tuple(uncategorized_booths(catalog, booths)),
    }


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
