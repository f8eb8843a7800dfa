from django import forms
from django.utils.translation import gettext_lazy as _

from skabsammen.sortition import Quota

from .models import PURPOSE_MAX, SEED_MAX, Algorithm, Draw

K_MAX = 10_000


class SeatsField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(
            min_value=1,
            max_value=K_MAX,
            error_messages={
                "required": _("Enter how many people to draw."),
                "invalid": _("Enter a whole number."),
                "min_value": _("Draw at least one person."),
                "max_value": _("The number is too large."),
            },
            **kwargs,
        )


class CommitteeDrawForm(forms.Form):
    """Start a draw of a task committee's members from its open applications."""

    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=PURPOSE_MAX,
        help_text=_("Shown on the draw's public page."),
        error_messages={"required": _("Say what the draw is for.")},
    )
    k = SeatsField(label=_("Seats to fill"))
    categories = forms.MultipleChoiceField(
        label=_("Balance the committee by"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The committee will look like the applicants in these respects. The draw's "
            "public page shows each applicant's answers, as a numbered row without a name."
        ),
        error_messages={"required": _("Choose at least one category.")},
    )

    def __init__(self, *args, categories: dict[str, str], **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("categories", list(categories))
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = list(categories.items())


class QuotaForm(forms.Form):
    """k, the method, and at least/at most per value; one pair of fields per quota."""

    k = SeatsField(label=_("Number to draw"))
    algorithm = forms.ChoiceField(
        label=_("Method"),
        choices=Algorithm.choices,
        help_text=_("LEXIMIN gives everyone as equal a chance as the quotas allow."),
    )

    def __init__(self, *args, draw: Draw, in_pool: dict[tuple[str, str], int], **kwargs):
        kwargs.setdefault("initial", {"k": draw.k, "algorithm": draw.algorithm})
        super().__init__(*args, **kwargs)
        self.draw = draw
        self.rows = []
        for i, quota in enumerate(draw.quota_list):
            label = f"{quota.category}: {quota.value}"
            bounds = {}
            for bound, text, value in (
                ("min", _("At least"), quota.min),
                ("max", _("At most"), quota.max),
            ):
                name = f"{bound}_{i}"
                self.fields[name] = forms.IntegerField(
                    label=f"{text} ({label})",
                    min_value=0,
                    max_value=K_MAX,
                    initial=value,
                    error_messages={
                        "required": _("Enter a number (0 or more)."),
                        "invalid": _("Enter a whole number."),
                        "min_value": _("The number cannot be negative."),
                        "max_value": _("The number is too large."),
                    },
                    widget=forms.NumberInput(attrs={"class": "input-width-xs"}),
                )
                bounds[bound] = self[name]
            self.rows.append(
                {
                    "quota": quota,
                    "in_pool": in_pool.get((quota.category, quota.value), 0),
                    **bounds,
                }
            )

    def clean(self):
        data = super().clean()
        for i in range(len(self.draw.quotas)):
            low, high = data.get(f"min_{i}"), data.get(f"max_{i}")
            if low is not None and high is not None and low > high:
                self.add_error(f"max_{i}", _("Must be at least as large as “at least”."))
        return data

    def quotas(self) -> list[Quota]:
        data = self.cleaned_data
        return [
            Quota(q.category, q.value, data[f"min_{i}"], data[f"max_{i}"])
            for i, q in enumerate(self.draw.quota_list)
        ]


class RunForm(forms.Form):
    seed = forms.CharField(
        label=_("Seed"),
        max_length=SEED_MAX,
        help_text=_(
            "A number or a text that is chosen in public, e.g. at a meeting, after the "
            "inputs have been published. The same seed always gives the same draw."
        ),
        error_messages={
            "required": _("Enter the seed: a number or a text that is made public at the draw.")
        },
    )
