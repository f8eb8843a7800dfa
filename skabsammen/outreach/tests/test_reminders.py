"""Reminders: once each, to the unanswered, after the campaign's number of days."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from skabsammen.audit.models import AuditEvent
from skabsammen.mail.models import Email
from skabsammen.outreach.models import Invitation
from skabsammen.outreach.services.reminders import reminders_send
from skabsammen.outreach.tasks import outreach_reminders_send_daily

from .factories import AnswerFactory, CampaignFactory, InvitationFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=11)


@pytest.fixture
def campaign():
    return CampaignFactory(remind_after_days=10)


def test_the_unanswered_are_reminded_once_after_the_days(
    campaign, django_capture_on_commit_callbacks
):
    due = InvitationFactory(campaign=campaign, sent_at=LONG_AGO, person__email="due@example.dk")
    InvitationFactory(campaign=campaign, sent_at=timezone.now() - timedelta(days=9))  # too soon
    AnswerFactory(invitation=InvitationFactory(campaign=campaign, sent_at=LONG_AGO))  # answered
    InvitationFactory(campaign=campaign, sent_at=LONG_AGO, channel="letter")  # by letter
    InvitationFactory(campaign=campaign, sent_at=LONG_AGO, status="failed")  # never arrived
    InvitationFactory(
        campaign=CampaignFactory(status="closed"), sent_at=LONG_AGO
    )  # closed campaign
    InvitationFactory(
        campaign=CampaignFactory(answer_until=timezone.localdate() - timedelta(days=1)),
        sent_at=LONG_AGO,
    )  # past the deadline
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 1
    email = Email.objects.get(kind="outreach_reminder")
    assert email.to == "due@example.dk"
    assert email.subject.startswith("Påmindelse: ")
    assert "Hvad skal kommunen arbejde med de næste år?" in email.body
    assert due.token not in email.body  # the link is kept apart, and forgotten once sent
    assert email.status == Email.Status.SENT
    due.refresh_from_db()
    assert due.reminded_at is not None
    # Running again, by the command or the daily task, sends nothing twice.
    out = io.StringIO()
    call_command("send_outreach_reminders", stdout=out)
    assert "Outreach reminders sent: 0" in out.getvalue()
    assert outreach_reminders_send_daily.enqueue().return_value == 0
    assert Email.objects.filter(kind="outreach_reminder").count() == 1


def test_no_reminders_when_the_campaign_says_zero_days():
    InvitationFactory(campaign=CampaignFactory(remind_after_days=0), sent_at=LONG_AGO)
    assert reminders_send() == 0


def test_the_reminder_arrives_over_smtp_and_its_link_opens_the_answer_form(
    client, campaign, smtp_inbox, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(
        campaign=campaign, sent_at=LONG_AGO, person__email="ib@example.dk"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 1
    [message] = smtp_inbox.to("ib@example.dk")
    body = message.get_body(preferencelist=("plain",)).get_content()
    path = reverse("answers:token", args=[invitation.token])
    assert f"http://testserver{path}" in body
    assert "Det er den eneste påmindelse." in body
    assert client.post(path, {"text": "Svar efter påmindelse"}).status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).answered_at is not None


def test_the_page_sends_the_due_reminders(client_for, secretariat, campaign):
    InvitationFactory(campaign=campaign, sent_at=LONG_AGO)
    client = client_for(secretariat)
    page = client.get(reverse("outreach:reminders", args=[campaign.pk])).content.decode()
    assert "Påmindelser på e-mail sendes af sig selv én gang om dagen." in page
    response = client.post(reverse("outreach:reminders_send", args=[campaign.pk]), follow=True)
    assert "1 påmindelse er sendt på e-mail." in response.content.decode()
    assert AuditEvent.objects.get(action="outreach.remind").actor == secretariat


def test_letter_reminders_are_taken_once_as_csv(client_for, secretariat, campaign):
    letter = InvitationFactory(
        campaign=campaign,
        channel="letter",
        sent_at=LONG_AGO,
        code="ABCD1234",
        person__name="Åse Ørnsø",
        person__address="Bakkevej 2",
    )
    InvitationFactory(campaign=campaign, channel="letter", sent_at=timezone.now())  # too soon
    client = client_for(secretariat)
    page = client.get(reverse("outreach:reminders", args=[campaign.pk])).content.decode()
    assert "Hent 1 påmindelsesbrev som CSV" in page
    url = reverse("outreach:reminder_letters", args=[campaign.pk])
    response = client.post(url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    # The same columns as the invitation letters' file, for the same bulk upload.
    assert rows[0] == ["løbenummer", "navn", "adresse", "postnummer", "by", "kode", "link"]
    assert rows[1][1:3] == ["Åse Ørnsø", "Bakkevej 2"] and rows[1][5] == "ABCD-1234"
    assert len(rows) == 2
    letter.refresh_from_db()
    assert letter.reminded_at is not None
    again = client.post(url, follow=True)
    assert "Ingen breve skal have en påmindelse nu." in again.content.decode()


def test_only_the_secretariat_sends_reminders(client_for, staff, campaign):
    assert (
        client_for(staff).post(reverse("outreach:reminder_letters", args=[campaign.pk])).status_code
        == 403
    )
    assert (
        client_for(staff).post(reverse("outreach:reminders_send", args=[campaign.pk])).status_code
        == 403
    )
