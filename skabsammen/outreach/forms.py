"""Forms of the campaign pages and of the answer pages. The forms check the shape of what
is typed; the services check the rules."""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from skabsammen.committees.models import Body, BodyKind, Education
from skabsammen.common.errors import INVALID_EMAIL
from skabsammen.common.forms import DateInput, IdChoiceField

from .models import Campaign
from .services.answers import TEXT_MAX
from .services.campaigns import PURPOSE_MAX, QUESTION_MAX, REMIND_MAX_DAYS, TITLE_MAX
from .services.sample import ATTRIBUTES, SEED_MAX

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
WIDE = "input-width-xl"


class CampaignForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("Shown in the invitation's subject and heading."),
        error_messages={"required": _("Give the campaign a title.")},
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=PURPOSE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why you invite people and what comes of their answers, in plain words."),
        error_messages={"required": _("Say why you invite people: the invitation quotes it.")},
    )
    question = forms.CharField(
        label=_("Question"),
        max_length=QUESTION_MAX,
        error_messages={"required": _("Write the question to ask.")},
    )
    body = IdChoiceField(
        label=_("Citizens' assembly or committee"),
        queryset=Body.objects.exclude(kind=BodyKind.WORKING_GROUP).order_by("name"),
        required=False,
        empty_label=_("None"),
        help_text=_("If those invited can volunteer for a citizens' assembly or committee."),
    )
    answer_until = forms.DateField(
        label=_("Answers by"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        required=False,
        help_text=_("The last day to answer; needed before the invitations are sent."),
        error_messages={"invalid": _("Write the date like 31-12-2026.")},
    )
    remind_after_days = forms.IntegerField(
        label=_("Remind after (days)"),
        min_value=0,
        max_value=REMIND_MAX_DAYS,
        initial=10,
        help_text=_("Those who have not answered get one reminder; 0 sends none."),
        error_messages={"required": _("Give the number of days (0 for no reminder).")},
    )


class RegisterForm(forms.Form):
    file = forms.FileField(
        label=_("Register extract"),
        help_text=_(
            "CSV (comma or semicolon separated) or Excel (.xlsx) with the columns id, navn, "
            "adresse, postnummer, by, bydel, alder (or fødselsår or fødselsdato), køn and "
            "e-mail. Never CPR numbers."
        ),
        error_messages={
            "required": _("Choose a file to import."),
            "empty": _("The file is empty."),
        },
    )


def _seed() -> str:
    return str(secrets.randbelow(900_000) + 100_000)


class SampleForm(forms.Form):
    size = forms.IntegerField(
        label=_("Number of people to invite"),
        min_value=1,
        error_messages={
            "required": _("Give the number of people to invite."),
            "min_value": _("The sample must have at least 1 person."),
            "invalid": _("Write a whole number."),
        },
    )
    strata = forms.MultipleChoiceField(
        label=_("Strata"),
        choices=list(ATTRIBUTES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=list(ATTRIBUTES),
        help_text=_("The sample matches the register's shares of each combination chosen."),
    )
    one_per_household = forms.BooleanField(
        label=_("At most one person per household"), required=False, initial=True
    )
    seed = forms.CharField(
        label=_("Seed"),
        max_length=SEED_MAX,
        initial=_seed,
        help_text=_(
            "Announce it before the draw: the same register and seed give the same sample, "
            "so anyone can check it."
        ),
        error_messages={"required": _("Give the seed.")},
    )


# The answer pages ------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your personal code"),
        max_length=40,
        help_text=_("It stands in the letter from the municipality, e.g. K7PQ-4MX9."),
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


# Closing and the volunteers' draw ----------------------------------------------------------


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
