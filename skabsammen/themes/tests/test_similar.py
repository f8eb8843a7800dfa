"""similar_inputs: the nearest other texts by their stored vectors."""

import pytest

from skabsammen.citizeninput.models import CitizenInput
from skabsammen.themes.selectors import similar_inputs

from .conftest import SUBJECTS, make_inputs, store_vectors

pytestmark = pytest.mark.django_db


def test_the_most_similar_texts_share_the_subject(text_vectors):
    inputs = make_inputs()
    store_vectors(inputs, text_vectors)
    for index in (0, 10, 19, 27):
        found = similar_inputs(inputs[index], top=3)
        assert len(found) == 3 and inputs[index] not in [item for item, _ in found]
        scores = [score for _, score in found]
        assert scores == sorted(scores, reverse=True)
        subjects = [SUBJECTS[inputs.index(item)] for item, _ in found]
        assert subjects.count(SUBJECTS[index]) >= 2, (index, found)


def test_a_text_without_a_vector_has_no_similar_texts(text_vectors):
    inputs = make_inputs()
    store_vectors(inputs[:5], text_vectors[:5])
    assert similar_inputs(inputs[10]) == []
    new = CitizenInput.objects.create(source="initiative", key="x", text="Ny")
    assert similar_inputs(new) == []
    assert len(similar_inputs(inputs[0], top=10)) == 4
