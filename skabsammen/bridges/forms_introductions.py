"""Forms for proposing an introduction (staff) and asking for contact (an idea's owner)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skabsammen.initiatives.models import Initiative

from .models import NOTE_MAX, Contact, SuggestionKind
from .services.introductions import REASON_MAX

NOTE_LABEL = gettext_lazy("Why you two?")


class ProposeForm(forms.Form):
    """Posted from a suggestion's row: whom to introduce, and why in a few words."""

    kind = forms.ChoiceField(
        choices=[
            (SuggestionKind.CONTACT.value, SuggestionKind.CONTACT.label),
            (SuggestionKind.INITIATIVE.value, SuggestionKind.INITIATIVE.label),
        ],
        error_messages={
            "required": gettext_lazy("Choose a contact or another idea to introduce."),
            "invalid_choice": gettext_lazy("Choose a contact or another idea to introduce."),
        },
    )
    target_id = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": gettext_lazy("Choose a contact or another idea to introduce."),
            "invalid": gettext_lazy("Choose a contact or another idea to introduce."),
            "min_value": gettext_lazy("Choose a contact or another idea to introduce."),
        },
    )
    note = forms.CharField(
        label=NOTE_LABEL,
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": gettext_lazy("The note is too long.")},
    )
    reason = forms.CharField(required=False, max_length=REASON_MAX * 10)
    score = forms.FloatField(required=False)

    def clean(self):
        data = super().clean()
        kind, target = data.get("kind"), data.get("target_id")
        if kind is None or target is None:
            return data
        if kind == SuggestionKind.CONTACT:
            data["contact"] = Contact.objects.select_related("organisation").filter(pk=target)
            data["contact"] = data["contact"].first()
            missing = data["contact"] is None
        else:
            data["other_initiative"] = Initiative.objects.filter(pk=target).first()
            missing = data["other_initiative"] is None
        if missing:
            raise forms.ValidationError(
                _("We cannot find whom to introduce. The page may be out of date."),
                code="unknown_target",
            )
        score = data.get("score")
        if score is not None and not 0 <= score <= 1:
            data["score"] = None
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "contact": data.get("contact"),
            "other_initiative": data.get("other_initiative"),
            "note": data["note"],
            "reason": data["reason"],
            "score": data["score"],
        }


class RequestContactForm(forms.Form):
    """An owner asks for contact with the owners of a public idea like hers."""

    other_initiative = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": gettext_lazy("Choose the idea whose owners you want to contact."),
            "invalid": gettext_lazy("Choose the idea whose owners you want to contact."),
            "min_value": gettext_lazy("Choose the idea whose owners you want to contact."),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("A few words to the other idea's owners"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": gettext_lazy("The note is too long.")},
    )
