"""/api/v1/me/profile: the buyer's own company record (SPEC 4.1.3), kept by the buyer.

The record is the organizer's `booths.BuyerProfile` (the buyer directory); this lets the
buyer read and correct it, and choose the language and time zone it is written to in.
What the buyer writes is screened like any other profile text (SPEC 6.1.2).
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from booths.models import BuyerContact, BuyerProfile
from cms import ratelimit
from cms.api_auth import signed_in
from cms.api_errors import ApiError, error_responses
from engagement import identity, moderation
from engagement.api.common import country_code, required_text, time_zone_name

router = Router(tags=["accounts"])
NEEDS = [code for code, _label in BuyerProfile.NEED_CHOICES]


class BuyerProfileOut(Schema):
    company_name: str
    country: str
    business_field: str
    main_products: str
    purchase_keywords: str
    needs: list[str]
    contact_name: str
    phone: str
    wechat: str
    language: str
    time_zone: str


class BuyerProfileIn(Schema):
    company_name: str = Field(min_length=1, max_length=255)
    country: str = Field("", max_length=2)
    business_field: str = Field("", max_length=255)
    main_products: str = Field("", max_length=2000)
    purchase_keywords: str = Field("", max_length=1000)
    needs: list[str] = Field(default_factory=list, max_length=3)
    contact_name: str = Field("", max_length=120)
    phone: str = Field("", max_length=40)
    wechat: str = Field("", max_length=60)
    language: str = Field("", max_length=15)
    time_zone: str = Field("", max_length=64)

    @field_validator("company_name")
    @classmethod
    def not_blank(cls, value):
        return required_text(value)

    @field_validator("country")
    @classmethod
    def known_country(cls, value):
        return country_code(value)

    @field_validator("needs")
    @classmethod
    def known_needs(cls, value):
        if any(need not in NEEDS for need in value):
            raise ValueError(_("This value is not valid."))
        return list(dict.fromkeys(value))

    @field_validator("language")
    @classmethod
    def known_language(cls, value):
        if value and value not in dict(settings.CONTENT_LANGUAGES):
            raise ValueError(_("This value is not valid."))
        return value

    @field_validator("time_zone")
    @classmethod
    def known_time_zone(cls, value):
        return time_zone_name(value)


def _buyer(user):
    account = identity.buyer_account(user)
    profile = BuyerProfile.objects.filter(user=user).first()
    if account is None or profile is None:
        raise ApiError(404, "not_found", _("This account has no buyer profile."))
    return account, profile


def _out(account, profile):
    contact = profile.contacts.first()
    return {
        "company_name": profile.company_name,
        "country": str(profile.country or ""),
        "business_field": profile.business_field,
        "main_products": profile.main_products,
        "purchase_keywords": profile.purchase_keywords,
        "needs": list(profile.needs or []),
        "contact_name": contact.name if contact else "",
        "phone": contact.phone if contact else "",
        "wechat": contact.wechat if contact else "",
        "language": account.language,
        "time_zone": account.time_zone,
    }


@router.get(
    "/me/profile", response={200: BuyerProfileOut, **error_responses(401, 404)}, auth=signed_in
)
def my_profile(request):
    """The signed-in buyer's company record and preferences."""
    return Status(200, _out(*_buyer(request.user)))


@router.put(
    "/me/profile",
    response={200: BuyerProfileOut, **error_responses(401, 403, 404, 422, 429)},
    auth=signed_in,
)
def update_my_profile(request, payload: BuyerProfileIn):
    """Correct the company record (screened as profile text) and the language and time
    zone e-mails and meeting times are given in."""
    ratelimit.check(request, "profile", per_user="30/h")
    account, profile = _buyer(request.user)
    screening = moderation.screen_fields(
        "profile",
        request.user,
        company_name=payload.company_name,
        business_field=payload.business_field,
        main_products=payload.main_products,
        purchase_keywords=payload.purchase_keywords,
        contact_name=payload.contact_name,
    )
    with transaction.atomic():
        for name in ("company_name", "country", "business_field", "main_products"):
            setattr(profile, name, getattr(payload, name))
        profile.purchase_keywords = payload.purchase_keywords
        profile.needs = payload.needs
        profile.save()
        contact = profile.contacts.first() or BuyerContact(
            profile=profile, email=request.user.email
        )
        contact.name = payload.contact_name or contact.name or request.user.email
        contact.phone, contact.wechat = payload.phone, payload.wechat
        contact.save()
        account.language = payload.language or account.language
        account.time_zone = payload.time_zone or account.time_zone
        account.save(update_fields=["language", "time_zone"])
        if screening.held:
            moderation.hold(profile, "profile", request.user, payload.main_products, screening)
    return Status(200, _out(account, profile))
