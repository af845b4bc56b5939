"""Pushing documents to Meilisearch: incremental updates, a sync, and a full reindex.

Three entry points, from cheapest to dearest:
- `update_pages(ids)`: what the site builder calls after a publish or unpublish; only the
  documents of those pages (and of the exhibits of a booth among them) change
  (ARCHITECTURE property 3). Pages that left the site lose their documents (property 4).
- `sync_all()`: `index_search` without --full; every index gets its settings (only when
  they differ), every live page its document, and documents of pages that are gone go.
- `reindex_all()`: `index_search --full`; each language's indexes are rebuilt under a
  temporary name and swapped in at once, so buyers never search an empty or half-built
  index (SPEC 4.5 keeps working during a rebuild).

Meilisearch is asynchronous: every write returns a task, and these functions wait for
their tasks, raising IndexingFailed when one fails, so that a caller that got counts back
knows the documents are searchable.
"""

import logging
from itertools import islice

from django.conf import settings
from wagtail.models import Locale

from site_builder.search import documents
from site_builder.search.index_settings import apply_settings, glossary_synonyms, index_settings
from site_builder.search.levels import LEVELS, parse_index_uid
from site_builder.search.server import get_client, unavailable_on_error

logger = logging.getLogger(__name__)

CHUNK = 500  # pages per document batch: bounded memory, few round trips
DELETE_CHUNK = 1000
TASK_TIMEOUT_MS = 600_000  # a settings change re-processes a whole index


class IndexingFailed(Exception):
    """Meilisearch accepted a write but could not apply it (the task failed)."""


def _chunks(items, size):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def wait(client, tasks, timeout_ms=TASK_TIMEOUT_MS):
    """Wait for Meilisearch tasks (TaskInfo or None) to finish; raise if one failed."""
    for info in tasks:
        if info is None:
            continue
        task = client.wait_for_task(info.task_uid, timeout_in_ms=timeout_ms, interval_in_ms=20)
        if task.status != "succeeded":
            raise IndexingFailed(f"Meilisearch task {task.uid} ({task.type}): {task.error}")


def our_indexes(client):
    """{uid: (level, language)} of the live indexes under MEILI_INDEX_PREFIX."""
    found, offset = {}, 0
    while True:
        page = client.get_raw_indexes({"limit": 1000, "offset": offset})
        for index in page["results"]:
            parsed = parse_index_uid(index["uid"])
            if parsed:
                found[index["uid"]] = parsed
        offset += len(page["results"])
        if offset >= page["total"] or not page["results"]:
            return found


def _create(client, uid):
    wait(client, [client.create_index(uid, {"primaryKey": "id"})])


def prepare_indexes(client, language, existing=None, synonyms=None):
    """Create this language's indexes if missing and bring their settings up to date.

    Returns the settings tasks (already enqueued; wait for them before searching).
    """
    existing = our_indexes(client) if existing is None else existing
    synonyms = glossary_synonyms(language) if synonyms is None else synonyms
    tasks = []
    for level in LEVELS.values():
        uid = level.index_uid(language)
        if uid not in existing:
            _create(client, uid)
            existing[uid] = (level.name, language)
        tasks.append(apply_settings(client.index(uid), index_settings(level, language, synonyms)))
    return tasks


def _add(client, language, docs, temporary=False):
    tasks = []
    for level in LEVELS.values():
        uid = _temporary_uid(level, language) if temporary else level.index_uid(language)
        tasks.append(
            client.index(uid).add_documents([level.project(doc) for doc in docs], primary_key="id")
        )
    return tasks


def _delete_pages(client, uids, page_ids):
    tasks = []
    for chunk in _chunks(sorted(page_ids), DELETE_CHUNK):
        expression = f"page_id IN [{', '.join(str(pk) for pk in chunk)}]"
        tasks.extend(client.index(uid).delete_documents(filter=expression) for uid in uids)
    return tasks


def update_pages(page_ids):
    """(Re)index these pages in every index they belong to; delete the documents of those
    no longer on the site (unpublished, deleted, aliases, private).

    A booth brings its exhibits along (their documents repeat the booth's name, URL and
    country), an edition or home page everything below it. Returns counts:
    {"indexed": documents written (to each level's index), "deleted": page ids whose
    documents were removed, "indexes": how many of our indexes exist}.
    Raises SearchUnavailable when Meilisearch is down, IndexingFailed when a task fails.
    """
    page_ids = sorted({int(pk) for pk in page_ids})
    if not page_ids:
        return {"indexed": 0, "deleted": 0, "indexes": 0}
    indexed, stale = set(), set()
    with unavailable_on_error():
        client = get_client()
        existing = our_indexes(client)
        prepared = set()
        for chunk in _chunks(page_ids, CHUNK):
            batch = documents.build(chunk)
            tasks = []
            for language, docs in batch.documents.items():
                if language not in prepared:
                    tasks.extend(prepare_indexes(client, language, existing))
                    prepared.add(language)
                tasks.extend(_add(client, language, docs))
                indexed.update(doc["id"] for doc in docs)
            if batch.stale_ids and existing:
                tasks.extend(_delete_pages(client, sorted(existing), batch.stale_ids))
            stale |= batch.stale_ids
            wait(client, tasks)
    logger.info("Search: %s documents indexed, %s pages removed", len(indexed), len(stale))
    return {"indexed": len(indexed), "deleted": len(stale), "indexes": len(existing)}


def _languages(locales):
    if locales:
        return list(dict.fromkeys(locales))
    return list(Locale.objects.order_by("language_code").values_list("language_code", flat=True))


def _all_document_ids(index):
    """Every document id in an index (pages of 1,000)."""
    ids, offset = set(), 0
    while True:
        page = index.get_documents({"fields": ["id"], "limit": 1000, "offset": offset})
        ids.update(doc.id for doc in page.results)
        offset += len(page.results)
        if not page.results or offset >= page.total:
            return ids


def sync_all(locales=None):
    """Bring every index of these languages (default: all) up to date in place: settings
    when they differ, every live page's document, no document of a page that is gone.

    Returns {"indexed": n, "deleted": n, "settings_updated": n}.
    """
    counts = {"indexed": 0, "deleted": 0, "settings_updated": 0}
    with unavailable_on_error():
        client = get_client()
        existing = our_indexes(client)
        for language in _languages(locales):
            settings_tasks = prepare_indexes(client, language, existing)
            counts["settings_updated"] += sum(task is not None for task in settings_tasks)
            tasks, indexed_ids = list(settings_tasks), set()
            for chunk in _chunks(documents.live_page_ids(language), CHUNK):
                docs = documents.build(chunk, cascade=False).documents.get(language, [])
                indexed_ids.update(doc["id"] for doc in docs)
                tasks.extend(_add(client, language, docs))
            wait(client, tasks)
            counts["indexed"] += len(indexed_ids)
            gone_pages = set()
            for level in LEVELS.values():
                index = client.index(level.index_uid(language))
                gone = _all_document_ids(index) - indexed_ids
                if gone:
                    pages = {int(doc_id.rpartition("-")[2]) for doc_id in gone}
                    wait(client, _delete_pages(client, [index.uid], pages))
                    gone_pages |= pages
            counts["deleted"] += len(gone_pages)
    logger.info("Search sync: %s", counts)
    return counts


def _temporary_uid(level, language):
    # Not "{prefix}_public_…": the browser's key must never reach a half-built index.
    return f"{settings.MEILI_INDEX_PREFIX}_rebuild_{level.name}_{language}"


def reindex_all(locales=None):
    """Rebuild the indexes of these languages (default: all) from scratch and swap them in.

    For each language, every level's index is built under a temporary name with its
    settings applied before any document arrives (so documents are processed once), then
    all levels are swapped with the live ones in one atomic swap; the old indexes are
    deleted afterwards. Searches keep answering from the old index until the swap.
    Without `locales`, indexes of languages that no longer exist are deleted too.

    Returns {"languages": {language: documents}, "documents": total, "removed": [uids]}.
    """
    languages = _languages(locales)
    result = {"languages": {}, "documents": 0, "removed": []}
    with unavailable_on_error():
        client = get_client()
        existing = our_indexes(client)
        all_indexes = {
            index["uid"] for index in client.get_raw_indexes({"limit": 10000})["results"]
        }
        for language in languages:
            synonyms = glossary_synonyms(language)
            tasks = []
            for level in LEVELS.values():
                temporary = _temporary_uid(level, language)
                if temporary in all_indexes:  # left over by an interrupted rebuild
                    wait(client, [client.delete_index(temporary)])
                _create(client, temporary)
                tasks.append(
                    client.index(temporary).update_settings(
                        index_settings(level, language, synonyms)
                    )
                )
            count = 0
            for chunk in _chunks(documents.live_page_ids(language), CHUNK):
                docs = documents.build(chunk, cascade=False).documents.get(language, [])
                count += len(docs)
                if docs:
                    tasks.extend(_add(client, language, docs, temporary=True))
            wait(client, tasks)
            swaps, renamed = [], []
            for level in LEVELS.values():
                live, temporary = level.index_uid(language), _temporary_uid(level, language)
                if live in existing:
                    swaps.append({"indexes": [live, temporary]})
                else:
                    # Nothing to swap with: the new index takes the live name.
                    swaps.append({"indexes": [temporary, live], "rename": True})
                    renamed.append(temporary)
                    existing[live] = (level.name, language)
            wait(client, [client.swap_indexes(swaps)])
            wait(
                client,
                [
                    client.delete_index(_temporary_uid(level, language))
                    for level in LEVELS.values()
                    if _temporary_uid(level, language) not in renamed
                ],
            )
            result["languages"][language] = count
            result["documents"] += count
        if not locales:
            for uid, (_level, language) in sorted(existing.items()):
                if language not in languages:
                    wait(client, [client.delete_index(uid)])
                    result["removed"].append(uid)
    logger.info("Search reindex: %s", result)
    return result
