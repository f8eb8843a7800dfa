"""Form fields over the municipality's topics and districts, shared by the apps' filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import District, Topic


def topic_filter() -> forms.ModelChoiceField:
    """An optional choice of one topic by its slug (a list's filter), "All" when empty."""
    return forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )


def district_filter() -> forms.ModelChoiceField:
    """An optional choice of one district by its slug (a list's filter), "All" when empty."""
    return forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
