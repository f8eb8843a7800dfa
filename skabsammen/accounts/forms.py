from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from skabsammen.common.forms import IdChoiceField
from skabsammen.municipality.models import District

from .models import AgeBand


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send you a link. You sign in by following it; no password needed."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.dk."),
        },
    )


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    district = IdChoiceField(
        label=_("District (optional)"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("Not stated"),
        help_text=_("Helps the municipality see which parts of town ideas come from."),
    )
    age_band = forms.ChoiceField(
        label=_("Age (optional)"),
        choices=[("", _("Not stated")), *AgeBand.choices],
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language of e-mails"), choices=settings.LANGUAGES, required=True
    )
