"""The one contact an import keeps per exhibitor or buyer record (SPEC 4.1.2, 4.1.3).

Contact rows have no id of their own in a directory file, so the import owns the record's
first contact: it creates it when the record has none, and replaces its e-mail and phone
when the file's differ. Further contacts added by hand are never touched. The person's
name comes from `contact_name` when the file has it, else the company name, so that the
admin shows something recognisable.
"""

NO_NAME = "—"
NAME_MAX_LENGTH = 120  # Contact.name


def default_contact_name(person, company_name):
    return (person or company_name or NO_NAME)[:NAME_MAX_LENGTH]


def sync_contact(profile, contact_model, values, person=None, company_name=""):
    """Create or update the import's contact; `values` holds only the columns in the file.

    Returns True if a row was written.
    """
    contact = profile.contacts.order_by("sort_order", "pk").first()
    if contact is None:
        if not any(values.values()):
            return False
        contact_model.objects.create(
            profile=profile,
            name=default_contact_name(person, company_name),
            sort_order=0,
            **values,
        )
        return True
    if person:
        values = {**values, "name": person[:NAME_MAX_LENGTH]}
    changed = [name for name, value in values.items() if getattr(contact, name) != value]
    for name in changed:
        setattr(contact, name, values[name])
    if changed:
        contact.save(update_fields=changed)
    return bool(changed)
