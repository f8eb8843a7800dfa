"""A dismissed suggestion stays away everywhere on the staff's page, and can be brought
back later from the page's list of dismissed suggestions."""

import pytest
from django.urls import reverse

from skabsammen.bridges.models import Dismissal, SuggestionKind
from skabsammen.initiatives.tests.factories import InitiativeFactory

from .factories import ContactFactory, OrganisationFactory
from .suggestion_helpers import (  # noqa: F401 (fixtures)
    _suggestion_settings,
    direction,
    near,
    store_idea_vector,
    store_organisation_vector,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    base = direction(1)
    mine = InitiativeFactory(title="Cykelsti til skolen")
    store_idea_vector(mine, base)
    other = InitiativeFactory(title="Sikker skolevej")
    store_idea_vector(other, near(base, 0.3, 1))
    association = OrganisationFactory(name="Cyklistforeningen")
    store_organisation_vector(association, near(base, 0.4, 2))
    chair = ContactFactory(organisation=association, name="Bo Berg", role="Formand")
    treasurer = ContactFactory(organisation=association, name="Lise Lund", role="Kasserer")
    return mine, other, association, chair, treasurer


def url(initiative):
    return reverse("bridges:suggestions", args=[initiative.pk])


def test_a_dismissed_contact_is_not_offered_under_its_organisation(client_for, staff, world):
    mine, _other, _association, chair, _treasurer = world
    browser = client_for(staff)
    assert "Bo Berg" in browser.get(url(mine)).content.decode()
    browser.post(
        reverse("bridges:dismiss", args=[mine.pk]),
        {"kind": SuggestionKind.CONTACT, "target_id": chair.pk},
    )
    page = browser.get(url(mine)).content.decode()
    suggested = page.split('id="dismissed-heading"')[0]
    assert "Bo Berg" not in suggested  # neither as a contact nor under the organisation
    assert "Lise Lund" in suggested


def test_a_dismissal_can_be_undone_later_from_the_list(client_for, staff, world):
    mine, other, association, chair, _treasurer = world
    browser = client_for(staff)
    for kind, target in (
        (SuggestionKind.INITIATIVE, other.pk),
        (SuggestionKind.ORGANISATION, association.pk),
        (SuggestionKind.CONTACT, chair.pk),
    ):
        Dismissal.objects.create(initiative=mine, kind=kind, target_id=target, by=staff)
    page = browser.get(url(mine)).content.decode()
    listed = page.split('id="dismissed-heading"')[1]
    assert "Afviste forslag" in page
    for name in ("Sikker skolevej", "Cyklistforeningen", "Bo Berg (Cyklistforeningen)"):
        assert name in listed
    assert listed.count("Hent tilbage</button>") == 3

    response = browser.post(
        reverse("bridges:dismiss", args=[mine.pk]),
        {"kind": SuggestionKind.ORGANISATION, "target_id": association.pk, "undo": "1"},
    )
    assert response.status_code == 302
    page = browser.get(url(mine)).content.decode()
    suggested, listed = page.split('id="dismissed-heading"')
    assert reverse("bridges:organisation_detail", args=[association.pk]) in suggested
    assert "Cyklistforeningen" not in listed.split("</section>")[0].replace(
        "Bo Berg (Cyklistforeningen)", ""
    )


def test_without_dismissals_there_is_no_list(client_for, staff, world):
    mine = world[0]
    assert 'id="dismissed-heading"' not in client_for(staff).get(url(mine)).content.decode()


@pytest.mark.parametrize(
    "junk", ["initiative:²", "contact:٣", "organisation:", "x:1", "contact:" + "9" * 5000]
)
def test_a_junk_marker_of_what_was_just_dismissed_is_ignored(client_for, staff, world, junk):
    mine = world[0]
    response = client_for(staff).get(url(mine), {"afvist": junk})
    assert response.status_code == 200
    assert "Fortryd" not in response.content.decode()
