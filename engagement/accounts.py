"""Buyer registration, e-mail verification, sign-in and password reset (SPEC 5.4.3, 6.1.2).

No answer tells a stranger whether an address has an account (OWASP ASVS V2.2, user
enumeration): registering a taken address, or asking a reset for an unknown one, gets the
same answer as a new one, and the mailbox's owner learns the rest by e-mail. Sign-in
failures are one message whatever was wrong, and Django's ModelBackend hashes a dummy
password for unknown users so the timing does not tell either.
"""

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from booths.models import BuyerContact, BuyerProfile
from cms.api_errors import ApiError
from cms.auth_policy import password_expired
from engagement import moderation, notifications
from engagement.models import BuyerAccount

VERIFY_SALT = "engagement.accounts.verify"
MEMBER = "member"


def normalise_email(email):
    return email.strip().lower()


def find_user(email):
    User = get_user_model()
    return User.objects.filter(email__iexact=normalise_email(email)).order_by("pk").first()


def validate_password(password, user, field="password"):
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ApiError(
            422, "weak_password", _("Choose a stronger password."), {field: error.messages}
        ) from None


def register(data, language):
    """Create a buyer account and its profile; e-mail a verification link.

    `data` has email, password, company_name, country and optionally contact_name,
    business_field, main_products, purchase_keywords, time_zone. Returns the new user, or
    None when the address already had an account (that account's owner is told by e-mail).
    """
    User = get_user_model()
    email = normalise_email(data["email"])
    existing = find_user(email)
    if existing is not None:
        make_password(data["password"])  # same work as the new-account path
        notifications.notify(
            "account_exists",
            {"reset_url": notifications.site_url(language, "account/#reset")},
            language,
            [existing.email],
        )
        return None
    candidate = User(username=email, email=email, first_name=data.get("contact_name", ""))
    validate_password(data["password"], candidate)
    screening = moderation.screen_fields(
        "profile",
        None,
        company_name=data["company_name"],
        contact_name=data.get("contact_name", ""),
        business_field=data.get("business_field", ""),
        main_products=data.get("main_products", ""),
        purchase_keywords=data.get("purchase_keywords", ""),
    )
    with transaction.atomic():
        return _create_buyer(candidate, data, language, screening)


def _create_buyer(candidate, data, language, screening):
    candidate.set_password(data["password"])
    candidate.save()
    BuyerAccount.objects.create(
        user=candidate,
        terms_version=settings.TERMS_VERSION,
        language=language,
        time_zone=data.get("time_zone") or settings.TIME_ZONE,
    )
    profile = BuyerProfile.objects.create(
        company_name=data["company_name"],
        country=data.get("country", ""),
        business_field=data.get("business_field", ""),
        main_products=data.get("main_products", ""),
        purchase_keywords=data.get("purchase_keywords", ""),
        user=candidate,
    )
    BuyerContact.objects.create(
        profile=profile,
        name=data.get("contact_name", "") or candidate.email,
        email=candidate.email,
    )
    if screening.held:
        moderation.hold(profile, "profile", candidate, _profile_text(data), screening)
    send_verification(candidate, language)
    return candidate


def _profile_text(data):
    keys = ("company_name", "contact_name", "business_field", "main_products", "purchase_keywords")
    return "\n".join(data.get(key, "") for key in keys if data.get(key))


def verification_token(user):
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)


def send_verification(user, language):
    token = verification_token(user)
    notifications.notify(
        "verify_email",
        {
            "verify_url": f"{settings.SITE_PUBLIC_URL}/api/v1/auth/verify?token={token}",
            "hours": settings.EMAIL_VERIFICATION_MAX_AGE // 3600,
        },
        language,
        [user.email],
    )


@transaction.atomic
def verify_email(token):
    """The account whose e-mail a verification link proves; None for a bad or old link."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.BadSignature:
        return None
    account = (
        BuyerAccount.objects.select_for_update()
        .select_related("user")
        .filter(user_id=data.get("user"), user__email=data.get("email"))
        .first()
    )
    if account is None:
        return None
    if account.email_verified_at is None:
        account.email_verified_at = timezone.now()
        if settings.BUYER_APPROVAL == "auto":
            approve(account, save=False)
        account.save()
    return account


def approve(account, save=True):
    """An approved, verified buyer searches at the member level (SPEC 4.5)."""
    account.approved_at = account.approved_at or timezone.now()
    if account.email_verified_at is not None:
        account.level = MEMBER
    if save:
        account.save(update_fields=["approved_at", "level"])


def sign_in(request, email, password):
    """The user for these credentials, after the policy's checks; ApiError otherwise."""
    user = authenticate(request, username=normalise_email(email), password=password)
    if user is None:
        raise ApiError(400, "bad_credentials", _("The e-mail address or password is wrong."))
    account = getattr(user, "buyer_account", None)
    if account is not None and not account.is_verified:
        send_verification(user, account.language)
        raise ApiError(
            403,
            "unverified",
            _("Confirm your e-mail address first: we have sent you the link again."),
        )
    if password_expired(user):
        raise ApiError(
            403, "password_expired", _("Your password has expired. Set a new one to sign in.")
        )
    return user


def send_password_reset(email, language):
    """E-mail a reset link if the address has an account; silent either way."""
    user = find_user(email)
    if user is None or not user.is_active or not user.has_usable_password():
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    # The token travels in the fragment: it never reaches a server log or the CDN.
    url = notifications.site_url(language, f"account/#reset={uid}.{token}")
    notifications.notify("password_reset", {"reset_url": url}, language, [user.email])


def reset_password(uid, token, password):
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uid)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        raise ApiError(
            400, "bad_token", _("This reset link is not valid any more. Ask for a new one.")
        )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    account = getattr(user, "buyer_account", None)
    if account is not None and account.email_verified_at is None:
        # Following the e-mailed link proves the address as well.
        account.email_verified_at = timezone.now()
        if settings.BUYER_APPROVAL == "auto":
            approve(account, save=False)
        account.save()
    return user
