"""The keys browsers search with; the master key never leaves the server (SPEC 4.5).

- The *public search key* may only `search`, and only the public indexes
  (`{prefix}_public_*`). It goes into every static search page.
- The *tenant parent key* may only `search` the indexes of every level; it is never
  published. A buyer's browser gets a tenant token signed with it, restricted to the
  indexes of that buyer's level (and optionally to a filter), with an expiry.

Both keys have a uid derived from the index prefix and their purpose, so they are the same
keys across runs and machines sharing a Meilisearch: a rebuilt site keeps working with the
key already in published pages, and creating them again is a no-op.
"""

import datetime
import hashlib
import uuid

from django.conf import settings
from meilisearch.errors import MeilisearchApiError

from site_builder.search.levels import LEVELS, get_level
from site_builder.search.server import get_client, unavailable_on_error

TOKEN_LIFETIME = datetime.timedelta(hours=1)


def key_uid(purpose):
    """A stable uuid4-shaped uid for one of our keys (Meilisearch accepts any uuid4)."""
    digest = hashlib.sha256(f"cloud-expo:{settings.MEILI_INDEX_PREFIX}:{purpose}".encode())
    return str(uuid.UUID(bytes=digest.digest()[:16], version=4))


def ensure_key(client, purpose, actions, indexes, description):
    """The key with this purpose's uid, created (or re-created with the same uid, hence the
    same key value) so that it has exactly these actions and indexes."""
    uid = key_uid(purpose)
    try:
        key = client.get_key(uid)
    except MeilisearchApiError as error:
        if error.status_code != 404:
            raise
        key = None
    if key is not None and (
        sorted(key.actions) != sorted(actions)
        or sorted(key.indexes) != sorted(indexes)
        or key.expires_at is not None
    ):
        client.delete_key(uid)
        key = None
    if key is None:
        key = client.create_key(
            {
                "uid": uid,
                "name": f"{settings.MEILI_INDEX_PREFIX} {purpose}",
                "description": description,
                "actions": list(actions),
                "indexes": list(indexes),
                "expiresAt": None,
            }
        )
    return key


def public_indexes_pattern():
    return f"{settings.MEILI_INDEX_PREFIX}_public_*"


def search_key(client=None):
    """The search-only key for the public indexes, for browsers. Raises SearchUnavailable."""
    with unavailable_on_error():
        client = client or get_client()
        return ensure_key(
            client,
            "public-search",
            ["search"],
            [public_indexes_pattern()],
            "Search-only key published in the static site's search pages (public level).",
        ).key


def _tenant_parent(client):
    return ensure_key(
        client,
        "tenant-parent",
        ["search"],
        [f"{settings.MEILI_INDEX_PREFIX}_{name}_*" for name in LEVELS],
        "Signs buyers' tenant tokens; never published.",
    )


def tenant_token(level, locale=None, *, search_filter=None, expires_at=None, client=None):
    """A tenant token for a buyer of `level`: search only, only that level's indexes (of
    `locale` if given), with `search_filter` forced on every query, expiring at
    `expires_at` (default: in one hour). Raises SearchUnavailable.
    """
    level = get_level(level)
    expires_at = expires_at or datetime.datetime.now(datetime.UTC) + TOKEN_LIFETIME
    index = level.index_uid(locale) if locale else f"{settings.MEILI_INDEX_PREFIX}_{level.name}_*"
    rules = {index: {"filter": search_filter} if search_filter else {}}
    with unavailable_on_error():
        client = client or get_client()
        parent = _tenant_parent(client)
        return client.generate_tenant_token(
            parent.uid, rules, expires_at=expires_at, api_key=parent.key
        )
