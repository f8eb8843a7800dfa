"""The API's shared parts: token authentication and errors as {"detail", "code"}.

Every error is JSON with a Danish `detail` (the request's language; Danish unless the
client asks for English) and a machine-readable `code`.
"""

import logging

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.security import HttpBearer
from pydantic import ConfigDict
from pydantic_core import PydanticCustomError

from skabsammen.accounts.services import api_token_user
from skabsammen.common.errors import error_code, error_fields

logger = logging.getLogger(__name__)


class StrictSchema(Schema):
    """Input that names an unknown field is refused rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


def not_null(value):
    """For optional fields that, when given, must have a value."""
    if value is None:
        raise PydanticCustomError("null_not_allowed", "This field cannot be null.")
    return value


class ApiToken(HttpBearer):
    """`Authorization: Bearer TOKEN` with a personal token from `create_api_token`."""

    def authenticate(self, request, token):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class OptionalApiToken(ApiToken):
    """Anonymous callers may read public data; a token that is sent must be valid."""

    def __call__(self, request):
        if not request.headers.get(self.header):
            request.user = AnonymousUser()
            return request.user
        return super().__call__(request)


def error(api: NinjaAPI, request, status: int, detail: str, code: str, **extra):
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


def _schema_messages() -> dict[str, str]:
    # Marked for translation here, looked up when an error happens.
    return {
        "missing": _("This field is required."),
        "string_too_long": _("The text is too long."),
        "string_too_short": _("The text is too short."),
        "string_type": _("Must be text."),
        "bool_type": _("Must be true or false."),
        "bool_parsing": _("Must be true or false."),
        "int_parsing": _("Must be a whole number."),
        "int_type": _("Must be a whole number."),
        "list_type": _("Must be a list."),
        "date_from_datetime_parsing": _("Must be a date like 2026-12-24."),
        "date_parsing": _("Must be a date like 2026-12-24."),
        "date_type": _("Must be a date like 2026-12-24."),
        "extra_forbidden": _("This field is not allowed."),
        "null_not_allowed": _("This field cannot be null."),
        "less_than_equal": _("The number is too large."),
        "greater_than_equal": _("The number is too small."),
    }


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def rule_broken(request, exc: ValidationError):
        code = error_code(exc)
        status = 429 if code == "rate_limited" else 400
        return error(api, request, status, " ".join(exc.messages), code, fields=error_fields(exc))

    @api.exception_handler(SchemaError)
    def schema_invalid(request, exc: SchemaError):
        messages = _schema_messages()
        fields: dict[str, list[str]] = {}
        for item in exc.errors:
            location = [
                str(part) for part in item.get("loc", ()) if part not in ("body", "payload")
            ]
            name = ".".join(location) or "body"
            fields.setdefault(name, []).append(
                messages.get(item.get("type", ""), _("The value is not valid."))
            )
        names = ", ".join(fields)
        return error(
            api,
            request,
            400,
            _("The request has invalid fields: %(fields)s.") % {"fields": names},
            "invalid_input",
            fields=fields,
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return error(
            api,
            request,
            401,
            _("Missing or invalid API token. Send it as “Authorization: Bearer TOKEN”."),
            "unauthorized",
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc: PermissionDenied):
        return error(
            api,
            request,
            403,
            str(exc) or _("You do not have permission to do that."),
            getattr(exc, "code", "forbidden"),
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error(api, request, 404, _("Not found."), "not_found")

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400:
            return error(
                api, request, 400, _("The request body is not valid JSON."), "invalid_json"
            )
        return error(api, request, exc.status_code, str(exc), "http_error")

    @api.exception_handler(Exception)
    def unexpected(request, exc: Exception):
        logger.exception("Unexpected error in the API", exc_info=exc)
        return error(
            api,
            request,
            500,
            _("Something went wrong on our side. Nothing was changed; please try again."),
            "server_error",
        )
