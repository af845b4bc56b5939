"""The live counts a booth or exhibit page shows: likes, favourites, published comments.

Read far more often than written (every page view asks), so each page's counts are cached
and the cache entry is dropped by every write that changes them (`changed()`), through
the shared cache: every API process sees the new count at once.
"""

from django.core.cache import cache
from django.db.models import Count, Value

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
        reactions = (
            Reaction.objects.filter(page_id__in=missing)
            .values("page_id", "kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
        comments = (
            Comment.objects.published()
            .filter(page_id__in=missing)
            .annotate(kind=Value("comment"))
            .values("page_id", "kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
        names = {Reaction.LIKE: "likes", Reaction.FAVOURITE: "favourites", "comment": "comments"}
        for row in reactions.union(comments, all=True):  # one query for both tables
            fresh[row["page_id"]][names[row["kind"]]] = row["n"]
        cache.set_many({_key(page_id): value for page_id, value in fresh.items()}, TIMEOUT)
        result.update(fresh)
    return result


def changed(page_id):
    """Something shown on the page changed: its counts and its cached comments go."""
    cache.delete_many([_key(page_id), comments_key(page_id)])


def comments_key(page_id):
    """The first page of a page's comments as visitors see them, per language
    (engagement.api.comments): read on every booth view, changed by the same writes."""
    return f"engagement:comments:{page_id}"
