"""What the static search page needs to search by itself (SPEC 4.5, 4.7.2).

`search_ui_config(locale)` returns the `search-config` JSON of the shared contract without
its "strings" (the builder adds the theme's translated strings): where Meilisearch is,
the public search-only key, the index of that language, the facets and sorts offered, and
a range filter for every numeric specification present in that language's index, in the
unit exhibitors write it in (kW rather than W) with the scale to the indexed base unit.
"""

import logging
from collections import Counter

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from meilisearch.errors import MeilisearchApiError

from site_builder.search.documents import spec_units
from site_builder.search.keys import search_key
from site_builder.search.levels import PUBLIC
from site_builder.search.server import SearchUnavailable, get_client, unavailable_on_error
from site_builder.search.specs import parse_unit, tidy

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
HIERARCHY = ["category_lvl0", "category_lvl1", "category_lvl2"]
FACETS = [
    ("kind", _("Type")),
    ("exhibition_title", _("Exhibition")),  # titles read better than slugs
    ("category_lvl0", _("Hall")),
    ("country", _("Country / region")),
    ("target_markets", _("Target market")),
    ("tags", _("Tag")),
    ("has_3d", _("3D model")),
    ("has_video", _("Video")),
    ("has_live", _("Live stream")),
    ("has_panorama", _("VR panorama")),
]
SORTS = [
    ("", _("Relevance")),
    ("popularity:desc", _("Most popular")),
    ("name_sort:asc", _("Name (A–Z)")),
    ("published_at:desc", _("Newest")),
]


def _display_unit(units):
    """(symbol, scale) buyers are used to for one spec: its most written unit that converts
    by a plain scale (°F does not); the base unit when there is none."""
    for text, _count in Counter(units).most_common():
        unit = parse_unit(text)
        if unit.scale is not None:
            return unit.symbol, unit.scale
    unit = parse_unit(next(iter(units), ""))
    return unit.dimension.base, 1.0


def spec_ranges(client, uid, locale):
    """One range filter per numeric spec key in the index, with its bounds (display unit)."""
    response = client.index(uid).search("", {"limit": 0, "facets": ["*"]})
    stats = response.get("facetStats") or {}
    keys = sorted(
        name[len("num.") : -len(".min")]
        for name in stats
        if name.startswith("num.") and name.endswith(".min")
    )
    if not keys:
        return []
    named = spec_units(locale)
    ranges = []
    for key in keys:
        low = stats[f"num.{key}.min"]["min"]
        high = stats.get(f"num.{key}.max", {}).get("max", low)
        label, units = named.get(key, (key.replace("_", " ").capitalize(), Counter()))
        symbol, scale = _display_unit(units)
        ranges.append(
            {
                "key": key,
                "label": label,
                "unit": symbol,
                "scale": float(scale),
                "min": tidy(low / scale),
                "max": tidy(high / scale),
            }
        )
    return sorted(ranges, key=lambda item: (item["label"].casefold(), item["key"]))


def search_ui_config(locale):
    """The search page's configuration for one language, or None when search is
    unavailable (Meilisearch down, or no index for this language yet)."""
    uid = PUBLIC.index_uid(locale)
    try:
        with unavailable_on_error():
            client = get_client()
            try:
                client.get_raw_index(uid)
            except MeilisearchApiError as error:
                if error.code == "index_not_found":
                    logger.warning("Search config for %s: no index %s yet", locale, uid)
                    return None
                raise
            key = search_key(client)
            ranges = spec_ranges(client, uid, locale)
    except (SearchUnavailable, MeilisearchApiError) as error:
        logger.warning("Search config for %s unavailable: %s", locale, error)
        return None
    with translation.override(locale):
        return {
            "host": settings.MEILI_PUBLIC_URL or client.config.url.rstrip("/"),
            "apiKey": key,
            "index": uid,
            "locale": locale,
            "dir": "rtl" if locale in settings.RTL_LANGUAGES else "ltr",
            "facets": [{"attribute": name, "label": str(label)} for name, label in FACETS],
            "hierarchy": HIERARCHY,
            "ranges": ranges,
            "sorts": [{"value": value, "label": str(label)} for value, label in SORTS],
            "pageSize": PAGE_SIZE,
        }
