"""The staff's figures: how many introductions were proposed and how they ended, per
month, the share accepted, and the organisations asked most."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from skabsammen.accounts.tests.factories import StaffFactory
from skabsammen.bridges import selectors_introductions as selectors
from skabsammen.bridges.models import Answer
from skabsammen.bridges.services import introductions as services
from skabsammen.initiatives.tests.factories import InitiativeFactory

from .factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _introduce(staff, contact, ending: str):
    initiative = InitiativeFactory()
    introduction = services.introduction_propose(
        actor=staff, initiative=initiative, contact=contact
    )
    owner = initiative.owners.get()
    if ending == "open":
        return introduction
    if ending == "declined_by_owner":
        services.introduction_answer_owner(actor=owner, introduction=introduction, answer="no")
        return introduction
    services.introduction_answer_owner(actor=owner, introduction=introduction, answer=Answer.YES)
    if ending == "asked":
        return introduction
    if ending == "withdrawn":
        services.introduction_withdraw(actor=staff, introduction=introduction)
    elif ending == "expired":
        services.introductions_close_expired(now=timezone.now() + timedelta(days=30))
    else:
        from skabsammen.mail.models import Email

        token = Email.objects.filter(to=contact.email).latest("pk").secret
        answer = "yes" if ending == "accepted" else "no"
        services.introduction_answer_contact(token=token, answer=answer)
    return introduction


@pytest.fixture
def data():
    staff = StaffFactory()
    busy = OrganisationFactory(name="Ordrup Naturvenner")
    quiet = OrganisationFactory(name="Seniorklubben")
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=timezone.get_current_timezone())):
        for ending in ("accepted", "accepted", "declined"):
            _introduce(staff, ContactFactory(organisation=busy), ending)
    with time_machine.travel(datetime(2026, 4, 10, 12, tzinfo=timezone.get_current_timezone())):
        _introduce(staff, ContactFactory(organisation=quiet), "declined_by_owner")
        _introduce(staff, ContactFactory(organisation=busy), "withdrawn")
        _introduce(staff, ContactFactory(organisation=quiet), "expired")
    _introduce(staff, ContactFactory(organisation=busy), "open")
    return staff


def test_the_counts(data):
    found = selectors.figures()
    total = found.total
    assert (total.proposed, total.accepted, total.declined) == (7, 2, 2)
    assert (total.expired, total.withdrawn, total.open) == (1, 1, 1)
    assert total.share_accepted == pytest.approx(2 / 6)
    months = {(m.month.year, m.month.month): m for m in found.months}
    march, april = months[2026, 3], months[2026, 4]
    assert [m.month for m in found.months] == sorted((m.month for m in found.months), reverse=True)
    assert (march.counts.proposed, march.counts.accepted, march.counts.declined) == (3, 2, 1)
    assert (april.counts.proposed, april.counts.withdrawn, april.counts.expired) == (3, 1, 1)
    assert april.counts.declined == 1


def test_the_organisations_asked_most(data):
    rows = [(r.name, r.proposed, r.asked, r.accepted) for r in selectors.figures().organisations]
    assert rows == [("Ordrup Naturvenner", 5, 4, 2), ("Seniorklubben", 2, 1, 0)]


def test_the_page_shows_the_figures_to_staff_only(data, client, client_for):
    response = client_for(data).get(reverse("bridges:figures"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tal for introduktioner" in html and "<svg" in html
    assert "marts 2026" in html and "Ordrup Naturvenner" in html
    assert "33 %" in html
    from skabsammen.accounts.tests.factories import UserFactory

    assert client_for(UserFactory()).get(reverse("bridges:figures")).status_code == 403
    assert client.get(reverse("bridges:figures")).status_code == 302


def test_no_introductions_yet(client_for):
    response = client_for(StaffFactory()).get(reverse("bridges:figures"))
    html = response.content.decode()
    assert "Ingen introduktioner endnu." in html and "–" in html
