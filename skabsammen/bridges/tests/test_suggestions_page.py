"""The staff's suggestions page and dismissing a suggestion."""

import pytest
from django.urls import reverse
from django.utils import timezone

from skabsammen.audit.models import AuditEvent
from skabsammen.bridges.models import Dismissal, Introduction, IntroductionStatus
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
    other = InitiativeFactory(title="Sikker skolevej", is_public=False)
    store_idea_vector(other, near(base, 0.3, 1))
    association = OrganisationFactory(name="Cyklistforeningen")
    store_organisation_vector(association, near(base, 0.4, 2))
    contact = ContactFactory(organisation=association, name="Bo Berg", role="Formand")
    return mine, other, association, contact


def url(initiative):
    return reverse("bridges:suggestions", args=[initiative.pk])


def test_only_municipal_staff_see_suggestions(client, client_for, citizen, staff, world):
    mine = world[0]
    assert client.get(url(mine)).status_code == 302  # to sign in
    assert client_for(citizen).get(url(mine)).status_code == 403
    assert client_for(staff).get(url(mine)).status_code == 200
    assert client_for(staff).get(reverse("bridges:suggestions", args=[999])).status_code == 404


def test_the_page_lists_ideas_organisations_and_contacts_with_score_and_reason(
    client_for, staff, world, django_assert_max_num_queries
):
    mine, other, association, _contact = world
    browser = client_for(staff)
    browser.get(url(mine))  # reads the arrays
    # A fixed number, however many ideas there are: the arrays' key (about 20 index
    # lookups), the session, and a few queries per list.
    with django_assert_max_num_queries(35):
        page = browser.get(url(mine)).content.decode()
    assert "Sikker skolevej" in page and "privat" in page
    assert reverse("initiatives:detail", args=[other.pk]) in page
    assert reverse("bridges:organisation_detail", args=[association.pk]) in page
    assert "Bo Berg, Formand" in page and "Hos Cyklistforeningen" in page
    assert " %" in page and "Afvis" in page
    assert mine.title not in page.split("similar-heading")[1]  # not its own suggestion


def test_a_pending_vector_is_explained(client_for, staff):
    mine = InitiativeFactory()
    page = client_for(staff).get(url(mine)).content.decode()
    assert "Computeren har ikke læst idéens tekst endnu" in page


def test_dismissing_hides_the_suggestion_for_good_and_can_be_undone(client_for, staff, world):
    mine, _other, association, _contact = world
    browser = client_for(staff)
    dismiss = reverse("bridges:dismiss", args=[mine.pk])

    response = browser.post(dismiss, {"kind": "organisation", "target_id": association.pk})

    assert response.status_code == 302 and "afvist=organisation" in response.url
    assert Dismissal.objects.filter(initiative=mine, kind="organisation").count() == 1
    assert AuditEvent.objects.filter(action="bridges.suggestion_dismiss").exists()
    page = browser.get(response.url).content.decode()
    assert "Forslaget er afvist" in page
    assert reverse("bridges:organisation_detail", args=[association.pk]) not in page

    browser.post(dismiss, {"kind": "organisation", "target_id": association.pk, "undo": "1"})
    assert not Dismissal.objects.exists()
    page = browser.get(url(mine)).content.decode()
    assert reverse("bridges:organisation_detail", args=[association.pk]) in page


def test_bad_dismissals_change_nothing_and_say_why(client_for, citizen, staff, world):
    mine = world[0]
    dismiss = reverse("bridges:dismiss", args=[mine.pk])
    browser = client_for(staff)
    for data in (
        {"kind": "person", "target_id": "1"},
        {"kind": "contact", "target_id": "abc"},
        {"kind": "contact", "target_id": "999"},
        {"kind": "initiative", "target_id": str(mine.pk)},
    ):
        response = browser.post(dismiss, data, follow=True)
        text = response.content.decode()
        assert "Vælg hvad der skal afvises." in text or "Forslaget findes ikke." in text
    refused = client_for(citizen).post(dismiss, {"kind": "contact", "target_id": world[3].pk})
    assert refused.status_code == 403
    assert browser.get(dismiss).status_code == 405
    assert not Dismissal.objects.exists()


def test_an_existing_introduction_shows_its_status(client_for, staff, world):
    mine, _other, association, contact = world
    Introduction.objects.create(
        initiative=mine,
        contact=contact,
        organisation=association,
        pair_key=Introduction.pair_key_for(mine.pk, contact_id=contact.pk),
        status=IntroductionStatus.ASKING_OWNERS,
        expires_at=timezone.now(),
    )
    page = client_for(staff).get(url(mine)).content.decode()
    assert "Introduktion: Venter på idéhaverne" in page
