"""/api/v1/auth/…: the buyer's account, from registration to sign-out (SPEC 5.4.3, 4.5)."""

import datetime

from django.conf import settings
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpResponseRedirect
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from cms import ratelimit
from cms.api_auth import require_csrf, signed_in
from cms.api_errors import ApiError, error_responses
from engagement import accounts
from engagement.api.common import country_code, required_text, time_zone_name
from engagement.identity import describe
from site_builder.search.keys import tenant_token
from site_builder.search.levels import get_level
from site_builder.search.server import SearchUnavailable

router = Router(tags=["accounts"])


class RegistrationIn(Schema):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=256)
    company_name: str = Field(min_length=1, max_length=255)
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2 code")
    contact_name: str = Field("", max_length=120)
    business_field: str = Field("", max_length=255)
    main_products: str = Field("", max_length=2000)
    purchase_keywords: str = Field("", max_length=1000)
    time_zone: str = Field("", max_length=64)
    accept_terms: bool

    @field_validator("email")
    @classmethod
    def valid_email(cls, value):
        value = value.strip()
        try:
            validate_email(value)
        except ValidationError:
            raise ValueError(_("Enter a valid e-mail address.")) from None
        return value

    @field_validator("company_name")
    @classmethod
    def not_blank(cls, value):
        return required_text(value)

    @field_validator("country")
    @classmethod
    def known_country(cls, value):
        return country_code(value)

    @field_validator("time_zone")
    @classmethod
    def known_time_zone(cls, value):
        return time_zone_name(value)


class AcceptedOut(Schema):
    detail: str


class SignInIn(Schema):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=256)


class AccountOut(Schema):
    id: int
    name: str
    email: str
    kind: str = Field(description="buyer, exhibitor or staff")
    level: str
    verified: bool
    exhibitors: list[int] = Field(description="ids of the exhibitors this account works for")
    language: str
    time_zone: str


class AuthSessionOut(Schema):
    authenticated: bool
    account: AccountOut | None = None
    csrf_token: str


class ResetIn(Schema):
    email: str = Field(min_length=1, max_length=254)


class ResetConfirmIn(Schema):
    uid: str = Field(min_length=1, max_length=64)
    token: str = Field(min_length=1, max_length=128)
    password: str = Field(min_length=1, max_length=256)


class PasswordChangeIn(Schema):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)


class SearchTokenOut(Schema):
    level: str
    token: str | None
    indexes: str
    expires_at: datetime.datetime


def _session(request):
    user = request.user
    return {
        "authenticated": user.is_authenticated,
        "account": describe(user) if user.is_authenticated else None,
        "csrf_token": get_token(request),
    }


@router.get("/session", response=AuthSessionOut, auth=None)
def session(request):
    """Who is signed in, and the CSRF token for the next unsafe request (also set as the
    `csrftoken` cookie)."""
    return _session(request)


@router.post("/register", response={202: AcceptedOut, **error_responses(403, 422, 429)}, auth=None)
def register(request, payload: RegistrationIn):
    """Register a buyer. The answer is the same whether or not the address already had an
    account; the owner of the address is told by e-mail which it was."""
    require_csrf(request)
    ratelimit.check(request, "register", per_ip="10/h")
    if not payload.accept_terms:
        message = _("Accept the terms of use to register.")
        raise ApiError(422, "terms_not_accepted", message, {"accept_terms": [message]})
    accounts.register(payload.dict(), get_language())
    return Status(202, {"detail": _("Check your mailbox: we have sent you a link to continue.")})


@router.get("/verify", auth=None, include_in_schema=False)
def verify(request, token: str = ""):
    """The link in the verification e-mail: confirms the address, signs the buyer in, and
    goes back to the site's account page."""
    account = accounts.verify_email(token[:512])
    language = account.language if account else get_language()
    if account is None:
        return HttpResponseRedirect(f"/{language}/account/?verified=0")
    login(request, account.user, backend="cms.auth_backend.AccountBackend")
    return HttpResponseRedirect(f"/{language}/account/?verified=1")


@router.post(
    "/login", response={200: AuthSessionOut, **error_responses(400, 403, 422, 429)}, auth=None
)
def sign_in(request, payload: SignInIn):
    require_csrf(request)
    ratelimit.check(
        request,
        "login",
        per_ip="30/m",
        per_user="10/m",
        key=accounts.normalise_email(payload.email),
    )
    user = accounts.sign_in(request, payload.email, payload.password)
    login(request, user)  # a new session key: no session fixation
    return Status(200, _session(request))


@router.post("/logout", response={200: AuthSessionOut, **error_responses(401, 403)}, auth=signed_in)
def sign_out(request):
    logout(request)
    return Status(200, _session(request))


@router.post(
    "/password-reset", response={202: AcceptedOut, **error_responses(403, 422, 429)}, auth=None
)
def password_reset(request, payload: ResetIn):
    require_csrf(request)
    ratelimit.check(
        request, "reset", per_ip="10/h", per_user="3/h", key=accounts.normalise_email(payload.email)
    )
    accounts.send_password_reset(payload.email, get_language())
    return Status(
        202,
        {
            "detail": _(
                "If this address has an account, we have sent it a link to set a new password."
            )
        },
    )


@router.post(
    "/password-reset/confirm",
    response={200: AuthSessionOut, **error_responses(400, 403, 422, 429)},
    auth=None,
)
def password_reset_confirm(request, payload: ResetConfirmIn):
    require_csrf(request)
    ratelimit.check(request, "reset-confirm", per_ip="20/h")
    user = accounts.reset_password(payload.uid, payload.token, payload.password)
    login(request, user, backend="cms.auth_backend.AccountBackend")
    return Status(200, _session(request))


@router.post(
    "/password",
    response={200: AuthSessionOut, **error_responses(400, 401, 403, 422, 429)},
    auth=signed_in,
)
def change_password(request, payload: PasswordChangeIn):
    from django.contrib.auth import update_session_auth_hash

    ratelimit.check(request, "password", per_user="10/h")
    user = request.user
    if not user.check_password(payload.current_password):
        message = _("This is not your current password.")
        raise ApiError(400, "bad_credentials", message, {"current_password": [message]})
    accounts.validate_password(payload.new_password, user, field="new_password")
    user.set_password(payload.new_password)
    user.save()
    update_session_auth_hash(request, user)
    return Status(200, _session(request))


@router.get("/search-token", response={200: SearchTokenOut, **error_responses(401, 503)}, auth=None)
def search_token(request, locale: str = ""):
    """A Meilisearch tenant token for the caller's level (SPEC 4.5): visitors get none and
    search with the public key published in the site; members read more fields."""
    user = request.user
    level = describe(user)["level"] if user.is_authenticated else "public"
    expires_at = timezone.now() + datetime.timedelta(hours=1)
    if get_level(level).anonymous:
        return Status(
            200, {"level": level, "token": None, "indexes": "public", "expires_at": expires_at}
        )
    ratelimit.check(request, "search-token", per_user="60/h")
    if locale and locale not in dict(settings.CONTENT_LANGUAGES):
        raise ApiError(422, "invalid", _("Unknown language."), {"locale": [_("Unknown language.")]})
    try:
        token = tenant_token(level, locale or None, expires_at=expires_at)
    except SearchUnavailable:
        raise ApiError(503, "search_unavailable", _("Search is unavailable right now.")) from None
    return Status(200, {"level": level, "token": token, "indexes": level, "expires_at": expires_at})
