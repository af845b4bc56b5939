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


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, not the site's HTML page (a path
    parameter of the wrong type, such as a word where an id goes, lands here too)."""
    from django.http import JsonResponse

    return JsonResponse(_body(_("There is nothing at this address."), "not_found"), status=404)


def field_message(error):
    """A pydantic validation error as a sentence in the reader's language: the site shows it
    beside the field. Unusual errors keep pydantic's English."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_short":
        return (
            _("This is too short.")
            if context.get("min_length", 1) > 1
            else _("This field is required.")
        )
    if kind == "string_too_long":
        return _("At most %(count)d characters.") % {"count": context.get("max_length", 0)}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _("This number is out of range.")
    if kind in ("datetime_parsing", "datetime_type", "datetime_from_date_parsing"):
        return _("Enter a date and time.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter yes or no.")
    if kind == "value_error":
        # Our validators raise ValueError with a sentence already in the reader's language.
        return str(context.get("error") or "") or _("This value is not valid.")
    if kind in ("too_long", "too_short"):
        return _("Too many or too few items.")
    if kind in ("extra_forbidden",):
        return _("This field is not expected.")
    return error.get("msg", "") or _("This value is not valid.")


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
        if exc.status_code == 400:  # django-ninja's only 400: a body it cannot parse
            return api.create_response(
                request, _body(_("The request body could not be read."), "malformed"), status=422
            )
        return api.create_response(request, _body(str(exc), "error"), status=exc.status_code)


# Answers any operation may give, added to each operation's documented responses by
# `document_common_errors` (so that clients and the schemathesis fuzz see them declared).
COMMON_ERRORS = {
    "body": {"413": "The request body is too large.", "422": "The request is not valid."},
    "parameters": {"422": "The request is not valid."},
    "path": {"404": "Nothing is at this address (or it is not the caller's)."},
    "security": {"401": "Not signed in.", "403": "CSRF token missing or wrong, or not allowed."},
}


def document_common_errors(schema):
    """Declare on every operation the error answers that come from the API's shared layers
    (body limits, parsing and validation, session and CSRF checks) rather than from its
    own code."""
    reference = {"$ref": "#/components/schemas/ErrorOut"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            kinds = [
                kind
                for kind, present in (
                    ("body", "requestBody" in operation),
                    ("parameters", bool(operation.get("parameters"))),
                    ("path", any(p.get("in") == "path" for p in operation.get("parameters", []))),
                    ("security", bool(operation.get("security"))),
                )
                if present
            ]
            responses = operation.setdefault("responses", {})
            for kind in kinds:
                for status, description in COMMON_ERRORS[kind].items():
                    if status in responses or int(status) in responses:
                        continue  # ninja's own keys are integers
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": reference}},
                        },
                    )
    schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
        "ErrorOut", ErrorOut.model_json_schema()
    )
    return schema
