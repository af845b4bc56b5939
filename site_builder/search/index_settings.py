"""Meilisearch settings of each index, and applying them only when they differ.

Changing a setting makes Meilisearch re-process the whole index, so settings are compared
with what the index has and only the differing ones are sent: a second `index_search`
with nothing changed enqueues no settings task at all.

Relevance choices (SPEC 4.7.2: find by keyword, model and specification):
- searchable attributes in order of weight, model number first, so that with the default
  ranking rules ("attribute" before "exactness") an exact model number puts its exhibit
  above any page that merely mentions it;
- no typo tolerance on model numbers: "XJ-2001" must not find "XJ-2000";
- Chinese (and Japanese, Korean, Thai) indexes are told their language, so that text is
  segmented into words even for short queries that language detection would get wrong;
- the organizer's glossary as synonyms, so "Power" finds "功率" and back.
"""

import json

from django.conf import settings

from site_builder.search.levels import SORTABLE

RANKING_RULES = ["words", "typo", "proximity", "attribute", "sort", "exactness"]
MAX_TOTAL_HITS = 5000  # deep enough for any buyer paging; bounded to keep queries fast
MAX_VALUES_PER_FACET = 200  # every hall, country and common tag of a large show
# Languages whose text has no spaces between words: Meilisearch must know to segment them.
SEGMENTED_LANGUAGES = {"zh-hans": "cmn", "zh-hant": "cmn", "ja": "jpn", "ko": "kor", "th": "tha"}
NUMERIC_SPECS = {
    # Nested spec ranges (num.power_w.min …): new keys need no settings change.
    "attributePatterns": ["num.*"],
    "features": {"facetSearch": False, "filter": {"equality": True, "comparison": True}},
}


def glossary_synonyms(language_code):
    """Two-way synonyms from the glossary: each source term with its translation into this
    language; for the source language, with its translation into every language."""
    from booths.models import GlossaryTerm

    terms = GlossaryTerm.objects.all()
    if language_code != settings.SOURCE_LOCALE:
        terms = terms.filter(locale__language_code=language_code)
    synonyms = {}
    for source, target in terms.values_list("source_term", "target_term"):
        source, target = source.strip(), target.strip()
        if not source or not target or source.casefold() == target.casefold():
            continue
        synonyms.setdefault(source, set()).add(target)
        synonyms.setdefault(target, set()).add(source)
    return {term: sorted(values) for term, values in sorted(synonyms.items())}


def index_settings(level, language_code, synonyms):
    """The complete settings of the index of `level` in `language_code`."""
    locale = SEGMENTED_LANGUAGES.get(language_code)
    return {
        "searchableAttributes": list(level.searchable),
        "displayedAttributes": list(level.fields),
        "filterableAttributes": [*level.filterable, *level.extra_filterable, NUMERIC_SPECS],
        "sortableAttributes": list(SORTABLE),
        "rankingRules": RANKING_RULES,
        "typoTolerance": {
            "enabled": True,
            "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
            "disableOnWords": [],
            "disableOnAttributes": ["model_number"],
            "disableOnNumbers": False,
        },
        "synonyms": synonyms,
        "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
        "faceting": {
            "maxValuesPerFacet": MAX_VALUES_PER_FACET,
            "sortFacetValuesBy": {"*": "count"},
        },
        "localizedAttributes": (
            [{"attributePatterns": ["*"], "locales": [locale]}] if locale else None
        ),
        "distinctAttribute": None,
    }


# Settings whose list order carries no meaning (compared as sets).
_UNORDERED = {"displayedAttributes", "filterableAttributes", "sortableAttributes"}


def _canonical(name, value):
    if name == "localizedAttributes" and not value:
        value = None
    if name == "synonyms":
        value = {term: sorted(values) for term, values in (value or {}).items()}
    if name in _UNORDERED and value is not None:
        value = sorted(json.dumps(item, sort_keys=True) for item in value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def changed_settings(current, desired):
    """The desired settings that differ from the index's current ones."""
    return {
        name: value
        for name, value in desired.items()
        if _canonical(name, value) != _canonical(name, current.get(name))
    }


def apply_settings(index, desired):
    """Send the settings that differ; returns the task, or None when nothing changed."""
    changed = changed_settings(index.get_settings(), desired)
    if not changed:
        return None
    return index.update_settings(changed)
