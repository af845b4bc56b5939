"""Machine-translate pages and snippets without the admin (SPEC 6.2.2.2: automatic translation).

`machine_translate_instance()` does what a translator does with wagtail-localize's buttons
("Translate this page", then "Machine translate", then "Publish"), so that the importer, the
demo seed and `manage.py translate_missing` produce exactly what the admin would: a synced
Translation whose strings are typed "machine" until a translator reviews them (see
`booths.translation_status`). The engines themselves live in `booths.machine_translators`.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from modelcluster.fields import ParentalKey
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail.models.i18n import get_translatable_models
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from booths.machine_translators.base import MachineTranslationConfigError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MachineTranslation:
    """What `machine_translate_instance` did for one object."""

    target: object  # the page or snippet in the target language
    translation: Translation
    strings_translated: int


@transaction.atomic
def machine_translate_instance(instance, target_locale, user=None, publish=True, translator=None):
    """Translate a page or snippet into `target_locale` with the configured machine translator.

    Only strings without a translation yet are sent to the engine, so a translator's work
    is never overwritten; the strings it adds are typed "machine". Related snippets (an
    exhibit's category and the category's parents) are translated first, as the admin's
    "Translate" action does, so that the translation links to translated snippets.

    A page is published only when `publish` is true and its source is live; otherwise the
    translation is its latest, unpublished revision and the public page keeps what it showed
    (the source content, for a page mirrored as an alias). Snippets without drafts are always
    saved as they are. Pages are published when the outermost transaction commits
    (wagtail-localize defers it with `on_commit`).

    Returns None, and changes nothing, when a person has stopped the synced translation of
    this object to edit it by hand: that text is theirs.
    """
    return _translate(instance, _locale(target_locale), user, publish, translator, set())


def _translate(instance, target_locale, user, publish, translator, seen):
    translator = translator or get_machine_translator()
    if translator is None:
        raise MachineTranslationConfigError(_("WAGTAILLOCALIZE_MACHINE_TRANSLATOR is not set."))
    if isinstance(instance, Page):
        instance = instance.specific
    if instance.locale_id == target_locale.pk:
        raise ValueError(f"{instance!r} is already in {target_locale.language_code}.")
    seen.add(instance.translation_key)

    source, _created = TranslationSource.update_or_create_from_instance(instance)
    for segment in source.relatedobjectsegment_set.select_related("object"):
        related = segment.object.get_instance_or_none(instance.locale)
        if (
            related is not None
            and related.translation_key not in seen
            and not segment.object.has_translation(target_locale)
        ):
            _translate(related, target_locale, user, publish, translator, seen)

    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=target_locale, defaults={"enabled": True}
    )
    if not translation.enabled:
        logger.info(
            "Not machine translating %r into %s: its translation was taken over by hand",
            instance,
            target_locale.language_code,
        )
        return None

    count = 0
    if translator.can_translate(source.locale, target_locale):
        count = translate_untranslated_strings(translation, translator, user)
    if isinstance(instance, DraftStateMixin):
        publish = publish and getattr(instance, "live", True)
    else:
        publish = True  # snippets without drafts cannot be saved any other way
    public_content = None if publish else _live_content(instance, target_locale)
    translation.save_target(user=user, publish=publish)
    target = translation.get_target_instance()
    if public_content is not None:
        _keep_public_content(target, public_content)
    logger.info(
        "Machine translated %r into %s (%d strings)", instance, target_locale.language_code, count
    )
    return MachineTranslation(target=target, translation=translation, strings_translated=count)


def _live_content(instance, locale):
    """What the live page of `instance` in `locale` (an alias or a translation) serves now.

    Serialized at once, child rows included, because saving the translation rewrites them.
    """
    if not isinstance(instance, Page):
        return None
    page = (
        Page.objects.filter(translation_key=instance.translation_key, locale=locale, live=True)
        .specific()
        .first()
    )
    return None if page is None else page.serializable_data()


def _keep_public_content(page, content):
    """Make the translation a pending draft of a page that still serves `content`.

    wagtail-localize saves a translation into the page's own fields, which are what a live
    page serves (and converts an alias in place): left alone, "do not publish" would still
    put unreviewed text on the public site. Here the fields go back to what was live, and
    the translation stays the latest revision, unpublished, as with any pending draft.
    """
    public = page.with_content_json(content)
    public.has_unpublished_changes = True
    public.save(clean=False)


def translate_untranslated_strings(translation, translator, user=None):
    """Machine-translate every string of `translation` that has no translation yet.

    The same as wagtail-localize's "Machine translate" button (`apply_machine_translation`),
    minus the request: identical strings are sent once, all strings in one call to the
    translator, and each result is stored per context with translation_type "machine".
    """
    locale = translation.target_locale
    existing = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale=locale,
    )
    pending = defaultdict(list)
    for segment in (
        StringSegment.objects.filter(source=translation.source)
        .exclude(Exists(existing))
        .select_related("string")
        .order_by("order")
    ):
        pending[segment.string.as_value()].append((segment.string_id, segment.context_id))
    if not pending:
        return 0
    results = translator.translate(translation.source.locale, locale, list(pending))
    tool_name = str(translator.display_name)[:255]
    count = 0
    for value, places in pending.items():
        result = results.get(value)
        if result is None or result.data is None:
            continue  # the engine had nothing for it; a translator will do it
        for string_id, context_id in places:
            _string_translation, created = StringTranslation.objects.get_or_create(
                translation_of_id=string_id,
                locale=locale,
                context_id=context_id,
                defaults={
                    "data": result.data,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MACHINE,
                    "tool_name": tool_name,
                    "last_translated_by": user,
                    "has_error": False,
                    "field_error": "",
                },
            )
            count += created
    return count


@dataclass
class TranslateMissingReport:
    """Objects translated or failed per language code, for the command to print."""

    translated: dict = field(default_factory=lambda: defaultdict(list))
    failed: dict = field(default_factory=lambda: defaultdict(list))

    @property
    def total(self):
        return sum(len(objects) for objects in self.translated.values())


def translate_missing(locales=None, publish=False, limit=None, user=None, translator=None):
    """Machine-translate every source page and snippet that has no translation in `locales`.

    `locales` are language codes (default: every locale but the source). A page counts as
    missing while its target-language version is only an alias of the source. Snippets go
    first so that pages can link to their translations; pages go parents first. At most
    `limit` objects are translated in all. An object that fails validation is reported and
    skipped; an engine failure stops the run, since every further call would fail too.
    """
    source = Locale.objects.get(language_code=settings.SOURCE_LOCALE)
    if locales:
        targets = [_locale(code) for code in locales]
    else:
        targets = list(Locale.objects.exclude(pk=source.pk).order_by("language_code"))
    report = TranslateMissingReport()
    remaining = limit
    for target in targets:
        if target.pk == source.pk:
            continue
        for instance in missing_translations(source, target):
            if remaining is not None and remaining <= 0:
                return report
            if _has_real_translation(instance, target):
                continue  # translated meanwhile, as a related object of an earlier one
            try:
                done = machine_translate_instance(
                    instance, target, user=user, publish=publish, translator=translator
                )
            except ValidationError as error:
                logger.warning("Could not translate %r into %s: %s", instance, target, error)
                report.failed[target.language_code].append((instance, error))
                continue
            if done is not None:
                report.translated[target.language_code].append(done.target)
                if remaining is not None:
                    remaining -= 1
    return report


def missing_translations(source_locale, target_locale):
    """Source-language snippets, then pages, with no real translation in `target_locale`."""
    for model in translatable_snippet_models():
        in_target = model.objects.filter(locale=target_locale).values("translation_key")
        yield from (
            model.objects.filter(locale=source_locale)
            .exclude(translation_key__in=in_target)
            .order_by("pk")
        )
    translated = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale=target_locale, alias_of__isnull=True
    )
    yield from (
        Page.objects.filter(locale=source_locale, depth__gt=1)
        .exclude(Exists(translated))
        .order_by("path")
        .specific()
    )


def translatable_snippet_models():
    """Translatable models that stand alone: not pages, not inline rows of a page."""
    return [
        model
        for model in get_translatable_models()
        if not issubclass(model, Page)
        and not any(isinstance(f, ParentalKey) for f in model._meta.get_fields())
    ]


def _has_real_translation(instance, locale):
    if isinstance(instance, Page):
        return Page.objects.filter(
            translation_key=instance.translation_key, locale=locale, alias_of__isnull=True
        ).exists()
    return instance.has_translation(locale)


def _locale(locale):
    if isinstance(locale, Locale):
        return locale
    try:
        return Locale.objects.get(language_code=locale)
    except Locale.DoesNotExist as error:
        raise ValidationError(
            _("There is no %(code)s locale; add it with `manage.py locales add %(code)s`.")
            % {"code": locale}
        ) from error
