"""Error messages and codes shared by services, pages and the API."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

INVALID_EMAIL = gettext_lazy("Enter an e-mail address like name@example.dk.")


def too_long(what: str, limit: int) -> ValidationError:
    """`what` is the field's name as a sentence subject, e.g. "The title"."""
    return ValidationError(
        gettext("%(what)s can be at most %(max)d characters.") % {"what": what, "max": limit},
        code="too_long",
    )


def error_code(error: ValidationError) -> str:
    """The machine code of the first error, for API clients."""
    if hasattr(error, "error_dict"):
        first = next(iter(error.error_dict.values()))[0]
    else:
        first = error.error_list[0]
    return first.code or "invalid"


def error_fields(error: ValidationError) -> dict[str, list[str]]:
    """Messages per field; empty for an error about the whole request."""
    return error.message_dict if hasattr(error, "error_dict") else {}
