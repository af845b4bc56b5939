"""Who an account is to the engagement features: a buyer, an exhibitor's staff, or staff of
the organizer; which exhibitors it speaks for; at which search level it reads."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist

from booths import roles
from booths.models import ExhibitorProfile

BUYER = "buyer"
EXHIBITOR = "exhibitor"
STAFF = "staff"


STAFF_TIMEOUT = 600


def _staff_key(user_id):
    return f"engagement:staff-of:{user_id}"


def exhibitor_ids(user):
    """The exhibitors whose staff this user is (the profile's owners, SPEC 4.1.2).

    Asked on every signed-in write, so kept in the shared cache; `staff_changed()` drops the
    entry when a profile's owners change (signal_handlers)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_engagement_exhibitor_ids", None)
    if cached is None:
        cached = cache.get(_staff_key(user.pk))
        if cached is None:
            cached = sorted(
                ExhibitorProfile.objects.filter(owners=user).values_list("pk", flat=True)
            )
            cache.set(_staff_key(user.pk), cached, STAFF_TIMEOUT)
        user._engagement_exhibitor_ids = cached
    return cached


def staff_changed(user_ids):
    cache.delete_many([_staff_key(user_id) for user_id in user_ids])


def speaks_for(user, exhibitor):
    """True when `user` may answer in the name of `exhibitor` (an ExhibitorProfile or id)."""
    exhibitor_id = getattr(exhibitor, "pk", exhibitor)
    return exhibitor_id is not None and exhibitor_id in exhibitor_ids(user)


def is_moderator(user):
    """Organizers and moderators review held texts; superusers can do anything."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[roles.ORGANIZER, roles.MODERATOR]).exists()


def buyer_account(user):
    if not user.is_authenticated:
        return None
    try:
        return user.buyer_account
    except ObjectDoesNotExist:
        return None


def kind(user):
    if buyer_account(user) is not None:
        return BUYER
    if exhibitor_ids(user):
        return EXHIBITOR
    return STAFF


def level(user):
    """The buyer level searches are made at: exhibitor and organizer staff read as members
    (SPEC 4.5 gives exhibitors search permissions by level too)."""
    account = buyer_account(user)
    if account is not None:
        return account.level
    return "member" if user.is_authenticated else "public"


def describe(user):
    account = buyer_account(user)
    return {
        "id": user.pk,
        "name": user.get_full_name() or user.get_username(),
        "email": user.email,
        "kind": kind(user),
        "level": level(user),
        "verified": account.is_verified if account is not None else True,
        "exhibitors": exhibitor_ids(user),
        "language": account.language if account is not None else settings.LANGUAGE_CODE,
        "time_zone": account.time_zone if account is not None else settings.TIME_ZONE,
    }
