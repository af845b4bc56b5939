"""What exhibitor and buyer rows share: the catalogue record of SPEC 4.1 (identity, origin,
one contact), read the same way for both kinds (cf. booths.models.profiles.CatalogueRecord)."""

from dataclasses import dataclass, field

from booths.importing.cells import clean_country, clean_email, clean_phone
from booths.importing.rows import RowChecker


@dataclass
class CatalogueRow:
    number: int
    external_id: str
    company_name: str
    profile: dict = field(default_factory=dict)
    categories: list | None = None
    contact: dict = field(default_factory=dict)
    contact_name: str = ""

    @property
    def label(self):
        return f"{self.external_id} ({self.company_name})"


def start_record(row, context, required, row_class):
    """A RowChecker for `row` and a `row_class` holding its identity and country."""
    check = RowChecker(row, context.columns, required)
    data = row_class(
        number=row.number,
        external_id=check.text("external_id", 64),
        company_name=check.text("company_name", 255),
    )
    data.profile["company_name"] = data.company_name
    if check.has("country"):
        data.profile["country"] = check.parse("country", clean_country) or ""
    return check, data


def read_contact(check, data):
    """The contact_email, contact_phone and contact_name cells, where the file has them."""
    if check.has("contact_email"):
        data.contact["email"] = check.parse("contact_email", clean_email) or ""
    if check.has("contact_phone"):
        data.contact["phone"] = check.parse("contact_phone", clean_phone) or ""
    if check.has("contact_name"):
        data.contact_name = check.text("contact_name", 120)
