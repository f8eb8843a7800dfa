"""Checking the named rules from rules.py files in views and services."""

from collections.abc import Callable
from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class Forbidden(PermissionDenied):
    """A rule refused the action; `code` names the rule for API clients."""

    def __init__(self, message: str | None = None, code: str = "forbidden"):
        super().__init__(message or _("You do not have permission to do that."))
        self.code = code


def require(rule: str, user, obj=None, message: str | None = None) -> None:
    """Raise Forbidden unless `user` may do `rule` to `obj`."""
    if not rules.test_rule(rule, user, obj):
        raise Forbidden(message, code="forbidden")


def rule_required(rule: str) -> Callable:
    """View decorator for a rule without an object: anonymous users go to sign in."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not rules.test_rule(rule, request.user, None):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise Forbidden()
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
