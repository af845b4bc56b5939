"""Filling a page's English translation from the `_en` columns through wagtail-localize.

The imported English is stored the way a translator's work is stored: a TranslationSource
for the Chinese page, a Translation into English, and a StringTranslation per segment
(title, description), from which wagtail-localize builds the English page. We chose this
over copying the page and setting fields because

* translators then open the page in wagtail-localize's translation editor and see the
  imported strings as done and the rest (specifications, booth content) as still to
  translate, with machine translation one click away;
* translation progress counts the imported strings;
* when the Chinese page changes later, "Sync translated pages" keeps the English strings
  rather than overwriting a hand-edited copy.

Idempotency does not rely on wagtail-localize: `sync_translation()` first compares the
stored strings with the file and touches nothing when they match and the source page did
not change in this import. Building the translation costs a few dozen queries per page,
paid only for pages that are new or changed.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

TOOL_NAME = "import_directory"


def skipped_message(row, column):
    return _(
        "row %(row)s, %(column)s was not imported: the source-language text is empty or "
        "has several paragraphs, so there is nothing to translate it from."
    ) % {"row": row, "column": column}


def _segments_by_path(source):
    segments = {}
    for segment in (
        StringSegment.objects.filter(source=source)
        .select_related("string", "context")
        .order_by("order")
    ):
        segments.setdefault(segment.context.path, []).append(segment)
    return segments


def _translated_data(text):
    """Plain text as wagtail-localize stores a translated string (escaped, <br> for lines)."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return StringValue.from_plaintext("\n".join(lines)).data


def _existing_translations(segments, locale):
    return {
        (row.translation_of_id, row.context_id): row.data
        for row in StringTranslation.objects.filter(
            locale=locale,
            translation_of_id__in=[segment.string_id for segment in segments],
            context_id__in=[segment.context_id for segment in segments],
        )
    }


def is_up_to_date(page, locale, strings, draft=False):
    """True if `page`'s translation into `locale` already holds `strings` (field → text)."""
    target = Page.objects.filter(translation_key=page.translation_key, locale=locale).first()
    if target is None or target.alias_of_id is not None:
        return False
    if not draft and (not target.live or target.has_unpublished_changes):
        return False
    source = TranslationSource.objects.filter(
        object_id=page.translation_key, locale_id=page.locale_id
    ).first()
    if (
        source is None
        or not Translation.objects.filter(
            source=source, target_locale=locale, enabled=True
        ).exists()
    ):
        return False
    segments = _segments_by_path(source)
    wanted = [(segments.get(field, []), text) for field, text in strings.items() if text]
    existing = _existing_translations([s for group, _text in wanted for s in group], locale)
    # A field without exactly one source segment cannot take the text (sync_translation
    # skips it with a warning), so it must not make every re-import rebuild the page.
    return all(
        len(group) != 1
        or existing.get((group[0].string_id, group[0].context_id)) == _translated_data(text)
        for group, text in wanted
    )


def sync_translation(page, locale, strings, draft=False, new_slug=None):
    """Create or update `page`'s translation into `locale` from imported `strings`.

    `strings` maps a translatable field of the page ("title", "introduction",
    "description") to plain text. `new_slug` becomes the translated slug the first time
    only, so that a later change of the English name does not break links. Returns the
    translated page and the fields that were skipped because their source text is empty
    or has several paragraphs, so that there is no single segment to translate.
    """
    skipped = []
    source_page = page.get_latest_revision_as_object()
    source, _created = TranslationSource.update_or_create_from_instance(source_page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    if not translation.enabled:
        translation.enabled = True
        translation.save(update_fields=["enabled"])

    segments = _segments_by_path(source)
    wanted = dict(strings)
    if slugify(new_slug or ""):
        wanted["slug"] = slugify(new_slug)
    existing = _existing_translations(
        [segment for group in segments.values() for segment in group], locale
    )
    for field, text in wanted.items():
        if not text:
            continue
        group = segments.get(field, [])
        if len(group) != 1:
            skipped.append(field)
            continue
        segment = group[0]
        key = (segment.string_id, segment.context_id)
        if field == "slug" and key in existing:
            continue
        data = _translated_data(text)
        if existing.get(key) == data:
            continue
        StringTranslation.objects.update_or_create(
            translation_of_id=segment.string_id,
            locale=locale,
            context_id=segment.context_id,
            defaults={
                "data": data,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "tool_name": TOOL_NAME,
                "has_error": False,
                "field_error": "",
            },
        )

    # publish=False, then publish here: wagtail-localize would publish on commit, which
    # never comes in a dry run and would publish drafts of a --draft import.
    target, _created = source.create_or_update_translation(
        locale, publish=False, copy_parent_pages=True, fallback=True
    )
    if not draft:
        target.get_latest_revision().publish()
    return target, skipped


def apply_english(page, english, page_changed, row_number, columns, context):
    """Bring `page`'s translation into the import's translation locale up to date with the
    row's English cells; True if it had to change. Skipped fields become report warnings
    naming the file's column (`columns` maps a page field to its `_en` column)."""
    locale = context.translation_locale
    if not english or locale is None:
        return False
    if not page_changed and is_up_to_date(page, locale, english, draft=context.draft):
        return False
    _target, skipped = sync_translation(
        page, locale, english, draft=context.draft, new_slug=english.get("title", "")
    )
    for field_name in skipped:
        context.report.warn(skipped_message(row_number, columns.get(field_name, field_name)))
    return True
