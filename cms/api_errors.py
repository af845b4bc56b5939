"""One error shape for every API answer that is not a success.

    {"detail": "a sentence in the reader's language", "code": "machine_code",
     "fields": {"field": ["sentence", ...]}}     # fields only for invalid input

Operations raise `ApiError`; `register(api)` maps it, rate limits and ninja's own
validation errors to that shape, so the site's scripts have one thing to read.
"""

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from cms.ratelimit import RateLimited


class ErrorOut(Schema):
    detail: str
    code: str
    fields: dict[str, list[str]] | None = None


class ApiError(Exception):
    def __init__(self, status, code, detail, fields=None):
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = str(detail)
        self.fields = fields


def error_responses(*statuses):
    """The `response=` entries documenting an operation's error answers in OpenAPI."""
    return dict.fromkeys(statuses, ErrorOut)


def _body(detail, code, fields=None):
    body = {"detail": str(detail), "code": code}
    if fields:
        body["fields"] = {name: [str(m) for m in messages] for name, messages in fields.items()}
    return body


def register(api):
    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return api.create_response(
            request, _body(exc.detail, exc.code, exc.fields), status=exc.status
        )

    @api.exception_handler(RateLimited)
    def rate_limited(request, exc):
        response = api.create_response(
            request,
            _body(
                _("Too many requests. Try again in %(seconds)d s.") % {"seconds": exc.retry_after},
                "rate_limited",
            ),
            status=429,
        )
        response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, exc):
        fields = {}
        for error in exc.errors:
            location = [
                str(part)
                for part in error.get("loc", ())
                if part not in ("body", "payload", "query", "path")
            ]
            fields.setdefault(".".join(location) or "request", []).append(error.get("msg", ""))
        return api.create_response(
            request, _body(_("Some of what was sent is not valid."), "invalid", fields), status=422
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request, _body(_("Sign in to do this."), "not_signed_in"), status=401
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return api.create_response(request, _body(str(exc), "error"), status=exc.status_code)
