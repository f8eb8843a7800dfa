"""Every e-mail flow, received over real SMTP (aiosmtpd on 127.0.0.1) and followed."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from skabsammen.accounts.tests.factories import StaffFactory
from skabsammen.initiatives import services
from skabsammen.initiatives.models import Initiative, Status
from skabsammen.municipality.tests.factories import DepartmentFactory

from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + timedelta(days=1)


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_path(message) -> str:
    url = re.search(r"http://testserver(/konto/link/[^\s]+/)", body(message))
    assert url, body(message)
    return url.group(1)


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run the block's after-commit work (the delivery tasks) when it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_sign_in(smtp_inbox, sent, citizen):
    client = Client()
    with sent():
        client.post(reverse("accounts:sign_in"), {"email": citizen.email})
    [message] = smtp_inbox.to(citizen.email)
    client.post(link_path(message))
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_idea_without_an_account(smtp_inbox, sent):
    client = Client()
    with sent():
        response = client.post(
            reverse("initiatives:create"),
            {
                "title": "Repair café",
                "description": "Vi reparerer ting sammen.",
                "is_public": "true",
                "name": "Ole Madsen",
                "email": "ole@example.dk",
            },
        )
    assert response.status_code == 302
    assert not Initiative.objects.exists()
    [confirm] = smtp_inbox.to("ole@example.dk")
    with sent():
        response = client.post(link_path(confirm))
    initiative = Initiative.objects.get()
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.owners.get().email == "ole@example.dk"
    assert len(smtp_inbox.to("ole@example.dk")) == 2  # the receipt follows


def test_registered_on_behalf_and_taken_over(smtp_inbox, sent, staff):
    with sent():
        services.initiative_register_on_behalf(
            actor=staff,
            citizen_name="Inger",
            citizen_email="inger@example.dk",
            channel="phone",
            title="Bænk ved søen",
            description="En bænk på stien.",
        )
    [message] = smtp_inbox.to("inger@example.dk")
    assert staff.name in body(message)
    client = Client()
    client.post(link_path(message))
    assert Initiative.objects.get().owners.get().email == "inger@example.dk"


def test_co_owner_invitation(smtp_inbox, sent):
    initiative = InitiativeFactory()
    with sent():
        services.owner_invite(
            actor=initiative.owners.get(), initiative=initiative, email="nabo@example.dk"
        )
    [message] = smtp_inbox.to("nabo@example.dk")
    Client().post(link_path(message))
    assert initiative.owners.filter(email="nabo@example.dk").exists()


def test_contact_person_assigned(smtp_inbox, sent, secretariat):
    initiative = InitiativeFactory()
    contact = StaffFactory()
    with sent():
        services.initiative_assign(actor=secretariat, initiative=initiative, contact_person=contact)
    [to_owner] = smtp_inbox.to(initiative.owners.get().email)
    assert contact.name in body(to_owner)
    assert smtp_inbox.to(contact.email)


def test_new_message(smtp_inbox, sent):
    initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
    with sent():
        services.message_post(
            actor=initiative.contact_person, initiative=initiative, text="Vi ses på tirsdag."
        )
    [message] = smtp_inbox.to(initiative.owners.get().email)
    assert "Vi ses på tirsdag." in body(message)
    assert f"/initiativer/{initiative.pk}/" in body(message)


def test_status_change_and_a_clear_no(smtp_inbox, sent):
    initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
    with sent():
        services.initiative_transition(
            actor=initiative.contact_person,
            initiative=initiative,
            status=Status.DECLINED,
            reason="Skoven er statens.",
            referral="Naturstyrelsen.",
        )
    [message] = smtp_inbox.to(initiative.owners.get().email)
    assert "Skoven er statens." in body(message) and "Naturstyrelsen." in body(message)


def test_new_idea_and_overdue_reminders(smtp_inbox, sent, time_machine, citizen):
    time_machine.move_to(timezone.make_aware(datetime(2026, 5, 4, 9)), tick=False)
    intake = StaffFactory(department=DepartmentFactory(handles_intake=True))
    with sent():
        services.initiative_submit(actor=citizen, title="Lektiecafé", description="Hjælp.")
    assert smtp_inbox.to(intake.email)  # told of the new idea
    time_machine.move_to(timezone.make_aware(datetime(2026, 5, 8, 7)), tick=False)
    with sent():
        services.reminders_send(today=date(2026, 5, 8))
    assert "Lektiecafé" in body(smtp_inbox.to(intake.email)[-1])
