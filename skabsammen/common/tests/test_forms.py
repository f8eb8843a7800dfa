"""Choices of objects by id refuse what cannot be an id with the field's own message."""

import pytest
from django import forms

from skabsammen.common.forms import IdChoiceField, IdsChoiceField
from skabsammen.municipality.models import Topic
from skabsammen.municipality.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

NOT_IDS = ["9" * 30, "²", "٣", "-1", "1.5", "x"]


@pytest.mark.parametrize("value", NOT_IDS)
def test_one_choice_refuses_what_cannot_be_an_id(value):
    field = IdChoiceField(queryset=Topic.objects.all(), error_messages={"invalid_choice": "Nej."})
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(value)
    assert refused.value.messages == ["Nej."]


@pytest.mark.parametrize("value", NOT_IDS)
def test_several_choices_refuse_what_cannot_be_an_id(value):
    topic = TopicFactory()
    field = IdsChoiceField(queryset=Topic.objects.all(), error_messages={"invalid_choice": "Nej."})
    with pytest.raises(forms.ValidationError) as refused:
        field.clean([str(topic.pk), value])
    assert refused.value.messages == ["Nej."]


def test_real_ids_are_chosen():
    topic = TopicFactory()
    assert IdChoiceField(queryset=Topic.objects.all()).clean(str(topic.pk)) == topic
    assert list(IdsChoiceField(queryset=Topic.objects.all()).clean([str(topic.pk)])) == [topic]
