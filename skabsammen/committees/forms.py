"""Forms check the shape of what is typed or uploaded; services check the rules."""

from datetime import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skabsammen.accounts.models import AgeBand
from skabsammen.common.forms import DateInput, IdChoiceField, IdsChoiceField
from skabsammen.municipality.models import District

from .models import (
    MOTIVATION_MAX,
    NAME_MAX,
    Application,
    Body,
    BodyKind,
    Education,
    Gender,
    Meeting,
    MemberGroup,
    MemberRole,
    Presence,
)


class ImportMinutesForm(forms.Form):
    file = forms.FileField(
        label=_("Minutes or agenda"),
        help_text=_("A PDF, HTML or text file, as the minutes were published."),
        error_messages={
            "required": _("Choose a file to import."),
            "empty": _("The file is empty."),
        },
    )
    body = IdChoiceField(
        label=_("Body"),
        queryset=Body.objects.exclude(kind=BodyKind.WORKING_GROUP),
        required=False,
        empty_label=_("Read it from the document"),
        help_text=_("Choose the body if the document names it differently."),
    )


def _years() -> list[tuple[str, str]]:
    first = Meeting.objects.order_by("starts_at").values_list("starts_at", flat=True).first()
    now = timezone.localdate().year
    start = timezone.localtime(first).year if first else now
    return [("", _("All years"))] + [(str(y), str(y)) for y in range(now + 1, start - 1, -1)]


class ArchiveForm(forms.Form):
    body = IdChoiceField(
        label=_("Body"),
        queryset=Body.objects.all(),
        required=False,
        empty_label=_("All bodies"),
        to_field_name="slug",
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()


WIDE = "input-width-xl"
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]


class MeetingForm(forms.Form):
    number = forms.IntegerField(
        label=_("Meeting number"),
        min_value=1,
        max_value=10_000,
        required=False,
        help_text=_("E.g. 5 for the body's 5th meeting."),
    )
    day = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={
            "required": _("Give the meeting's date."),
            "invalid": _("Write the date like 02-09-2019."),
        },
    )
    starts = forms.TimeField(
        label=_("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={
            "required": _("Give the time the meeting starts."),
            "invalid": _("Write the time like 19:00."),
        },
    )
    ends = forms.TimeField(
        label=_("Ends at"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        required=False,
        error_messages={"invalid": _("Write the time like 21:00.")},
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def times(self):
        """(starts_at, ends_at) as aware datetimes in the municipality's time zone."""
        day = self.cleaned_data["day"]
        starts = timezone.make_aware(datetime.combine(day, self.cleaned_data["starts"]))
        ends = self.cleaned_data.get("ends")
        return starts, timezone.make_aware(datetime.combine(day, ends)) if ends else None


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": WIDE}),
        error_messages={"required": _("Give the item a title.")},
    )
    is_closed = forms.BooleanField(
        label=_("Closed item (only the title is public)"), required=False
    )
    case_id = forms.CharField(
        label=_("Case ID"),
        max_length=40,
        required=False,
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3, "class": WIDE})
    )
    background = forms.CharField(
        label=_("Background"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": WIDE}),
    )
    recommendation_intro = forms.CharField(
        label=_("Recommendation: introduction"),
        required=False,
        initial="Det indstilles",
        widget=forms.Textarea(attrs={"rows": 2, "class": WIDE}),
    )
    recommendations = forms.CharField(
        label=_("Recommendation: the points"),
        required=False,
        help_text=_("One point a line, each beginning “At …”."),
        widget=forms.Textarea(attrs={"rows": 4, "class": WIDE}),
    )
    previous_decisions = forms.CharField(
        label=_("Previous decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": WIDE}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_id"].help_text = gettext(
            "As in the records system, e.g. %(example)s."
        ) % {"example": settings.CASE_ID_EXAMPLE}

    def item_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["recommendations"] = data["recommendations"].splitlines()
        return data


class DecisionsForm(forms.Form):
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": WIDE}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to use the file's name."),
    )
    document_id = forms.CharField(label=_("Document ID"), max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "PDF, Word (DOCX), Excel (XLSX) or an image, at most %(mb)d MB."
        ) % {"mb": settings.ATTACHMENT_MAX_MB}


class ApproveForm(forms.Form):
    closing_note = forms.CharField(
        label=_("Closing line"),
        max_length=300,
        required=False,
        initial="Protokollen blev læst og mødet hævet kl. ",
        widget=forms.TextInput(attrs={"class": WIDE}),
    )


class AttendanceForm(forms.Form):
    """One row per member: present, absent, or absent with a substitute.

    Each row carries the member's name in a hidden field, so a posted row belongs to the
    person it was shown for even if the list of members changed in the meantime."""

    MAX_ROWS = 200

    def __init__(self, data=None, *, names: list[str] | None = None, initial_rows=None, **kwargs):
        super().__init__(data, **kwargs)
        if data is not None:
            names = [
                data[f"name_{n}"][:NAME_MAX] for n in range(self.MAX_ROWS) if f"name_{n}" in data
            ]
        self.names = names or []
        choices = list(Presence.choices)
        for n, name in enumerate(self.names):
            presence, substitute = (initial_rows or {}).get(name, (Presence.PRESENT, ""))
            self.fields[f"name_{n}"] = forms.CharField(
                initial=name, widget=forms.HiddenInput, max_length=NAME_MAX
            )
            self.fields[f"presence_{n}"] = forms.ChoiceField(
                label=name, choices=choices, initial=presence, widget=forms.RadioSelect
            )
            self.fields[f"substitute_{n}"] = forms.CharField(
                label=_("Substitute for %(name)s") % {"name": name},
                max_length=NAME_MAX,
                required=False,
                initial=substitute,
            )
        self.fields["guests"] = forms.CharField(
            label=_("Others present"),
            required=False,
            max_length=2000,
            help_text=_("Names separated by commas, e.g. a new member not yet registered."),
        )

    def rows(self) -> list[tuple[str, str, str]]:
        rows = [
            (
                self.cleaned_data[f"name_{n}"],
                self.cleaned_data[f"presence_{n}"],
                self.cleaned_data[f"substitute_{n}"],
            )
            for n in range(len(self.names))
        ]
        guests = [g.strip() for g in self.cleaned_data["guests"].split(",") if g.strip()]
        return rows + [(g, Presence.PRESENT, "") for g in guests]


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why would you like to take part?"),
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "class": WIDE}),
        help_text=_("A few lines about what you care about and what you would bring."),
        error_messages={"required": _("Tell us why you would like to take part.")},
    )
    age_band = forms.ChoiceField(
        label=_("Age band"), choices=[("", _("Do not say")), *AgeBand.choices], required=False
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Do not say")), *Gender.choices], required=False
    )
    district = IdChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("Do not say"),
    )
    education = forms.ChoiceField(
        label=_("Education"), choices=[("", _("Do not say")), *Education.choices], required=False
    )


class AppointForm(forms.Form):
    applications = IdsChoiceField(
        label=_("Appoint"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one applicant.")},
    )

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["applications"]
        field.queryset = body.applications.filter(
            status__in=["applied", "not_appointed"]
        ).select_related("applicant")
        field.label_from_instance = lambda a: a.applicant.name or a.applicant.email


class InviteForm(forms.Form):
    group = IdChoiceField(
        label=_("Working group"),
        queryset=Body.objects.none(),
        error_messages={"required": _("Choose a working group.")},
    )

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = body.working_groups.all()


class PrinciplesForm(forms.Form):
    """The draft: an introduction and the principles, each a title and a text. Two empty
    rows more than there are principles, so one can be added."""

    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": WIDE}),
    )

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.count = count + 2
        for n in range(self.count):
            self.fields[f"id_{n}"] = forms.IntegerField(required=False, widget=forms.HiddenInput)
            self.fields[f"title_{n}"] = forms.CharField(
                label=_("Principle %(n)d: title") % {"n": n + 1},
                max_length=300,
                required=False,
                widget=forms.TextInput(attrs={"class": WIDE}),
            )
            self.fields[f"text_{n}"] = forms.CharField(
                label=_("Principle %(n)d: text") % {"n": n + 1},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "class": WIDE}),
            )

    def principles(self) -> list[tuple[int | None, str, str]]:
        """(id of the draft's principle or None for a new one, title, text) in order."""
        return [
            (
                self.cleaned_data[f"id_{n}"],
                self.cleaned_data[f"title_{n}"],
                self.cleaned_data[f"text_{n}"],
            )
            for n in range(self.count)
        ]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, "class": WIDE}),
        error_messages={"required": _("Write your comment.")},
    )


class BodyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": WIDE}),
        error_messages={"required": _("Give the body a name.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    parent = IdChoiceField(
        label=_("Belongs under"),
        queryset=Body.objects.exclude(kind=BodyKind.WORKING_GROUP),
        required=False,
        help_text=_("For a working group: the body it works for."),
    )
    mandate = forms.CharField(
        label=_("Mandate"), required=False, widget=forms.Textarea(attrs={"rows": 6, "class": WIDE})
    )
    period_start = forms.DateField(
        label=_("Period starts"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    period_end = forms.DateField(
        label=_("Period ends"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    applications_open_until = forms.DateField(
        label=_("Applications open until"),
        required=False,
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        help_text=_("For a task committee that citizens may apply to."),
    )
    other_names = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": WIDE}),
        help_text=_("Names the body has in documents, one a line; used when minutes are read."),
    )


class BodyEditForm(BodyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        del self.fields["parent"]


class MembershipForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Give the member's name.")}
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial="member")
    group = forms.ChoiceField(label=_("Member as"), choices=MemberGroup.choices, initial="citizen")
    starts_on = forms.DateField(
        label=_("From"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Give the day the membership starts.")},
    )
    ends_on = forms.DateField(
        label=_("Until"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )


class MembershipEndForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Last day"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Give the member's last day.")},
    )
