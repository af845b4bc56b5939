"""Which translations are still unreviewed machine output (SPEC 6.2.2.2).

wagtail-localize stores each translated string as a `StringTranslation` typed "machine" when
it came from the "Machine translate" button (or `booths.machine_translation`), and retypes
it "manual" as soon as a translator edits the string. A page or snippet whose current
strings include machine ones has not been fully reviewed, and the public site labels it
"machine translated" so buyers know to read it with care.

Only strings of the current source content count (an old machine string for text the
exhibitor has since rewritten does not), and only translations still synced through
wagtail-localize: once a person stops the sync and edits the page directly, the text is
theirs.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation

MACHINE = StringTranslation.TRANSLATION_TYPE_MACHINE
MANUAL = StringTranslation.TRANSLATION_TYPE_MANUAL


@dataclass(frozen=True)
class MachineTranslationStatus:
    """The unreviewed machine strings of one page or snippet in its language."""

    fields: tuple  # top-level field names holding them, e.g. ("introduction", "title")
    unreviewed: int  # how many strings

    @property
    def is_machine_translated(self):
        return self.unreviewed > 0

    def __bool__(self):
        return self.is_machine_translated


def _unreviewed_segments(locale, translation_keys=None):
    """Source segments, of synced translations into `locale`, whose translation is machine."""
    machine = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale=locale,
        translation_type=MACHINE,
    )
    segments = StringSegment.objects.filter(
        source__translations__target_locale=locale,
        source__translations__enabled=True,
    ).filter(Exists(machine))
    if translation_keys is not None:
        segments = segments.filter(source__object_id__in=translation_keys)
    return segments


def machine_translation_status(instance):
    """For a page or snippet in a target language: its unreviewed machine strings, if any."""
    if isinstance(instance, Page):
        instance = instance.specific
    paths = _unreviewed_segments(instance.locale, [instance.translation_key]).values_list(
        "context__path", flat=True
    )
    paths = list(paths)
    return MachineTranslationStatus(
        fields=tuple(sorted({path.split(".")[0] for path in paths})), unreviewed=len(paths)
    )


def is_machine_translated(instance):
    """True while the page or snippet still shows machine text no translator has reviewed."""
    return machine_translation_status(instance).is_machine_translated


def machine_translated_keys(locale, translation_keys=None):
    """Translation keys of every object (or of those given) with unreviewed machine strings
    in `locale`. One query for a whole language, so the site builder can label many pages
    at once.
    """
    segments = _unreviewed_segments(locale, translation_keys)
    return set(segments.values_list("source__object_id", flat=True).distinct())


@transaction.atomic
def mark_reviewed(instance, user=None):
    """Accept the machine strings of a page or snippet as they are; returns how many.

    For a translator who has read the machine translation and found nothing to change:
    the strings become "manual" as if edited, which removes the machine label. The tool
    name stays, so the edit screen still says which engine wrote them.
    """
    from site_builder import changes

    if isinstance(instance, Page):
        instance = instance.specific
        changes.record(changes.SiteChange.PAGE, instance.pk)  # its "machine" label goes
    else:
        changes.record_everything()  # a snippet (category) shows on many pages
    return StringTranslation.objects.filter(
        locale=instance.locale,
        context__object_id=instance.translation_key,
        translation_type=MACHINE,
    ).update(translation_type=MANUAL, last_translated_by=user, updated_at=timezone.now())
