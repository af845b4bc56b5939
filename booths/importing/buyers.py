"""Buyer rows → BuyerProfile and its contact (SPEC 4.1.3).

Buyers are a catalogue of their own, independent of editions: a buyer invited this year
is the same record next year. `needs` accepts the words organizers actually write, in
Chinese or English, and stores BuyerProfile.NEED_CHOICES codes.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from booths.importing import changes
from booths.importing.cells import CellError
from booths.importing.contacts import sync_contact
from booths.importing.records import CatalogueRow, read_contact, start_record
from booths.importing.report import CREATED, UNCHANGED, UPDATED
from booths.models import BuyerContact, BuyerProfile

KIND = "buyers"
REQUIRED = ("external_id", "company_name")
COLUMNS = (
    "external_id",
    "company_name",
    "country",
    "business_field",
    "main_products",
    "purchase_categories",
    "purchase_keywords",
    "needs",
    "contact_name",
    "contact_email",
    "contact_phone",
)
SIGNATURE = (
    "business_field",
    "main_products",
    "purchase_categories",
    "purchase_keywords",
    "needs",
)

NEED_ALIASES = {
    "viewing": (
        "viewing",
        "view",
        "visit",
        "visiting",
        "看展",
        "观展",
        "参观",
        "在线看展",
        "浏览展品",
    ),
    "meeting": (
        "meeting",
        "meet",
        "meetings",
        "洽谈会",
        "会议",
        "会面",
        "见面",
        "对接",
        "对接会",
        "视频会议",
    ),
    "negotiation": (
        "negotiation",
        "negotiate",
        "negotiating",
        "谈判",
        "采购谈判",
        "洽谈",
        "签约",
        "采购",
    ),
}
_NEED_BY_ALIAS = {
    alias.casefold(): code for code, aliases in NEED_ALIASES.items() for alias in aliases
}
_NEED_ORDER = [code for code, _label in BuyerProfile.NEED_CHOICES]


def parse_needs(items):
    """BuyerProfile.needs codes, in the model's order, for words in Chinese or English."""
    codes, unknown = set(), []
    for item in items:
        code = _NEED_BY_ALIAS.get(item.casefold())
        if code is None:
            unknown.append(item)
        else:
            codes.add(code)
    if unknown:
        raise CellError(
            _("unknown need(s): %(items)s; write viewing/看展, meeting/洽谈会 or negotiation/谈判.")
            % {"items": ", ".join(f"“{item}”" for item in unknown)}
        )
    return [code for code in _NEED_ORDER if code in codes]


@dataclass
class BuyerRow(CatalogueRow):
    """A buyer row holds only what every catalogue record has, plus profile fields."""


def clean(row, context):
    check, data = start_record(row, context, REQUIRED, BuyerRow)
    if check.has("business_field"):
        data.profile["business_field"] = check.text("business_field", 255)
    if check.has("main_products"):
        data.profile["main_products"] = check.text("main_products")
    if check.has("purchase_keywords"):
        data.profile["purchase_keywords"] = "; ".join(check.items("purchase_keywords"))
    if check.has("needs"):
        data.profile["needs"] = check.parse("needs", parse_needs, check.items("needs")) or []
    if check.has("purchase_categories"):
        data.categories = check.items("purchase_categories")
        for name in data.categories:
            check.parse("purchase_categories", context.categories.find, name)
    read_contact(check, data)
    check.finish()
    return data


def apply(data, context):
    values = dict(data.profile)
    if data.categories is not None:
        values["purchase_categories"] = [context.categories.resolve(n) for n in data.categories]
    profile = BuyerProfile.objects.filter(external_id=data.external_id).first()
    if profile is None:
        profile = BuyerProfile(external_id=data.external_id)
        changes.assign(profile, values)
        profile.save()
        outcome = CREATED
    elif changes.assign(profile, values):
        profile.save()
        outcome = UPDATED
    else:
        outcome = UNCHANGED
    contact_changed = sync_contact(
        profile, BuyerContact, data.contact, data.contact_name, data.company_name
    )
    if contact_changed and outcome == UNCHANGED:
        outcome = UPDATED
    return outcome, data.label
