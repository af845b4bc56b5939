"""Exhibitor rows → ExhibitorProfile, its contact, and its booth page in the edition.

The profile keeps the language-neutral facts of SPEC 4.1.2 (industry, main exhibits,
target markets); what buyers read lives on the booth page of the edition (title,
introduction, categories) and its English translation. Creating a profile provisions the
exhibitor's group and collection, and creating a booth grants that group edit rights on
it, both by signal (booths.signal_handlers).
"""

from dataclasses import dataclass, field

from booths.importing import changes, pages, translations
from booths.importing.cells import (
    clean_markets,
    clean_website,
)
from booths.importing.contacts import sync_contact
from booths.importing.records import CatalogueRow, read_contact, start_record
from booths.importing.report import CREATED, UNCHANGED, UPDATED
from booths.models import BoothPage, ExhibitorContact, ExhibitorProfile

KIND = "exhibitors"
REQUIRED = ("external_id", "company_name")
COLUMNS = (
    "external_id",
    "company_name",
    "company_name_en",
    "country",
    "industry",
    "categories",
    "main_exhibits",
    "target_markets",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
    "description",
    "description_en",
)
# Columns only this kind has, for telling the kind from a header.
SIGNATURE = (
    "company_name_en",
    "industry",
    "categories",
    "main_exhibits",
    "target_markets",
    "website",
    "description_en",
)

# Translated field ← column of the English translation.
ENGLISH_COLUMNS = {"title": "company_name_en", "introduction": "description_en"}


@dataclass
class ExhibitorRow(CatalogueRow):
    industry: str | None = None
    description: str | None = None
    english: dict = field(default_factory=dict)


def clean(row, context):
    """Check one row against the file's columns; RowError lists every problem."""
    check, data = start_record(row, context, REQUIRED, ExhibitorRow)
    if check.has("industry"):
        data.industry = check.text("industry")
        if data.industry:
            check.parse("industry", context.industries.find)
    if check.has("categories"):
        data.categories = check.items("categories")
        for name in data.categories:
            check.parse("categories", context.categories.find, name)
    if check.has("main_exhibits"):
        data.profile["main_exhibits"] = check.text("main_exhibits")
    if check.has("target_markets"):
        markets = check.parse("target_markets", clean_markets)
        if markets is not None:
            data.profile["target_markets"], data.profile["target_regions"] = markets
    if check.has("website"):
        data.profile["website"] = check.parse("website", clean_website) or ""
    read_contact(check, data)
    if check.has("description"):
        data.description = check.text("description")
    if check.has("company_name_en"):
        data.english["title"] = check.text("company_name_en", 255)
    if check.has("description_en"):
        data.english["introduction"] = check.text("description_en")
    check.finish()
    return data


def apply(data, context):
    """Create or update the profile, contact and booth of one checked row."""
    values = dict(data.profile)
    if data.industry is not None:
        values["industry"] = context.industries.resolve(data.industry) if data.industry else None
    profile = ExhibitorProfile.objects.filter(external_id=data.external_id).first()
    changed = False
    if profile is None:
        profile = ExhibitorProfile(external_id=data.external_id)
        changes.assign(profile, values)
        profile.save()
    elif changes.assign(profile, values):
        profile.save()
        changed = True
    changed |= sync_contact(
        profile, ExhibitorContact, data.contact, data.contact_name, data.company_name
    )

    booth_values = {"title": data.company_name}
    if data.description is not None:
        booth_values["introduction"] = pages.text_to_rich_text(data.description)
    if data.categories is not None:
        booth_values["categories"] = [context.categories.resolve(n) for n in data.categories]
    booth = (
        BoothPage.objects.child_of(context.edition)
        .filter(exhibitor=profile, locale=context.source_locale)
        .first()
    )
    english = {key: value for key, value in data.english.items() if value}
    if booth is None:
        categories = booth_values.pop("categories", [])
        booth = BoothPage(
            exhibitor=profile,
            locale=context.source_locale,
            slug=pages.free_slug(
                context.edition, english.get("title"), data.company_name, data.external_id
            ),
            **booth_values,
        )
        booth.categories.set(categories)
        pages.create_page(
            context.edition,
            booth,
            draft=context.draft,
            skip_locales=context.translated_locales(english),
        )
        outcome, booth_changed = CREATED, True
    else:
        try:
            booth_changed = pages.revise_page(booth, booth_values, draft=context.draft)
        except pages.AwaitingReview as pending:
            context.report.warn(pending.message(data.number))
            return (UPDATED if changed else UNCHANGED), data.label
        outcome = UPDATED if (changed or booth_changed) else UNCHANGED

    if (
        translations.apply_english(
            booth, english, booth_changed, data.number, ENGLISH_COLUMNS, context
        )
        and outcome == UNCHANGED
    ):
        outcome = UPDATED
    return outcome, data.label
