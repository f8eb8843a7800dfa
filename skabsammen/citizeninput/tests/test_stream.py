"""The common stream of citizen input follows its sources: ideas now, more apps later."""

import pytest
from django.core.management import call_command

from skabsammen.accounts.models import AgeBand
from skabsammen.accounts.tests.factories import UserFactory
from skabsammen.citizeninput.models import CitizenInput
from skabsammen.citizeninput.sources import SOURCES, rebuild
from skabsammen.initiatives.services import initiative_submit
from skabsammen.initiatives.tests.factories import InitiativeFactory
from skabsammen.municipality.models import District

pytestmark = pytest.mark.django_db


def test_a_submitted_idea_enters_the_stream_with_its_context(django_capture_on_commit_callbacks):
    district = District.objects.create(name="Vangede", slug="vangede")
    citizen = UserFactory(age_band=AgeBand.FROM_35)
    with django_capture_on_commit_callbacks(execute=True):
        idea = initiative_submit(
            actor=citizen,
            title="Flere bænke ved søen",
            description="Ældre naboer vil gerne kunne sidde ned på gåturen rundt om søen.",
            district=district,
        )
    entry = CitizenInput.objects.get(source="initiative", key=str(idea.pk))
    assert entry.text.startswith("Flere bænke ved søen")
    assert "gåturen" in entry.text
    assert (entry.district, entry.age_band, entry.channel) == ("Vangede", "35_44", "web")
    assert entry.quotable is True
    assert entry.said_at == idea.submitted_at


def test_an_edit_updates_and_a_deletion_removes_the_entry(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        idea = InitiativeFactory(title="Legeplads", is_public=True)
    with django_capture_on_commit_callbacks(execute=True):
        idea.title = "Legeplads i Ordrup"
        idea.is_public = False
        idea.save()
    entry = CitizenInput.objects.get(source="initiative", key=str(idea.pk))
    assert entry.text.startswith("Legeplads i Ordrup")
    assert entry.quotable is False, "a private idea must never be quoted"
    idea.delete()
    assert not CitizenInput.objects.filter(source="initiative").exists()


def test_rebuild_restores_the_stream_from_every_source(capsys):
    first, second = InitiativeFactory(), InitiativeFactory()
    CitizenInput.objects.create(source="initiative", key="999999", text="forældet")
    CitizenInput.objects.create(source="gone", key="1", text="fra en kilde der ikke findes")
    counts = rebuild()
    assert counts["initiative"] == 2
    keys = set(CitizenInput.objects.values_list("source", "key"))
    assert keys >= {("initiative", str(first.pk)), ("initiative", str(second.pk))}
    assert ("initiative", "999999") not in keys and ("gone", "1") not in keys
    call_command("citizen_input_sync")
    assert "initiative: 2" in capsys.readouterr().out


def test_every_source_has_a_name_and_a_label():
    assert "initiative" in SOURCES
    assert all(source.label for source in SOURCES.values())
