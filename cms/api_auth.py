"""How the public API knows who is calling: Django's session cookie, CSRF-checked.

The site and the API share an origin (the CDN routes /api/ to the CMS), so the browser
sends the HttpOnly session cookie by itself; scripts send the CSRF token (the readable
`csrftoken` cookie) in X-CSRFToken on every unsafe request. django-ninja's views are
exempt from Django's CSRF middleware, so the check is made here: by the session auth
for signed-in calls, and by `require_csrf` for the anonymous ones that change state
(registration, login: login CSRF would sign a victim into an attacker's account).
"""

from django.utils.translation import gettext as _
from ninja.security import SessionAuth
from ninja.utils import check_csrf

from cms.api_errors import ApiError


class SignedIn(SessionAuth):
    """Any signed-in account: buyers, exhibitor staff, organizers. CSRF-checked."""

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


def require_csrf(request):
    """Raise 403 unless an unsafe request carries the CSRF token of its session."""
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return
    if check_csrf(request) is not None:
        raise ApiError(403, "csrf", _("This page has expired. Reload it and try again."))


signed_in = SignedIn()
