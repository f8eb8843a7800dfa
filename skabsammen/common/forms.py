"""Render every Django form in the markup of the Danish design system DKFDS.

``settings.FORM_RENDERER`` points here, so ``{{ form }}`` gives DKFDS form groups with
label, hint, error message and required marking, checkbox and radio groups in a fieldset
with a legend, a character limit on text areas, and an error summary at the top.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

# DKFDS class on the control itself, by widget type (the most specific class wins).
_CONTROL_CLASSES = (
    (forms.CheckboxSelectMultiple, "form-checkbox"),
    (forms.RadioSelect, "form-radio"),
    (forms.CheckboxInput, "form-checkbox"),
    (forms.Select, "form-select"),  # SelectMultiple and NullBooleanSelect too
    (forms.SelectDateWidget, "form-select"),
    (forms.FileInput, ""),  # DKFDS styles input[type=file] as it is
    (forms.HiddenInput, ""),
    (forms.Textarea, "form-input"),
    (Input, "form-input"),
)


class DateInput(forms.DateInput):
    """A native date picker; use it as ``widget=DateInput()`` on a DateField."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class DkfdsBoundField(BoundField):
    """A bound field that knows its DKFDS control class, layout and character limit."""

    @property
    def control_class(self) -> str:
        widget = self.field.widget
        for widget_class, css_class in _CONTROL_CLASSES:
            if isinstance(widget, widget_class):
                return css_class
        return ""

    @property
    def layout(self) -> str:
        """How the field template lays the field out: checkbox, options, fieldset or input."""
        widget = self.field.widget
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            return "options"
        if self.use_fieldset:
            return "fieldset"
        return "input"

    @property
    def option_class(self) -> str:
        """DKFDS wrapper class of one option in a group: form-group-checkbox or -radio."""
        if isinstance(self.field.widget, forms.CheckboxSelectMultiple):
            return "form-group-checkbox"
        return "form-group-radio"

    @property
    def character_limit(self) -> int | None:
        """The maximum length shown with DKFDS's character limit (text areas only)."""
        if isinstance(self.field.widget, forms.Textarea):
            return getattr(self.field, "max_length", None)
        return None

    @property
    def error_anchor(self) -> str:
        """The id the error summary links to: the control, or a group's first option."""
        return self.id_for_label or (f"{self.auto_id}_0" if self.auto_id else "")

    @property
    def aria_describedby(self):
        describedby = super().aria_describedby
        if describedby is None or not self.auto_id or not self.character_limit:
            return describedby
        return f"{describedby} {self.auto_id}_limit".strip()

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if css_class := self.control_class:
            widget = widget or self.field.widget
            classes = [css_class, *widget.attrs.get("class", "").split()]
            classes += attrs.get("class", "").split()
            attrs["class"] = " ".join(dict.fromkeys(classes))
        if self.character_limit:
            # DKFDS counts down and then shows how many characters are too many;
            # a hard maxlength would silently cut pasted text instead. The form still
            # refuses text that is too long.
            attrs["maxlength"] = False
        return attrs


class DkfdsFormRenderer(TemplatesSetting):
    """Form renderer using the project's templates (needs "django.forms" in INSTALLED_APPS)."""

    form_template_name = "forms/dkfds/form.html"
    field_template_name = "forms/dkfds/field.html"
    bound_field_class = DkfdsBoundField


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's errors on the form: by field where the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def error_status(form: forms.Form) -> int:
    """429 when a rate limit refused the form, else 400."""
    codes = {error.code for errors in form.errors.as_data().values() for error in errors}
    return 429 if "rate_limited" in codes else 400


# Choices of objects by id ---------------------------------------------------------------


def _could_be_id(value) -> bool:
    """Up to 18 ASCII digits: what the database can compare with an id. ("²" is a digit to
    Python but not to int(); a longer number overflows SQLite's integers.)"""
    if isinstance(value, Model):
        return True
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= 18


class IdChoiceField(forms.ModelChoiceField):
    """A choice of one object by its id: a posted value that cannot be an id gets the
    field's own message, not a database error."""

    def to_python(self, value):
        checked = value not in self.empty_values and self.to_field_name is None
        if checked and not _could_be_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several objects by their ids, as `IdChoiceField`."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if not _could_be_id(pk):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": str(pk)[:20]},
                    )
        return super()._check_values(value)
