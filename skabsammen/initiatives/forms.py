"""Forms check the shape of what is typed; services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from skabsammen.common.errors import INVALID_EMAIL
from skabsammen.common.forms import IdChoiceField, IdsChoiceField
from skabsammen.municipality.forms import district_filter, topic_filter
from skabsammen.municipality.models import District, Topic

from .models import (
    DESCRIPTION_MAX,
    MESSAGE_MAX,
    NEXT_STEP_MAX,
    PARTNER_ROLE_MAX,
    PLACE_MAX,
    REASON_MAX,
    STAFF_STATUSES,
    TITLE_MAX,
    Channel,
    HelpKind,
    Status,
)
from .selectors import municipal_staff

WIDE = "input-width-xl"  # DKFDS: room for a sentence or a paragraph
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]


class InitiativeForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        widget=forms.TextInput(attrs={"class": WIDE}),
        help_text=_("A short name for your idea, e.g. “Repair café at the library”."),
        error_messages={"required": _("Give your idea a title.")},
    )
    description = forms.CharField(
        label=_("Describe your idea"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "class": WIDE}),
        help_text=_("What would you like to do, for whom, and why? Write as you would say it."),
        error_messages={"required": _("Describe your idea.")},
    )
    help_wanted = forms.MultipleChoiceField(
        label=_("What help would you like from the municipality?"),
        choices=HelpKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose as many as you like, or none."),
    )
    topics = IdsChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    district = IdChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("The whole municipality / not stated"),
    )
    place = forms.CharField(
        label=_("Place (optional)"),
        max_length=PLACE_MAX,
        required=False,
        help_text=_("A street, a park, a school…"),
    )
    is_public = forms.TypedChoiceField(
        label=_("Who can see your idea?"),
        choices=[
            ("true", _("Everyone: it is shown on the list of ideas (your name is not shown)")),
            ("false", _("Only you and the municipality's staff")),
        ],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        initial="true",
        error_messages={"required": _("Choose who can see your idea.")},
    )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "help_wanted": data["help_wanted"],
            "topics": data["topics"],
            "district": data["district"],
            "place": data["place"],
            "is_public": data["is_public"],
        }


class AnonymousInitiativeForm(InitiativeForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_(
            "We send you a link to confirm it. Then your idea is sent, and you can follow it."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Enter your e-mail address."), "invalid": INVALID_EMAIL},
    )


class RegisterOnBehalfForm(InitiativeForm):
    citizen_name = forms.CharField(
        label=_("The citizen's name"),
        max_length=150,
        error_messages={"required": _("Enter the citizen's name.")},
    )
    citizen_email = forms.EmailField(
        label=_("The citizen's e-mail address"),
        max_length=254,
        help_text=_("The citizen gets an e-mail with a link to take ownership of the idea."),
        error_messages={
            "required": _("Enter the citizen's e-mail address."),
            "invalid": INVALID_EMAIL,
        },
    )
    channel = forms.ChoiceField(
        label=_("Where did you meet the citizen?"),
        choices=[choice for choice in Channel.choices if choice[0] != Channel.WEB],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where you met the citizen.")},
    )

    field_order = ["citizen_name", "citizen_email", "channel"]


class NextStepFields(forms.Form):
    next_step = forms.CharField(
        label=_("Next step"),
        max_length=NEXT_STEP_MAX,
        required=False,
        widget=forms.TextInput(attrs={"class": WIDE}),
        help_text=_("What happens next, in a sentence the citizen understands."),
    )
    next_step_due = forms.DateField(
        label=_("Date of the next step"),
        required=False,
        widget=DATE_INPUT,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Enter a date like 24-12-2026.")},
    )


class MessageForm(NextStepFields):
    text = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "class": WIDE}),
        error_messages={"required": _("Write a message.")},
    )
    internal = forms.BooleanField(
        label=_("Internal note: only the municipality's staff can read it"), required=False
    )

    field_order = ["text", "internal", "next_step", "next_step_due"]

    def __init__(self, *args, staff: bool, first_reply: bool, internal_only: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.internal_only = internal_only
        if internal_only:
            self.fields["text"].label = _("Internal note")
            self.fields["text"].help_text = _(
                "Only the municipality's staff can read it. The contact person writes to "
                "the citizen."
            )
        if internal_only or not staff:
            del self.fields["internal"]
        if not first_reply:
            del self.fields["next_step"]
            del self.fields["next_step_due"]
        else:
            self.fields["next_step"].help_text = _(
                "Your first message takes the idea into dialogue. Tell the citizen what "
                "happens next, and when."
            )


class AssignForm(forms.Form):
    contact_person = IdChoiceField(
        label=_("Contact person"),
        queryset=municipal_staff(),
        error_messages={"required": _("Choose a contact person.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].label_from_instance = lambda user: (
            f"{user.name} ({user.department})" if user.department else user.name
        )


class TransitionForm(NextStepFields):
    status = forms.ChoiceField(label=_("Status"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why is the municipality not taking part?"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "class": WIDE}),
        help_text=_("Only when the municipality is not taking part. Write it in plain words."),
    )
    referral = forms.CharField(
        label=_("Where else can the citizen turn?"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "class": WIDE}),
        help_text=_("An association, another authority, a fund…"),
    )

    field_order = ["status", "next_step", "next_step_due", "reason", "referral"]

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = [current, *[status for status in STAFF_STATUSES if status != current]]
        labels = dict(Status.choices)
        self.fields["status"].choices = [(status, labels[status]) for status in statuses]
        self.fields["status"].initial = current


class PartnerRoleForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What does the municipality contribute?"),
        choices=HelpKind.choices,
        error_messages={"required": _("Choose what the municipality contributes.")},
    )
    description = forms.CharField(
        label=_("Describe it"),
        max_length=PARTNER_ROLE_MAX,
        error_messages={"required": _("Describe what the municipality does.")},
    )


class InviteOwnerForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the co-owner"),
        max_length=254,
        help_text=_("They get an e-mail with a link. They become co-owner when they follow it."),
        error_messages={"required": _("Enter an e-mail address."), "invalid": INVALID_EMAIL},
    )


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    topic = topic_filter()
    district = district_filter()
