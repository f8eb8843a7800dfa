"""Forms of the answer pages and of the secretariat's results pages. The forms check the
shape of what is typed; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from skabsammen.common.errors import INVALID_EMAIL

from .models import Campaign, Education
from .services.answers import TEXT_MAX

WIDE = "input-width-xl"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your personal code"),
        max_length=40,
        help_text=_("It stands in the letter from the municipality, e.g. K7P-4MX9."),
        error_messages={"required": _("Type the code from the letter.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": WIDE}),
        help_text=_("Write as much or as little as you like."),
    )
    wants_assembly = forms.BooleanField(required=False)
    wants_working_group = forms.BooleanField(
        label=_("Yes, I would like to join a working group"),
        required=False,
        help_text=_("A working group meets a few times about one task."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": INVALID_EMAIL},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    education = forms.ChoiceField(
        label=_("Education"),
        choices=[("", _("Do not say")), *Education.choices],
        required=False,
        help_text=_("Optional. It helps us draw a panel that looks like the town."),
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = campaign.question
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        if campaign.body_id:
            self.fields["wants_assembly"].label = _(
                "Yes, I would like to be in the draw for %(body)s"
            ) % {"body": campaign.body.name}
        else:
            del self.fields["wants_assembly"]


class ConfirmForm(forms.Form):
    """A button that must be pressed on purpose: closing deletes personal data."""

    confirm = forms.BooleanField(
        label=_("I understand that the personal data is deleted and cannot be recovered"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class PanelDrawForm(forms.Form):
    size = forms.IntegerField(
        label=_("Number of seats to draw"),
        min_value=1,
        max_value=500,
        error_messages={
            "required": _("Give the number of seats."),
            "min_value": _("Draw at least one seat."),
            "max_value": _("Draw at most 500 seats."),
            "invalid": _("Write a whole number."),
        },
    )
