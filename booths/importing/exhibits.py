"""Exhibit rows → ExhibitPages under the exhibitor's booth, with typed specifications.

Exhibits are matched by external_id within the edition, so the same product shown again
next year becomes a new page under that year's booth, and a re-import updates in place.
Specifications are stored as numbers with units for filtering (SPEC 4.7.2).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from booths.importing import pages, translations
from booths.importing.report import CREATED, UNCHANGED, UPDATED
from booths.importing.rows import RowChecker
from booths.importing.specs import parse_specs
from booths.models import BoothPage, ExhibitPage, ExhibitSpec

KIND = "exhibits"
REQUIRED = ("external_id", "exhibitor_external_id", "name")
COLUMNS = (
    "external_id",
    "exhibitor_external_id",
    "name",
    "name_en",
    "category",
    "model_number",
    "specs",
    "description",
    "description_en",
)
SIGNATURE = ("exhibitor_external_id", "name", "name_en", "model_number", "specs", "category")

# Translated field ← column of the English translation.
ENGLISH_COLUMNS = {"title": "name_en", "description": "description_en"}


@dataclass
class ExhibitRow:
    number: int
    external_id: str
    name: str
    booth: object = None
    values: dict = field(default_factory=dict)
    category: str | None = None
    specs: list | None = None
    english: dict = field(default_factory=dict)

    @property
    def label(self):
        return f"{self.external_id} ({self.name})"


def _booths_by_exhibitor(context):
    booths = (
        BoothPage.objects.child_of(context.edition)
        .filter(locale=context.source_locale, exhibitor__external_id__isnull=False)
        .select_related("exhibitor")
    )
    return {booth.exhibitor.external_id: booth for booth in booths}


def _exhibits_by_id(context):
    exhibits = ExhibitPage.objects.descendant_of(context.edition).filter(
        locale=context.source_locale
    )
    return {exhibit.external_id: exhibit for exhibit in exhibits.exclude(external_id="")}


def _exhibitor_exists(external_id):
    from booths.models import ExhibitorProfile

    return ExhibitorProfile.objects.filter(external_id=external_id).exists()


def clean(row, context):
    """Check one row; the exhibitor must already have a booth in the edition."""
    check = RowChecker(row, context.columns, REQUIRED)
    data = ExhibitRow(
        number=row.number,
        external_id=check.text("external_id", 64),
        name=check.text("name", 255),
    )
    exhibitor_id = check.text("exhibitor_external_id")
    if exhibitor_id:
        data.booth = context.cached("booths", lambda: _booths_by_exhibitor(context)).get(
            exhibitor_id
        )
        if data.booth is None and not _exhibitor_exists(exhibitor_id):
            check.error(
                "exhibitor_external_id",
                _("unknown exhibitor “%(id)s”; import the exhibitors first.")
                % {"id": exhibitor_id},
            )
        elif data.booth is None:
            check.error(
                "exhibitor_external_id",
                _("exhibitor “%(id)s” has no booth in “%(edition)s”; import it again first.")
                % {"id": exhibitor_id, "edition": context.edition.title},
            )
    existing = context.cached("exhibits", lambda: _exhibits_by_id(context)).get(data.external_id)
    if (
        existing is not None
        and data.booth is not None
        and existing.get_parent().pk != data.booth.pk
    ):
        check.error(
            "exhibitor_external_id",
            _("exhibit “%(id)s” is already in another exhibitor's booth (%(booth)s).")
            % {"id": data.external_id, "booth": existing.get_parent().title},
        )
    if check.has("category"):
        names = check.items("category")
        if len(names) > 1:
            check.error(
                "category",
                _("an exhibit has one category; %(count)s are given.") % {"count": len(names)},
            )
        data.category = names[0] if names else ""
        if data.category:
            check.parse("category", context.categories.find, data.category)
    if check.has("model_number"):
        data.values["model_number"] = check.text("model_number", 80)
    if check.has("specs"):
        data.specs = check.parse("specs", parse_specs)
    if check.has("description"):
        data.values["description"] = pages.text_to_rich_text(check.text("description"))
    if check.has("name_en"):
        data.english["title"] = check.text("name_en", 255)
    if check.has("description_en"):
        data.english["description"] = check.text("description_en")
    check.finish()
    return data


def _spec_key(spec):
    return (spec.name, spec.value_text, spec.value_number, spec.value_max, spec.unit)


def apply(data, context):
    """Create or update the exhibit page of one checked row, then its English translation."""
    values = {"title": data.name, **data.values}
    if data.category is not None:
        values["category"] = context.categories.resolve(data.category) if data.category else None
    specs = None
    if data.specs is not None:
        specs = [
            ExhibitSpec(
                name=spec.name,
                value_text=spec.value_text,
                value_number=spec.value_number,
                value_max=spec.value_max,
                unit=spec.unit,
                locale=context.source_locale,
                sort_order=index,
            )
            for index, spec in enumerate(data.specs)
        ]
    english = {key: value for key, value in data.english.items() if value}
    exhibit = (
        ExhibitPage.objects.child_of(data.booth)
        .filter(locale=context.source_locale, external_id=data.external_id)
        .first()
    )
    if exhibit is None:
        exhibit = ExhibitPage(
            external_id=data.external_id,
            locale=context.source_locale,
            slug=pages.free_slug(data.booth, english.get("title"), data.name, data.external_id),
            **values,
        )
        if specs:
            exhibit.specs = specs
        pages.create_page(
            data.booth,
            exhibit,
            draft=context.draft,
            skip_locales=context.translated_locales(english),
        )
        outcome = CREATED
    else:
        children = {"specs": (specs, _spec_key)} if specs is not None else {}
        try:
            changed = pages.revise_page(
                exhibit, values, draft=context.draft, replace_children=children
            )
        except pages.AwaitingReview as pending:
            context.report.warn(pending.message(data.number))
            return UNCHANGED, data.label
        outcome = UPDATED if changed else UNCHANGED

    if (
        translations.apply_english(
            exhibit, english, outcome != UNCHANGED, data.number, ENGLISH_COLUMNS, context
        )
        and outcome == UNCHANGED
    ):
        outcome = UPDATED
    return outcome, data.label
