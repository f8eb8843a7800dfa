"""Closing a campaign deletes everything that names a person; the figures stay."""

import pytest
from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from skabsammen.audit.models import AuditEvent
from skabsammen.citizeninput.models import CitizenInput
from skabsammen.committees.tests.factories import BodyFactory
from skabsammen.common.permissions import Forbidden
from skabsammen.mail.models import Email
from skabsammen.outreach.figures import campaign_figures
from skabsammen.outreach.models import Answer, CampaignStatus, Invitation, RegisterPerson
from skabsammen.outreach.services import answers, letters, reminders
from skabsammen.outreach.services.closing import campaign_close

from .factories import CampaignFactory, InvitationFactory, RegisterPersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def personal_strings(campaign) -> set[str]:
    strings = set()
    for person in RegisterPerson.objects.filter(campaign=campaign):
        strings |= {person.name, person.address, person.email, person.external_id}
    for answer in Answer.objects.filter(campaign=campaign):
        strings |= {answer.name, answer.email, answer.phone}
    for invitation in Invitation.objects.filter(campaign=campaign):
        strings |= {invitation.token, invitation.code}
    return {s for s in strings if s}


def whole_database() -> str:
    """Every row of every table, as JSON."""
    return "".join(
        serializers.serialize("json", model._default_manager.all())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    )


@pytest.fixture
def campaign(secretariat):
    """A campaign with answers, a volunteer, reminders and a letter, all e-mail sent."""
    campaign = CampaignFactory(body=BodyFactory(name="Borgerpanelet"), register_rows=3)
    RegisterPersonFactory(campaign=campaign, name="Ikke Udtrukket", address="Søvej 99")
    first = InvitationFactory(campaign=campaign, person__name="Ida Frivillig")
    second = InvitationFactory(
        campaign=campaign, district="Vangede", person__address="Stationsvej 3"
    )
    InvitationFactory(campaign=campaign, channel="letter", person__name="Brev Modtager")
    refused = InvitationFactory(campaign=campaign, status="failed", sent_at=None)
    refused.error = f"550 <{refused.person.email}>: No such user"  # as an SMTP server may say
    refused.save()
    answers.answer_submit(
        invitation=first,
        text="Flere cykelstier",
        wants_assembly=True,
        name="Ida Frivillig",
        email="ida.frivillig@example.dk",
        phone="12345678",
    )
    Invitation.objects.filter(pk=second.pk).update(sent_at="2020-01-01T00:00:00Z")
    assert reminders.reminders_send() == 1
    AuditEvent.objects.create(
        action="outreach.panel_draw", object_type="outreach.campaign", object_id=str(campaign.pk)
    )
    return campaign


def stored_files(settings) -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_closing_leaves_no_personal_data_anywhere(settings, client_for, secretariat, campaign):
    letters.letters_pdf_request(actor=secretariat, campaign=campaign)  # the task runs on commit
    campaign.refresh_from_db()
    assert campaign.letters_pdf_status == "ready"
    [pdf] = stored_files(settings)
    assert pdf.read_bytes().startswith(b"%PDF-")
    secrets = personal_strings(campaign)
    assert {"Ida Frivillig", "Søvej 99", "ida.frivillig@example.dk", "12345678"} <= secrets
    dump = whole_database()
    assert all(secret in dump for secret in ("Ida Frivillig", "Søvej 99", "Stationsvej 3"))
    assert Email.objects.filter(kind__startswith="outreach").count() == 2
    client = client_for(secretariat)
    url = reverse("outreach:results", args=[campaign.pk])
    before_figures = campaign_figures(campaign)
    before_page = client.get(url).content.decode()

    campaign_close(actor=secretariat, campaign=campaign)

    dump = whole_database()
    left = [secret for secret in secrets if secret in dump]
    assert left == []
    assert not RegisterPerson.objects.exists()
    assert not Email.objects.filter(kind__startswith="outreach").exists()
    assert not pdf.exists() and stored_files(settings) == []  # the letters named people
    assert client.get(reverse("outreach:letters_pdf", args=[campaign.pk])).status_code == 400
    assert list(CitizenInput.objects.values_list("text", "district")) == [
        ("Flere cykelstier", "Hellerup")
    ]
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED and campaign.closed_at
    assert campaign_figures(campaign) == before_figures
    after_page = client.get(url).content.decode()
    for table in before_page.split("<table")[1:]:
        assert table.split("</table>")[0] in after_page
    assert "Henvendelsen lukkede" in after_page
    event = AuditEvent.objects.get(action="outreach.close")
    assert event.data["people_deleted"] == 5 and event.data["contacts_deleted"] == 1
    assert event.data["letters_pdf_deleted"] is True


def test_closing_twice_is_refused(secretariat, campaign):
    campaign_close(actor=secretariat, campaign=campaign)
    with pytest.raises(ValidationError) as error:
        campaign_close(actor=secretariat, campaign=campaign)
    assert error.value.messages == ["Henvendelsen er allerede lukket."]
    assert AuditEvent.objects.filter(action="outreach.close").count() == 1


def test_only_the_secretariat_closes(staff, campaign):
    with pytest.raises(Forbidden):
        campaign_close(actor=staff, campaign=campaign)
    assert RegisterPerson.objects.count() == 5


def test_closing_waits_for_e_mail_still_being_sent(secretariat, campaign):
    Email.objects.filter(kind="outreach_reminder").update(status=Email.Status.QUEUED)
    with pytest.raises(ValidationError) as error:
        campaign_close(actor=secretariat, campaign=campaign)
    assert "Der bliver stadig sendt e-mails" in error.value.messages[0]
    assert RegisterPerson.objects.count() == 5  # nothing half-done
    assert Answer.objects.get().email == "ida.frivillig@example.dk"


def test_the_confirm_page_says_what_is_deleted_and_closes_on_post(
    client_for, secretariat, campaign
):
    client = client_for(secretariat)
    url = reverse("outreach:close", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert "Udtrækket fra registeret: 5 personer" in page
    assert "De personlige links og koder til 4 henvendelser" in page
    assert "Navn, e-mail og telefon for 1 frivillig." in page
    assert "Frivillige venter på lodtrækningen" not in page  # the draw is made
    assert "Brevenes PDF" not in page  # none was made
    campaign.letters_pdf.save("breve.pdf", ContentFile(b"%PDF-1.7"), save=True)
    assert "Brevenes PDF, med navne og adresser." in client.get(url).content.decode()
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert "Sæt kryds for at bekræfte." in refused.content.decode()
    assert RegisterPerson.objects.count() == 5
    response = client.post(url, {"confirm": "on"})
    assert response["Location"] == reverse("outreach:results", args=[campaign.pk])
    assert not RegisterPerson.objects.exists()
    again = client.get(url, follow=True)
    assert "Henvendelsen er allerede lukket." in again.content.decode()


def test_the_confirm_page_warns_of_a_pending_draw(client_for, secretariat, campaign):
    AuditEvent.objects.filter(action="outreach.panel_draw").delete()
    page = client_for(secretariat).get(reverse("outreach:close", args=[campaign.pk]))
    assert "Frivillige venter på lodtrækningen til Borgerpanelet" in page.content.decode()


def test_after_closing_links_and_codes_no_longer_work(client, secretariat, campaign):
    invitation = Invitation.objects.filter(answered_at__isnull=True).first()
    token, code = invitation.token, invitation.code
    campaign_close(actor=secretariat, campaign=campaign)
    assert client.get(reverse("answers:token", args=[token])).status_code == 404
    response = client.post(reverse("answers:code"), {"code": code})
    assert "Vi kender ikke den kode" in response.content.decode()


def test_closing_waits_for_the_invitations_to_go_out(secretariat, campaign):
    campaign.status = CampaignStatus.SENDING
    campaign.save(update_fields=["status"])
    with pytest.raises(ValidationError) as error:
        campaign_close(actor=secretariat, campaign=campaign)
    assert error.value.code == "sending"
    assert "Invitationerne bliver stadig sendt" in error.value.messages[0]
    assert RegisterPerson.objects.count() == 5  # the sending still has its addresses
    assert not Invitation.objects.filter(token="").exists()


def test_no_answer_or_reminder_after_closing(secretariat, campaign):
    """A request that found the campaign open just before it closed stores nothing."""
    invitation = (
        Invitation.objects.select_related("person").filter(answered_at__isnull=True).first()
    )
    stale_campaign = invitation.campaign
    campaign_close(actor=secretariat, campaign=campaign)
    with pytest.raises(ValidationError):
        answers.answer_submit(
            invitation=invitation, text="Sent", wants_assembly=True, name="Ib", phone="12345678"
        )
    assert not reminders._remind_by_email(invitation, stale_campaign, invitation.sent_at)
    assert Answer.objects.count() == 1
    assert not Email.objects.exists()


def test_letters_made_after_closing_are_thrown_away(settings, secretariat, campaign):
    queued = []
    with pytest.MonkeyPatch.context() as patch:  # the worker takes the task late
        patch.setattr("django.db.transaction.on_commit", lambda f, using=None: queued.append(f))
        letters.letters_pdf_request(actor=secretariat, campaign=campaign)
    campaign_close(actor=secretariat, campaign=campaign)
    for callback in queued:
        callback()
    campaign.refresh_from_db()
    assert campaign.letters_pdf_status == "" and not campaign.letters_pdf
    assert stored_files(settings) == []
