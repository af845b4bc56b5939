"""Registering translations that were written as plain pages with wagtail-localize.

Pages translated outside wagtail-localize (the bulk-written demo, content migrated from an
older system, a copy edited by hand) are ordinary pages to it: a translator cannot open them
in the translation editor and "Sync translated pages" does not reach them. Adopting one
records its text as the translation of the source's segments, so that from then on it is a
wagtail-localize translation like any other, with nothing of its content changed.
"""

from collections import defaultdict

from django.db import transaction
from wagtail.models import Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

TOOL_NAME = "Existing page"  # shown as "translated by …", like wagtail-localize's "PO File"


def _strings_by_path(instance):
    """{context path: [translated-form string data, …]} of an instance's text segments."""
    strings = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            strings[segment.path].append(segment.string.data)
    return strings


@transaction.atomic
def adopt_translation(source, target):
    """Make `target` (a translation of `source` by translation_key) a wagtail-localize one.

    Returns (translation, adopted, skipped): the Translation record, how many strings were
    recorded, and the context paths whose segments did not line up (a paragraph added in
    one language only); those stay untranslated in the editor while the page keeps its text.
    """
    if isinstance(source, Page):
        source, target = source.specific, target.specific
    if source.translation_key != target.translation_key or source.locale_id == target.locale_id:
        raise ValueError("target must be a translation of source in another locale")
    translation_source, _created = TranslationSource.get_or_create_from_instance(source)
    translation, _created = Translation.objects.update_or_create(
        source=translation_source, target_locale=target.locale, defaults={"enabled": True}
    )
    segments = defaultdict(list)
    for segment in (
        StringSegment.objects.filter(source=translation_source)
        .select_related("context")
        .order_by("order")
    ):
        segments[segment.context.path].append(segment)
    target_strings = _strings_by_path(target)

    adopted, skipped = 0, []
    existing = {
        (row.translation_of_id, row.context_id): row
        for row in StringTranslation.objects.filter(
            locale=target.locale, context__object_id=translation_source.object_id
        )
    }
    new_rows = []
    for path, group in segments.items():
        texts = target_strings.get(path, [])
        if len(texts) != len(group):
            skipped.append(path)
            continue
        for segment, text in zip(group, texts, strict=True):
            if (segment.string_id, segment.context_id) in existing:
                continue
            new_rows.append(
                StringTranslation(
                    translation_of_id=segment.string_id,
                    locale=target.locale,
                    context_id=segment.context_id,
                    data=text,
                    translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                    tool_name=TOOL_NAME,
                )
            )
    StringTranslation.objects.bulk_create(new_rows, ignore_conflicts=True)
    adopted = len(new_rows)
    return translation, adopted, skipped


def adopt_existing_translations(instance):
    """Adopt every existing translation of a source page or snippet that wagtail-localize
    does not know yet (alias pages excluded: they are wagtail-localize's own). Returns the
    count adopted."""
    targets = instance.get_translations()
    if isinstance(instance, Page):
        targets = targets.filter(alias_of__isnull=True)
    known = set(
        Translation.objects.filter(
            source__object_id=instance.translation_key, source__locale_id=instance.locale_id
        ).values_list("target_locale_id", flat=True)
    )
    count = 0
    for target in targets:
        if target.locale_id not in known:
            adopt_translation(instance, target)
            count += 1
    return count
