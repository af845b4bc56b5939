"""Search index and reference index for objects written in bulk, in one pass at the end.

Saving a model normally enqueues one search-index task and one reference-index task per
object; for the demo's ≈ 6,000 objects that is most of the run time (and, with the
database task queue, thousands of queued jobs). While seeding, those handlers are paused
and `index_objects()` / `index_references()` then do the same work in bulk.
"""

import contextlib
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import prefetch_related_objects
from django.db.models.signals import post_save
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends_with_name
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

CHUNK = 1000


@contextlib.contextmanager
def automatic_indexing_paused():
    """Stop per-save search and reference indexing; the caller indexes in bulk instead."""
    paused = [
        model
        for model in search_index.get_indexed_models()
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in paused:
            post_save.connect(post_save_signal_handler, sender=model)


def _chunks(items, size=CHUNK):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _by_model(objects):
    groups = {}
    for obj in objects:
        groups.setdefault(type(obj), []).append(obj)
    return groups


def _prefetch_unplanned_relations(model, items):
    """Related search fields not held in memory (e.g. taggit tags) are fetched with one
    query per model rather than one per object."""
    held = getattr(items[0], "_cluster_related_objects", {})
    names = [
        field.field_name
        for field in model.get_search_fields()
        if isinstance(field, search_index.RelatedFields) and field.field_name not in held
    ]
    if names:
        prefetch_related_objects(items, *names)


def index_objects(objects):
    """Add objects to every auto-updated search backend, one bulk call per model and chunk."""
    groups = {
        model: items
        for model, items in _by_model(objects).items()
        if search_index.class_is_indexed(model) and getattr(model, "search_auto_update", True)
    }
    for model, items in groups.items():
        _prefetch_unplanned_relations(model, items)
    count = 0
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        for model, items in groups.items():
            for chunk in _chunks(items):
                backend.add_bulk(model, chunk)
                count += len(chunk)
    return count


def index_references(objects):
    """Record what each object links to (images, documents, snippets) for "usage" views.

    Same records as ReferenceIndex.create_or_update_for_object(), built for new objects
    only, so no lookup of existing records is needed.
    """
    rows = []
    for model, items in _by_model(objects).items():
        if not ReferenceIndex.is_indexed(model):
            continue
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        base_content_type = ReferenceIndex._get_base_content_type(model)
        for obj in items:
            found = set(ReferenceIndex._extract_references_from_object(obj))
            rows.extend(
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=str(obj.pk),
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
                for to_content_type_id, to_object_id, model_path, content_path in sorted(found)
            )
    ReferenceIndex.objects.bulk_create(
        rows, batch_size=500, ignore_conflicts=connection.features.supports_ignore_conflicts
    )
    return len(rows)
