"""The live counts a booth or exhibit page shows: likes, favourites, published comments.

Read far more often than written (every page view asks), so each page's counts are cached
in the shared cache, where every API process sees a change at once: a like or favourite
recounts its page in place (`recount()`), other writes drop the entry (`changed()`).
"""

import functools

from django.core.cache import cache
from django.db import connections, router

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
        result.update(recount(missing))
    return result


def recount(page_ids):
    """Count the pages afresh and put the figures in the cache: after a like, in place of
    dropping the entry and missing it on the next read."""
    fresh = {page_id: {"likes": 0, "favourites": 0, "comments": 0} for page_id in page_ids}
    for page_id, kind, number in _count_rows(list(fresh)):
        fresh[page_id][NAMES[kind]] = number
    cache.set_many({_key(page_id): value for page_id, value in fresh.items()}, TIMEOUT)
    return fresh


NAMES = {Reaction.LIKE: "likes", Reaction.FAVOURITE: "favourites", "comment": "comments"}


@functools.cache
def _count_sql(size, vendor):
    """Reactions by kind and published comments of `size` pages, in one query. Written out
    rather than as an ORM union because a page's counts are recomputed after each like
    and the ORM spent longer compiling that union than the database running it."""
    connection = connections[router.db_for_read(Reaction)]
    quote = connection.ops.quote_name
    reactions, comments = quote(Reaction._meta.db_table), quote(Comment._meta.db_table)
    page = quote(Reaction._meta.get_field("page").column)  # the same column in both
    ids = ", ".join(["%s"] * size)
    return (
        f"SELECT {page}, kind, COUNT(*) FROM {reactions} WHERE {page} IN ({ids}) "  # noqa: S608 (names from the models, values bound)
        f"GROUP BY {page}, kind UNION ALL "
        f"SELECT {page}, 'comment', COUNT(*) FROM {comments} "
        f"WHERE {page} IN ({ids}) AND status = %s GROUP BY {page}"
    )


def _count_rows(page_ids):
    connection = connections[router.db_for_read(Reaction)]
    with connection.cursor() as cursor:
        cursor.execute(
            _count_sql(len(page_ids), connection.vendor),
            [*page_ids, *page_ids, Comment.PUBLISHED],
        )
        return cursor.fetchall()


@functools.cache
def _mine_sql(size, vendor):
    connection = connections[router.db_for_read(Reaction)]
    quote = connection.ops.quote_name
    page = quote(Reaction._meta.get_field("page").column)
    user = quote(Reaction._meta.get_field("user").column)
    ids = ", ".join(["%s"] * size)
    return (
        f"SELECT {page}, kind FROM {quote(Reaction._meta.db_table)} "  # noqa: S608 (names from the model, values bound)
        f"WHERE {user} = %s AND {page} IN ({ids})"
    )


def reactions_of(user, page_ids):
    """{(source page id, kind)} of `user`'s likes and favourites among `page_ids`: asked
    with the counts after each like, so written out like them."""
    page_ids = list(dict.fromkeys(page_ids))
    if not user.is_authenticated or not page_ids:
        return set()
    connection = connections[router.db_for_read(Reaction)]
    with connection.cursor() as cursor:
        cursor.execute(_mine_sql(len(page_ids), connection.vendor), [user.pk, *page_ids])
        return {(page_id, kind) for page_id, kind in cursor.fetchall()}


def changed(page_id):
    """Something shown on the page changed: its counts and its cached comments go."""
    cache.delete_many([_key(page_id), comments_key(page_id)])


def comments_key(page_id):
    """The first page of a page's comments as visitors see them, per language
    (engagement.api.comments): read on every booth view, changed by the same writes."""
    return f"engagement:comments:{page_id}"
