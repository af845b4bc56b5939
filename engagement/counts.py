"""The live counts a booth or exhibit page shows: likes, favourites, published comments.

Read far more often than written (every page view asks), so each page's counts are cached
and the cache entry is dropped by every write that changes them (`changed()`), through
the shared cache: every API process sees the new count at once.
"""

from django.core.cache import cache
from django.db.models import Count

from engagement.models import Comment, Reaction

TIMEOUT = 300


def _key(page_id):
    return f"engagement:counts:{page_id}"


def counts(page_ids):
    """{source page id: {"likes", "favourites", "comments"}} for the given source pages."""
    page_ids = list(dict.fromkeys(page_ids))
    found = cache.get_many([_key(page_id) for page_id in page_ids])
    result = {page_id: found[_key(page_id)] for page_id in page_ids if _key(page_id) in found}
    missing = [page_id for page_id in page_ids if page_id not in result]
    if missing:
        fresh = {page_id: {"likes": 0, "favourites": 0, "comments": 0} for page_id in missing}
        for row in (
            Reaction.objects.filter(page_id__in=missing)
            .values("page_id", "kind")
            .annotate(n=Count("pk"))
        ):
            name = "likes" if row["kind"] == Reaction.LIKE else "favourites"
            fresh[row["page_id"]][name] = row["n"]
        for row in (
            Comment.objects.published()
            .filter(page_id__in=missing)
            .values("page_id")
            .annotate(n=Count("pk"))
        ):
            fresh[row["page_id"]]["comments"] = row["n"]
        cache.set_many({_key(page_id): value for page_id, value in fresh.items()}, TIMEOUT)
        result.update(fresh)
    return result


def changed(page_id):
    cache.delete(_key(page_id))
