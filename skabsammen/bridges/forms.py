"""Forms of the directory, the organisation's own update page and the import. The forms
check the shape of what is typed; the services check the rules (and say the same to the
API and the import)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from skabsammen.common.errors import INVALID_EMAIL
from skabsammen.common.forms import IdChoiceField, IdsChoiceField
from skabsammen.municipality.forms import district_filter, topic_filter
from skabsammen.municipality.models import Department, District, Topic

from .models import DESCRIPTION_MAX, NAME_MAX, PHONE_MAX, Contact, OrganisationKind

WIDE = "input-width-xl"


def _topics():
    return IdsChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose among the topics shown.")},
    )


def _districts(help_text):
    return IdsChoiceField(
        label=_("Districts served"),
        queryset=District.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"invalid_choice": _("Choose among the districts shown.")},
    )


class PublicFieldsForm(forms.Form):
    """What the public sees of an organisation; the organisation may change it itself."""

    # The rest is checked by the service, so the pages, the import and the own link say
    # the same.
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"class": WIDE}),
        error_messages={"required": _("Give the organisation's name.")},
    )
    description = forms.CharField(
        label=_("What it does"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": WIDE}),
        help_text=_("A few plain sentences: what it does, and for whom."),
        error_messages={
            "max_length": _("The description can be at most %(limit_value)d characters.")
        },
    )
    website = forms.CharField(
        label=_("Website"),
        required=False,
        widget=forms.URLInput(attrs={"class": WIDE}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"class": WIDE}),
        help_text=_("The organisation's own address (like info@…), not a person's."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=PHONE_MAX, required=False)
    topics = _topics()
    districts = _districts(_("None: the whole municipality."))

    PUBLIC = ("name", "description", "website", "email", "phone")

    @classmethod
    def initial_for(cls, organisation) -> dict:
        return {
            **{name: getattr(organisation, name) for name in cls.PUBLIC},
            "topics": [topic.pk for topic in organisation.topics.all()],
            "districts": [district.pk for district in organisation.districts.all()],
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in self.PUBLIC},
            "topics": list(data["topics"]),
            "districts": list(data["districts"]),
        }


class OrganisationForm(PublicFieldsForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=OrganisationKind.choices,
        initial=OrganisationKind.ASSOCIATION,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what kind of organisation it is."),
            "invalid_choice": _("Choose what kind of organisation it is."),
        },
    )
    register_id = forms.CharField(
        label=_("Register number"),
        required=False,
        help_text=_("The association's number in the municipality's register, or a CVR number."),
    )
    department = IdChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("None"),
        help_text=_("Only for a municipal department or centre: which of ours it is."),
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_(
            "An inactive organisation is never suggested and never shown in public. "
            "Nothing is deleted: make it active again when it is back."
        ),
    )

    field_order = ["name", "kind", "description", "website", "email", "phone", "register_id"]

    STAFF = ("kind", "register_id", "department", "is_active")

    @classmethod
    def initial_for(cls, organisation) -> dict:
        return {
            **super().initial_for(organisation),
            **{name: getattr(organisation, name) for name in cls.STAFF},
        }

    def service_kwargs(self) -> dict:
        return {
            **super().service_kwargs(),
            **{name: self.cleaned_data[name] for name in self.STAFF},
        }


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=Contact._meta.get_field("name").max_length,
        error_messages={"required": _("Give the contact's name.")},
    )
    role = forms.CharField(
        label=_("Role"),
        max_length=Contact._meta.get_field("role").max_length,
        required=False,
        help_text=_("Like chair, volunteer coordinator or librarian."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"class": WIDE}),
        error_messages={
            "required": _("Give the contact's e-mail address."),
            "invalid": INVALID_EMAIL,
        },
    )
    phone = forms.CharField(label=_("Phone"), max_length=PHONE_MAX, required=False)
    topics = _topics()
    districts = _districts(_("None: the whole municipality."))
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_(
            "An inactive contact is never suggested. Nothing is deleted: make the contact "
            "active again when the person is back."
        ),
    )

    FIELDS = ("name", "role", "email", "phone", "is_active")

    @classmethod
    def initial_for(cls, contact) -> dict:
        return {
            **{name: getattr(contact, name) for name in cls.FIELDS},
            "topics": [topic.pk for topic in contact.topics.all()],
            "districts": [district.pk for district in contact.districts.all()],
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in self.FIELDS},
            "topics": list(data["topics"]),
            "districts": list(data["districts"]),
        }


class UpdateLinkForm(forms.Form):
    """Where the staff send the update link: the organisation's own address or a contact's."""

    contact = IdChoiceField(
        label=_("Send the link to"),
        queryset=Contact.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the organisation's contacts.")},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        field.queryset = organisation.contacts.filter(is_active=True).order_by("name")
        field.label_from_instance = lambda contact: f"{contact.name} ({contact.email})"
        if organisation.email:
            field.empty_label = _("The organisation's own address (%(email)s)") % {
                "email": organisation.email
            }
        else:
            field.empty_label = _("The organisation has no address of its own")


# The organisation's own update page: its contacts ----------------------------------------


class OwnContactForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Name"),
        max_length=Contact._meta.get_field("name").max_length,
        required=False,
    )
    role = forms.CharField(
        label=_("Role"), max_length=Contact._meta.get_field("role").max_length, required=False
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": INVALID_EMAIL},
    )
    phone = forms.CharField(label=_("Phone"), max_length=PHONE_MAX, required=False)
    gone = forms.BooleanField(
        label=_("No longer with us"),
        required=False,
        help_text=_("The person is taken off the list of contacts."),
    )

    def clean(self):
        data = super().clean()
        if data.get("gone") or (not self.has_changed() and not data.get("id")):
            return data
        if not data.get("name"):
            self.add_error("name", _("Give the contact's name."))
        if not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give the contact's e-mail address."))
        return data


class BaseOwnContactFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if index is None or index >= self.initial_form_count():
            del form.fields["gone"]  # a new contact cannot be gone yet

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("gone") or not data.get("email"):
                continue
            email = data["email"].casefold()
            if email in seen:
                raise forms.ValidationError(
                    _("Two contacts have the e-mail address %(email)s: each needs their own.")
                    % {"email": data["email"]},
                    code="duplicate_email",
                )
            seen.add(email)

    def contact_changes(self):
        from .services.directory import ContactChange

        changes = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or (not data.get("id") and not form.has_changed()):
                continue
            changes.append(
                ContactChange(
                    id=data.get("id"),
                    name=data.get("name", ""),
                    role=data.get("role", ""),
                    email=data.get("email", ""),
                    phone=data.get("phone", ""),
                    gone=bool(data.get("gone")) and bool(data.get("id")),
                )
            )
        return changes


OwnContactFormSet = forms.formset_factory(
    OwnContactForm, formset=BaseOwnContactFormSet, extra=1, max_num=50, absolute_max=60
)


# Filters -------------------------------------------------------------------------------


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *OrganisationKind.choices]
    )
    topic = topic_filter()
    district = district_filter()

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()  # a filter that is not understood is explained and left out
        data = self.cleaned_data
        return {
            "kind": data.get("kind") or None,
            "topic": data.get("topic"),
            "district": data.get("district"),
            "query": data.get("q", ""),
        }


ACTIVE_CHOICES = [("", _("All")), ("ja", _("Active")), ("nej", _("Inactive"))]


class StaffDirectoryFilterForm(DirectoryFilterForm):
    active = forms.ChoiceField(label=_("Active"), required=False, choices=ACTIVE_CHOICES)

    def filters(self) -> dict:
        filters = super().filters()
        if filters:
            filters["active"] = {"ja": True, "nej": False}.get(self.cleaned_data.get("active"))
        return filters


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Register of organisations"),
        help_text=_(
            "CSV (comma or semicolon separated) or Excel (.xlsx) with a header row. Columns: "
            "navn (required), type, beskrivelse, hjemmeside, e-mail, telefon, "
            "foreningsnummer or cvr, emner, bydele, and for a contact kontaktperson, "
            "kontakt e-mail, kontakt telefon and rolle."
        ),
        error_messages={
            "required": _("Choose a file to import."),
            "empty": _("The file is empty."),
        },
    )
