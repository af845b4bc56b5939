"""Change-driven planning: re-plan only what the change journal says was touched.

A rescan (plan every output, compare every fingerprint with the manifest) costs time in
proportion to the site: seconds at 160,000 pages, whatever changed. An incremental build
instead starts from the journal (site_builder.changes) and the manifest, so that its cost
follows the change (ARCHITECTURE property 3, issue 3 §6: one booth edited ≤ 1 s at 1,000
and at 10,000 booths):

1. every changed page or exhibitor leads to a *booth unit* (a booth page and its exhibits'
   pages), in every language the booth has; those units are planned again in full;
2. a booth whose place in the listings may have changed (added, removed, moved,
   renumbered, recategorised, or renamed while sharing its booth number with another
   booth: its `listing_key`) has its edition's listings planned again,
   which reads all of that edition's booths; otherwise the listings and edition pages
   that show the booth are re-planned from their stored parameters, one by one;
3. the live schedule of a language is re-planned when a booth that has, or had, live
   streams changed;
4. the sitemap rows of the re-planned pages are compared with the stored ones.

A change to a home or edition page, a category, a language or anything the journal
records as "everything" is not worth the bookkeeping: the build rescans instead
(`NeedsRescan`). Whatever this module plans, the rescan plans identically: the tests
build incrementally after each kind of edit and check that a rescan then finds nothing
left to render.
"""

from dataclasses import dataclass, field

from wagtail.models import Page

from site_builder.catalog import BOOTH_DEPTH, Catalog, Scope, digest
from site_builder.plan import Planner
from site_builder.sitemaps import listing_row, page_row


class NeedsRescan(Exception):
    """This change is planned by comparing the whole site (see the module docstring)."""


@dataclass
class IncrementalPlan:
    """What a build renders, removes and records (made by plan_changes or a rescan)."""

    catalog: Catalog
    outputs: list
    removed: list
    booth_keys: dict = field(default_factory=dict)
    forget_booths: set = field(default_factory=set)
    sitemap_rows: dict = field(default_factory=dict)
    sitemap_forget: set = field(default_factory=set)
    rescan: bool = False

    @property
    def pages(self):
        return len(self.outputs)


def listing_key(catalog, booth):
    """What decides a booth's place in its edition's listings: (edition, language, which
    listings (its categories), translation key, booth number, order within a listing)."""
    return (
        booth.parent_id,
        booth.locale_id,
        digest(catalog.source_categories(booth)),
        str(booth.translation_key),
        booth.booth_number,
        digest(booth.booth_number, booth.title.casefold()),
    )


def moves_in_listings(manifest, old, new):
    """Whether a booth's change can move it in, out of or within its edition's listings.

    Listings are sorted by booth number, then title (plan.listing_order): renaming a booth
    whose number no other booth of the edition shares leaves every listing as it was."""
    if old == new:
        return False
    if old is None or new is None or old[:5] != new[:5]:
        return True
    number = new[4]
    return not number or manifest.booths_numbered(new[0], number) > 1


def all_booth_keys(catalog):
    return {b.id: listing_key(catalog, b) for b in catalog.of_kind("booth")}


def all_sitemap_rows(catalog, outputs):
    """{path: row} of every page and first listing page (a rescan)."""
    rows = {e.url: page_row(catalog, e) for e in catalog.entries.values()}
    for output in outputs:
        if output.kind == "listing" and output.params["number"] == 1:
            rows[output.path] = listing_row(output.locale_id)
    return rows


def plan_changes(changes, manifest, theme):
    """An IncrementalPlan for the journal's `changes` (raises NeedsRescan)."""
    booths = focus_booths(changes, manifest)
    old_keys = manifest.booth_keys(booths)

    # Which editions' listings change shape: compare each booth's listing key.
    probe = Catalog(scope=Scope(booth_units=booths))
    new_keys = {pk: listing_key(probe, probe.entries[pk]) for pk in booths if present(probe, pk)}
    editions = set()
    for pk in booths:
        old, new = old_keys.get(pk), new_keys.get(pk)
        if moves_in_listings(manifest, old, new):
            editions.update(key[0] for key in (old, new) if key)

    # Listings, edition and live pages showing these booths, re-planned one by one.
    stored = [
        plan
        for plan in manifest.outputs_showing(booths, {"listing", "edition"})
        if plan.params.get("edition", plan.page_id) not in editions
    ]
    locales = {key[1] for key in (*old_keys.values(), *new_keys.values())}
    live_plans = {lid: manifest.plans_of_unit(f"live:{lid}") for lid in locales}
    shown = {pk for plan in stored for pk in plan.page_ids}
    shown.update(pk for plans in live_plans.values() for plan in plans for pk in plan.page_ids)

    if editions or shown - set(probe.entries):
        catalog = Catalog(scope=Scope(booth_units=booths, bare_booths=shown, editions=editions))
    else:  # the probe already holds every page the plan reads
        catalog = probe
    planner = Planner(catalog, theme)
    outputs, units = [], set()
    for pk in sorted(booths):
        units.add(f"booth:{pk}")
        if present(catalog, pk):
            outputs.extend(planner.booth_outputs(catalog.entries[pk]))
    for pk in sorted(editions):
        units.add(f"edition:{pk}")
        if pk in catalog.entries:
            outputs.extend(planner.edition_outputs(catalog.entries[pk]))
    for plan in stored:
        if any(pk not in catalog.entries for pk in plan.page_ids):
            raise NeedsRescan(f"{plan.path} shows a page that is gone")
        if plan.kind == "listing":
            edition = catalog.entries[plan.params["edition"]]
            outputs.append(planner.listing_output(edition, plan.path, plan.params))
        else:
            outputs.append(planner.edition_output(catalog.entries[plan.page_id], plan.params))
    outputs.extend(live_outputs(catalog, planner, booths, live_plans))
    for home in catalog.of_kind("home"):
        outputs.append(planner.search_output(home))  # its fingerprint has the search config

    planned = {output.path for output in outputs}
    removed = sorted(path for path in manifest.outputs_of_units(units) if path not in planned)

    plan = IncrementalPlan(catalog, outputs, removed)
    plan.booth_keys = {
        pk: listing_key(catalog, catalog.entries[pk]) for pk in booths if present(catalog, pk)
    }
    plan.forget_booths = {pk for pk in booths if not present(catalog, pk)}
    for output in outputs:
        if output.unit.startswith("booth:"):
            plan.sitemap_rows[output.path] = page_row(catalog, catalog.entries[output.page_id])
        elif output.kind == "listing" and output.params["number"] == 1:
            plan.sitemap_rows[output.path] = listing_row(output.locale_id)
    plan.sitemap_forget = set(removed)
    return plan


def present(catalog, pk):
    entry = catalog.entries.get(pk)
    return entry is not None and entry.kind == "booth"


def live_outputs(catalog, planner, booths, live_plans):
    """The live schedules that a changed booth with (or without any more) streams is on."""
    for locale_id, plans in sorted(live_plans.items()):
        root = catalog.roots.get(locale_id)
        if root is None or not plans:
            raise NeedsRescan(f"no live schedule planned for language {locale_id}")
        before = {
            pk
            for plan in plans
            for pk in plan.page_ids
            if pk in catalog.entries and catalog.entries[pk].kind == "booth"
        }
        after = (before - booths) | {
            pk
            for pk in booths
            if present(catalog, pk)
            and catalog.entries[pk].locale_id == locale_id
            and pk in catalog.live_booths
        }
        if before & booths or after & booths:
            yield planner.live_output(catalog.entries[root.home_id], after)


def focus_booths(changes, manifest):
    """The booths whose units the changes touch, in every language they have."""
    from booths.models import BoothPage

    booth_ids = set()
    exhibit_parents = set()
    rows = Page.objects.filter(id__in=sorted(changes.page_ids)).values_list("id", "depth", "path")
    for pk, depth, path in rows:
        if depth < BOOTH_DEPTH:
            raise NeedsRescan(f"page {pk} is a home or edition page")
        if depth == BOOTH_DEPTH:
            booth_ids.add(pk)
        elif depth == BOOTH_DEPTH + 1:
            exhibit_parents.add(path[: -Page.steplen])
    # The units the pages were in at the last build (deleted or moved pages).
    for path, kind, unit in manifest.outputs_of_pages(changes.page_ids):
        if kind in ("home", "edition"):
            raise NeedsRescan(f"{path} was a home or edition page")
        if unit.startswith("booth:"):
            booth_ids.add(int(unit.split(":")[1]))
    if exhibit_parents:
        booth_ids.update(Page.objects.filter(path__in=exhibit_parents).values_list("id", flat=True))
    if changes.exhibitor_ids:
        booth_ids.update(
            BoothPage.objects.filter(exhibitor_id__in=sorted(changes.exhibitor_ids)).values_list(
                "pk", flat=True
            )
        )
    # Every language of those booths: their language switchers and source categories.
    keys = {
        str(key)
        for key in Page.objects.filter(id__in=sorted(booth_ids)).values_list(
            "translation_key", flat=True
        )
    }
    keys.update(value[3] for value in manifest.booth_keys(booth_ids).values())
    if keys:
        booth_ids.update(
            Page.objects.filter(translation_key__in=sorted(keys), depth=BOOTH_DEPTH).values_list(
                "id", flat=True
            )
        )
        booth_ids.update(manifest.booths_with_translation_keys(keys))
    return booth_ids
