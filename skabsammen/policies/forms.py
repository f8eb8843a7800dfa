"""Forms check the shape of what is typed; services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from skabsammen.committees.models import Body
from skabsammen.common.forms import DateInput, IdChoiceField, IdsChoiceField
from skabsammen.municipality.models import Department

from .models import SUMMARY_MAX, TITLE_MAX, Policy, PolicyKind

WIDE = "input-width-xl"
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]


def goals_from_text(text: str) -> list[str]:
    """One goal a line; empty lines and a leading bullet or dash are dropped."""
    return [line.strip().lstrip("-•*").strip() for line in text.splitlines() if line.strip()]


class PolicyForm(forms.Form):
    # Title and date are checked by the service, so the page and the API say the same.
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        required=False,
        widget=forms.TextInput(attrs={"class": WIDE}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=PolicyKind.choices,
        initial=PolicyKind.POLICY,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether it is a policy or a strategy.")},
    )
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        required=False,
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        help_text=_("The day the municipal council or a committee adopted it."),
        error_messages={"invalid": _("Write the date as dd-mm-yyyy, e.g. 04-06-2019.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": WIDE}),
        help_text=_("What the policy is about, in a few plain sentences."),
    )
    goals = forms.CharField(
        label=_("Goals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": WIDE}),
        help_text=_("One goal a line."),
    )
    link = forms.CharField(
        label=_("Web address of the policy"),
        required=False,
        widget=forms.URLInput(attrs={"class": WIDE}),
        help_text=_("The address of the policy on the municipality's website."),
    )
    department = IdChoiceField(
        label=_("Responsible department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("None"),
    )
    bodies = IdsChoiceField(
        label=_("Committees and councils that work under it"),
        queryset=Body.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def initial_for(cls, policy: Policy) -> dict:
        return {
            "title": policy.title,
            "kind": policy.kind,
            "adopted_on": policy.adopted_on,
            "summary": policy.summary,
            "goals": "\n".join(policy.goals),
            "link": policy.link,
            "department": policy.department_id,
            "bodies": [body.pk for body in policy.bodies.all()],
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "adopted_on": data["adopted_on"],
            "summary": data["summary"],
            "goals": goals_from_text(data["goals"]),
            "link": data["link"],
            "department": data["department"],
            "bodies": list(data["bodies"]),
        }


class LinkPolicyForm(forms.Form):
    policy = IdChoiceField(
        label=_("Policy or strategy"),
        queryset=Policy.objects.active(),
        empty_label=_("Choose a policy"),
        error_messages={
            "required": _("Choose the policy the idea works under."),
            "invalid_choice": _("Choose one of the active policies."),
        },
    )

    def __init__(self, *args, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        if initiative is not None:
            self.fields["policy"].queryset = Policy.objects.active().exclude(
                initiative_links__initiative=initiative
            )
