from django import forms
from django.utils.translation import gettext_lazy as _

from .services import K_MAX, K_MIN


class RunForm(forms.Form):
    """Start a theme run: the computer chooses the number of themes unless staff do."""

    k = forms.IntegerField(
        label=_("Number of themes"),
        required=False,
        min_value=K_MIN,
        max_value=K_MAX,
        help_text=_("Leave it empty and the computer suggests a number."),
        error_messages={
            "invalid": _("Enter a whole number."),
            "min_value": _("Choose at least %(limit_value)s themes."),
            "max_value": _("Choose at most %(limit_value)s themes."),
        },
    )
