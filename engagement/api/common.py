"""What the engagement operations share: the page being engaged with, who may write."""

from django.utils.translation import gettext as _
from django_countries import countries

from cms.api_errors import ApiError
from engagement import identity
from engagement.pages import PageNotFound, target


def page_or_404(page_id):
    """The Target (engagement.pages) of a live booth or exhibit page id; 404 otherwise."""
    try:
        return target(page_id)
    except (PageNotFound, ValueError, OverflowError):
        raise ApiError(404, "not_found", _("This booth or exhibit is not on show.")) from None


def require_verified(user):
    """Buyers write only once their e-mail address is confirmed (SPEC 6.1.2 accountability)."""
    account = identity.buyer_account(user)
    if account is not None and not account.is_verified:
        raise ApiError(403, "unverified", _("Confirm your e-mail address first."))


# Field checks the request schemas share (their @field_validator methods call these).
def required_text(value):
    if not value.strip():
        raise ValueError(_("This field is required."))
    return value.strip()


def country_code(value):
    if value and value.upper() not in dict(countries):
        raise ValueError(_("Choose a country from the list."))
    return value.upper()


def time_zone_name(value):
    from engagement.meeting_times import known_zones  # the IANA list, read once

    if value and value not in known_zones():
        raise ValueError(_("Choose a time zone from the list."))
    return value
