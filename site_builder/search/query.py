"""Searching from the server side: the `search` command, tests and later server features.

It asks the same index, with the same settings, as the browser does; the only additions
are what the browser cannot have: any level's index (with the master key) and the import
ids of the records found, looked up in the database (the organizer's own ids, SPEC 4.1).
"""

from dataclasses import dataclass

from django.conf import settings

from site_builder.search.levels import get_level
from site_builder.search.server import get_client, unavailable_on_error

DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    page_id: int
    model_number: str
    external_id: str
    document: dict

    def as_json(self):
        return {
            "kind": self.kind,
            "title": self.title,
            "url": self.url,
            "page_id": self.page_id,
            "model_number": self.model_number,
            "external_id": self.external_id,
        }


@dataclass(frozen=True)
class Result:
    hits: list
    total: int
    facets: dict
    facet_stats: dict
    index: str


def external_ids(documents):
    """{document id: import external id} in two queries: an exhibit's own external_id, a
    booth's exhibitor's (ExhibitorProfile.external_id); "" when there is none."""
    from booths.models import BoothPage, ExhibitPage

    exhibit_ids = [doc["page_id"] for doc in documents if doc.get("kind") == "exhibit"]
    booth_ids = [doc["page_id"] for doc in documents if doc.get("kind") == "booth"]
    found = {}
    if exhibit_ids:
        for pk, external_id in ExhibitPage.objects.filter(pk__in=exhibit_ids).values_list(
            "pk", "external_id"
        ):
            found[f"exhibit-{pk}"] = external_id or ""
    if booth_ids:
        for pk, external_id in BoothPage.objects.filter(pk__in=booth_ids).values_list(
            "pk", "exhibitor__external_id"
        ):
            found[f"booth-{pk}"] = external_id or ""
    return found


def search(
    query,
    locale=None,
    *,
    search_filter=None,
    level="public",
    limit=DEFAULT_LIMIT,
    offset=0,
    sort=None,
    facets=None,
):
    """Search one language's index of one level; hits in rank order with their import ids.

    Raises SearchUnavailable when Meilisearch is down, and MeilisearchApiError for a bad
    query (an unknown filter attribute, a malformed expression).
    """
    locale = locale or settings.SOURCE_LOCALE
    uid = get_level(level).index_uid(locale)
    params = {"limit": limit, "offset": offset}
    if search_filter:
        params["filter"] = search_filter
    if sort:
        params["sort"] = [sort] if isinstance(sort, str) else list(sort)
    if facets:
        params["facets"] = list(facets)
    with unavailable_on_error():
        response = get_client().index(uid).search(query or "", params)
    documents = response.get("hits", [])
    ids = external_ids(documents)
    hits = [
        Hit(
            kind=doc.get("kind", ""),
            title=doc.get("title", ""),
            url=doc.get("url", ""),
            page_id=doc.get("page_id"),
            model_number=doc.get("model_number", ""),
            external_id=ids.get(doc.get("id"), ""),
            document=doc,
        )
        for doc in documents
    ]
    return Result(
        hits=hits,
        total=response.get("estimatedTotalHits", response.get("totalHits", len(hits))),
        facets=response.get("facetDistribution", {}),
        facet_stats=response.get("facetStats", {}),
        index=uid,
    )
