"""Sending the invitations: once, over SMTP, with a stable Message-ID; letters as a PDF
and a CSV for Digital Post; a worker's death handled (see test_worker_kill.py for the
real kill)."""

import csv
import io
import re
import subprocess
from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from skabsammen.audit.models import AuditEvent
from skabsammen.outreach.models import (
    CampaignStatus,
    Channel,
    Invitation,
    InvitationStatus,
    LettersPdfStatus,
)
from skabsammen.outreach.services import letters as letters_service
from skabsammen.outreach.services import sending
from skabsammen.outreach.services.sample import sample_draw

from .factories import CampaignFactory
from .test_sample import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(secretariat):
    campaign = CampaignFactory(
        status=CampaignStatus.DRAFT,
        sent_at=None,
        title="Hvad skal Gentofte arbejde med?",
        answer_until=timezone.localdate() + timedelta(days=21),
    )
    register(campaign, districts={"Hellerup": 60, "Vangede": 30})
    sample_draw(actor=secretariat, campaign=campaign, size=30, strata=["district"], seed="1")
    campaign.refresh_from_db()
    return campaign


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def plain(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_invitations_arrive_over_smtp_once_each(smtp_inbox, run_tasks, secretariat, campaign):
    emails = list(campaign.invitations.filter(channel=Channel.EMAIL).select_related("person"))
    with run_tasks():
        sending.invitations_send(actor=secretariat, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT and campaign.sent_at
    assert len(smtp_inbox.messages) == len(emails) > 0
    ids = Counter(m["Message-ID"] for m in smtp_inbox.messages)
    assert all(n == 1 for n in ids.values())
    invitation = emails[0]
    [message] = smtp_inbox.to(invitation.person.email)
    assert message["Message-ID"] == sending.message_id(invitation)
    assert "Hvad skal Gentofte arbejde med?" in message["Subject"]
    text = plain(message)
    assert f"http://testserver/svar/{invitation.token}/" in text
    assert f"{invitation.code[:4]}-{invitation.code[4:]}" in text
    assert invitation.person.name in text
    assert "frivilligt" in text  # it says it is voluntary
    assert "sletter" in text  # and how the data is handled
    assert not campaign.invitations.exclude(status=InvitationStatus.SENT).exists()
    # The letters count as handed to Digital Post when the campaign is sent.
    assert campaign.invitations.filter(channel=Channel.LETTER, sent_at__isnull=False).exists()


def test_sending_twice_is_refused(smtp_inbox, run_tasks, client_for, secretariat, campaign):
    client = client_for(secretariat)
    url = reverse("outreach:send", args=[campaign.pk])
    with run_tasks():
        assert client.post(url).status_code == 302
    count = len(smtp_inbox.messages)
    with run_tasks():
        response = client.post(url)
    assert response.status_code == 400
    assert "allerede sendt" in response.content.decode()
    assert len(smtp_inbox.messages) == count
    with pytest.raises(ValidationError):
        sending.invitations_send(actor=secretariat, campaign=campaign)


def test_sending_needs_a_deadline(secretariat, campaign):
    campaign.answer_until = None
    campaign.save()
    with pytest.raises(ValidationError) as caught:
        sending.invitations_send(actor=secretariat, campaign=campaign)
    assert caught.value.code == "deadline"
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SAMPLED
    assert not campaign.invitations.exclude(status=InvitationStatus.PENDING).exists()


def test_a_task_run_twice_sends_nothing_twice(smtp_inbox, secretariat, campaign):
    with pytest.MonkeyPatch.context() as patch:  # queue nothing: run the task by hand
        patch.setattr("django.db.transaction.on_commit", lambda f, using=None: None)
        sending.invitations_send(actor=secretariat, campaign=campaign)
    first = sending.invitations_send_emails(campaign_id=campaign.pk)
    second = sending.invitations_send_emails(campaign_id=campaign.pk)
    assert first == len(smtp_inbox.messages) > 0 and second == 0


def refuse(smtp_inbox, monkeypatch, address: str, reply: str):
    """Make the SMTP server answer RCPT TO for `address` with `reply`."""

    async def handle_RCPT(self, server, session, envelope, rcpt, options):
        if rcpt == address:
            return reply.format(address=rcpt)
        envelope.rcpt_tos.append(rcpt)
        return "250 OK"

    monkeypatch.setattr(type(smtp_inbox), "handle_RCPT", handle_RCPT, raising=False)


def csv_rows(response) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return {row[0]: row for row in rows[1:]}


def test_a_refused_address_gets_a_letter_instead_and_the_rest_go_out(
    smtp_inbox, monkeypatch, run_tasks, client_for, secretariat, campaign
):
    victim = campaign.invitations.filter(channel=Channel.EMAIL).select_related("person").first()
    code, token = victim.code, victim.token
    emails = campaign.invitations.filter(channel=Channel.EMAIL).count()
    letters = campaign.invitations.filter(channel=Channel.LETTER).count()
    refuse(smtp_inbox, monkeypatch, victim.person.email, "550 <{address}>: No such user")
    with run_tasks():
        sending.invitations_send(actor=secretariat, campaign=campaign)
    victim.refresh_from_db()
    assert victim.channel == Channel.LETTER and victim.status == InvitationStatus.SENT
    assert (victim.code, victim.token) == (code, token)  # the same code and link
    assert victim.fell_back_at and victim.sent_at
    assert "550" in victim.error and "No such user" in victim.error
    assert victim.person.email not in victim.error  # the register holds the address
    assert len(smtp_inbox.messages) == emails - 1
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    client = client_for(secretariat)
    rows = csv_rows(client.get(reverse("outreach:letters_csv", args=[campaign.pk])))
    assert len(rows) == letters + 1
    assert rows[victim.person.external_id][5] == f"{code[:4]}-{code[4:]}"
    page = client.get(reverse("outreach:detail", args=[campaign.pk])).content.decode()
    assert "1 af dem i stedet for en e-mail, som modtagerens mailserver afviste" in page
    assert f"{emails - 1} sendt, 0 venter, 0 fejlet" in page


def test_an_address_refused_for_now_is_tried_again_and_the_rest_go_out(
    smtp_inbox, monkeypatch, run_tasks, secretariat, campaign
):
    victim = campaign.invitations.filter(channel=Channel.EMAIL).select_related("person").first()
    emails = campaign.invitations.filter(channel=Channel.EMAIL).count()
    refuse(smtp_inbox, monkeypatch, victim.person.email, "450 Mailbox busy, try later")
    with run_tasks():
        sending.invitations_send(actor=secretariat, campaign=campaign)
    victim.refresh_from_db()
    assert victim.channel == Channel.EMAIL and victim.status == InvitationStatus.PENDING
    assert not victim.fell_back_at and victim.deferred_at
    assert len(smtp_inbox.messages) == emails - 1  # the others did not wait for it
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING
    monkeypatch.undo()  # the mailbox is free again: the next run sends it
    assert sending.invitations_send_emails(campaign_id=campaign.pk) == 1
    victim.refresh_from_db()
    assert victim.status == InvitationStatus.SENT and victim.channel == Channel.EMAIL
    assert len(smtp_inbox.to(victim.person.email)) == 1
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT


def test_an_address_refused_for_a_day_gets_a_letter_so_the_campaign_can_finish(
    smtp_inbox, monkeypatch, run_tasks, settings, secretariat, campaign
):
    settings.OUTREACH_DEFER_HOURS = 24
    victim = campaign.invitations.filter(channel=Channel.EMAIL).select_related("person").first()
    refuse(smtp_inbox, monkeypatch, victim.person.email, "452 Mailbox full")
    with run_tasks():
        sending.invitations_send(actor=secretariat, campaign=campaign)
    victim.refresh_from_db()
    assert victim.status == InvitationStatus.PENDING and "452" in victim.error
    first_refused = victim.deferred_at
    # Refused again an hour later: still an e-mail, and the first refusal is remembered.
    assert sending.invitations_send_emails(campaign_id=campaign.pk) == 0
    victim.refresh_from_db()
    assert victim.channel == Channel.EMAIL and victim.deferred_at == first_refused
    # A day of refusals: it becomes a letter with the same code, and the campaign is sent.
    Invitation.objects.filter(pk=victim.pk).update(deferred_at=first_refused - timedelta(hours=24))
    sending.invitations_send_emails(campaign_id=campaign.pk)
    victim.refresh_from_db()
    assert victim.channel == Channel.LETTER and victim.status == InvitationStatus.SENT
    assert victim.fell_back_at
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT


def test_the_window_after_acceptance_can_double_one_message_with_the_same_id(
    smtp_inbox, settings, monkeypatch, secretariat, campaign
):
    """Honest about the one window left: killed after the SMTP server accepted a message
    but before the database recorded it, that message goes out again, with the same
    Message-ID, so the receiving side can drop it. Nothing is lost."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda f, using=None: None)
    sending.invitations_send(actor=secretariat, campaign=campaign)
    mark_sent, calls = sending._mark_sent, []

    def die_on_the_fifth(invitation):
        calls.append(invitation.pk)
        if len(calls) == 5:
            raise SystemExit("killed")  # as if SIGKILL arrived right here
        mark_sent(invitation)

    monkeypatch.setattr(sending, "_mark_sent", die_on_the_fifth)
    with pytest.raises(SystemExit):
        sending.invitations_send_emails(campaign_id=campaign.pk)
    assert len(smtp_inbox.messages) == 5
    stuck = Invitation.objects.get(status=InvitationStatus.SENDING)
    # A new run before the claim's lease is over leaves the claimed one alone …
    monkeypatch.setattr(sending, "_mark_sent", mark_sent)
    sending.invitations_send_emails(campaign_id=campaign.pk)
    stuck.refresh_from_db()
    assert stuck.status == InvitationStatus.SENDING
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING
    # … and one after it takes the claim over and sends it.
    settings.OUTREACH_SEND_LEASE_SECONDS = 0
    sending.invitations_send_emails(campaign_id=campaign.pk)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    ids = Counter(m["Message-ID"] for m in smtp_inbox.messages)
    emails = campaign.invitations.filter(channel=Channel.EMAIL).count()
    assert len(ids) == emails  # none lost
    assert [n for n in ids.values() if n > 1] == [2]  # one doubled …
    assert ids[sending.message_id(stuck)] == 2  # … the one in the window, same Message-ID


def test_a_dead_smtp_server_leaves_the_invitations_pending(settings, secretariat, campaign):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda f, using=None: None)
        sending.invitations_send(actor=secretariat, campaign=campaign)
    with pytest.raises(OSError):
        sending.invitations_send_emails(campaign_id=campaign.pk)
    emails = campaign.invitations.filter(channel=Channel.EMAIL)
    assert set(emails.values_list("status", flat=True)) == {InvitationStatus.PENDING}


def test_a_stalled_campaign_offers_to_resume(
    smtp_inbox, settings, client_for, run_tasks, secretariat, campaign
):
    with pytest.MonkeyPatch.context() as patch:  # the worker never runs the task
        patch.setattr("django.db.transaction.on_commit", lambda f, using=None: None)
        sending.invitations_send(actor=secretariat, campaign=campaign)
    AuditEvent.objects.filter(action="outreach.invitations_send").update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    client = client_for(secretariat)
    page = client.get(reverse("outreach:detail", args=[campaign.pk])).content.decode()
    assert reverse("outreach:resume", args=[campaign.pk]) in page
    with run_tasks():
        response = client.post(reverse("outreach:resume", args=[campaign.pk]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert len(smtp_inbox.messages) == campaign.invitations.filter(channel=Channel.EMAIL).count()


def test_letters_csv_for_digital_post(client_for, secretariat, campaign):
    response = client_for(secretariat).get(reverse("outreach:letters_csv", args=[campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["løbenummer", "navn", "adresse", "postnummer", "by", "kode", "link"]
    letters = campaign.invitations.filter(channel=Channel.LETTER).select_related("person")
    assert len(rows) - 1 == letters.count() > 0
    by_id = {row[0]: row for row in rows[1:]}
    letter = letters[0]
    row = by_id[letter.person.external_id]
    assert row[1] == letter.person.name and row[3] == letter.person.postcode
    assert row[5].replace("-", "") == letter.code
    assert row[6] == f"http://testserver/svar/{letter.token}/"
    assert not any(re.fullmatch(r"\d{6}-?\d{4}", cell) for r in rows for cell in r)
    assert AuditEvent.objects.filter(action="outreach.letters_csv", actor=secretariat).exists()


def pdf_pages(content: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return text.split("\f")[: -1 if text.endswith("\f") else None]


def stored_files(settings) -> list[str]:
    return sorted(str(p) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())


def test_letters_pdf_is_made_by_a_task_and_downloaded(
    settings, run_tasks, client_for, secretariat, campaign
):
    client = client_for(secretariat)
    detail = reverse("outreach:detail", args=[campaign.pk])
    assert "Lav brevene (PDF)" in client.get(detail).content.decode()
    with run_tasks():
        response = client.post(reverse("outreach:letters_pdf_request", args=[campaign.pk]))
    assert response["Location"] == detail
    campaign.refresh_from_db()
    assert campaign.letters_pdf_status == LettersPdfStatus.READY and campaign.letters_pdf_at
    letters = campaign.invitations.filter(channel=Channel.LETTER).select_related("person")
    assert campaign.letters_pdf_count == letters.count() > 0
    [stored] = stored_files(settings)
    assert stored.startswith(str(settings.MEDIA_ROOT / "outreach" / "letters"))
    page = client.get(detail).content.decode()
    when = date_format(timezone.localtime(campaign.letters_pdf_at), "j. F Y H.i")
    assert f"Hent brevene som PDF ({letters.count()} breve, lavet {when})" in page
    assert "Lav brevene igen (PDF)" in page

    response = client.get(reverse("outreach:letters_pdf", args=[campaign.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    pages = pdf_pages(b"".join(response.streaming_content))
    assert len(pages) == letters.count()
    for page, letter in zip(
        pages, letters.order_by("person__postcode", "person__address"), strict=True
    ):
        assert f"{letter.code[:4]}-{letter.code[4:]}" in page
        assert letter.person.name in page and letter.person.address in page
        assert "http://testserver/svar/" in page and "frivilligt" in page
    assert AuditEvent.objects.filter(action="outreach.letters_pdf_request", actor=secretariat)
    assert AuditEvent.objects.filter(action="outreach.letters_pdf", actor=secretariat).exists()

    with run_tasks():  # made again: the new file replaces the old
        client.post(reverse("outreach:letters_pdf_request", args=[campaign.pk]))
    [again] = stored_files(settings)
    assert again != stored


def test_the_page_says_the_letters_are_being_made_until_they_are(
    monkeypatch, client_for, secretariat, campaign
):
    client = client_for(secretariat)
    queued = []
    with pytest.MonkeyPatch.context() as patch:  # the worker has not run the task yet
        patch.setattr("django.db.transaction.on_commit", lambda f, using=None: queued.append(f))
        client.post(reverse("outreach:letters_pdf_request", args=[campaign.pk]))
    page = client.get(reverse("outreach:detail", args=[campaign.pk])).content.decode()
    status_url = reverse("outreach:letters_pdf_status", args=[campaign.pk])
    assert "Brevene bliver lavet …" in page and f'hx-get="{status_url}"' in page
    assert 'http-equiv="refresh"' not in page
    assert reverse("outreach:letters_pdf", args=[campaign.pk]) not in page
    poll = client.get(status_url, headers={"HX-Request": "true"})
    assert poll.status_code == 200 and "Brevene bliver lavet …" in poll.content.decode()
    refused = client.post(reverse("outreach:letters_pdf_request", args=[campaign.pk]))
    assert refused.status_code == 400 and "Vent, til de er klar" in refused.content.decode()
    for callback in queued:  # the worker runs it
        callback()
    done = client.get(status_url, headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    page = client.get(reverse("outreach:detail", args=[campaign.pk])).content.decode()
    assert reverse("outreach:letters_pdf", args=[campaign.pk]) in page


def test_a_failed_render_is_told_on_the_page(
    monkeypatch, settings, run_tasks, client_for, secretariat, campaign
):
    def broken(campaign, letters):
        raise RuntimeError("Pango is missing")

    monkeypatch.setattr(letters_service, "render_letters_pdf", broken)
    client = client_for(secretariat)
    with run_tasks():
        client.post(reverse("outreach:letters_pdf_request", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.letters_pdf_status == LettersPdfStatus.FAILED
    page = client.get(reverse("outreach:detail", args=[campaign.pk])).content.decode()
    assert "Brevene kunne ikke laves på grund af en teknisk fejl. Prøv igen." in page
    assert "Lav brevene (PDF)" in page  # and they can be asked for again
    assert stored_files(settings) == []
    response = client.get(reverse("outreach:letters_pdf", args=[campaign.pk]))
    assert response.status_code == 400
    assert "Brevene er ikke lavet endnu" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["list", "create", "detail", "edit", "letters_csv", "letters_pdf", "letters_pdf_status"],
)
def test_only_the_secretariat_sees_the_pages(client, client_for, staff, citizen, campaign, name):
    url = reverse(f"outreach:{name}", args=[] if name in ("list", "create") else [campaign.pk])
    assert client.get(url).status_code == 302  # to sign in
    assert client_for(staff).get(url).status_code == 403
    assert client_for(citizen).get(url).status_code == 403


@pytest.mark.parametrize(
    "name", ["register_import", "sample_draw", "send", "resume", "letters_pdf_request"]
)
def test_only_the_secretariat_acts(client_for, staff, campaign, name):
    response = client_for(staff).post(reverse(f"outreach:{name}", args=[campaign.pk]))
    assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SAMPLED
    assert not campaign.invitations.exclude(status=InvitationStatus.PENDING).exists()


def test_the_watchdog_leaves_a_living_worker_alone_and_takes_over_from_a_dead_one(
    smtp_inbox, settings, secretariat, campaign
):
    with pytest.MonkeyPatch.context() as patch:  # the worker never runs the task
        patch.setattr("django.db.transaction.on_commit", lambda f, using=None: None)
        sending.invitations_send(actor=secretariat, campaign=campaign)
    assert sending.invitations_watch(campaign_id=campaign.pk) == "alive"  # just started
    assert not smtp_inbox.messages
    AuditEvent.objects.filter(action="outreach.invitations_send").update(
        created_at=timezone.now() - timedelta(seconds=settings.OUTREACH_SEND_LEASE_SECONDS + 1)
    )
    assert sending.invitations_watch(campaign_id=campaign.pk) == "took over"
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert len(smtp_inbox.messages) == campaign.invitations.filter(channel=Channel.EMAIL).count()
    assert sending.invitations_watch(campaign_id=campaign.pk) == "done"


def test_the_resume_command(smtp_inbox, secretariat, campaign, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda f, using=None: None)
        sending.invitations_send(actor=secretariat, campaign=campaign)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("outreach_resume_sending", stdout=out)
    assert "1" in out.getvalue()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert len(smtp_inbox.messages) == campaign.invitations.filter(channel=Channel.EMAIL).count()


def test_a_long_run_hands_over_to_its_continuation(smtp_inbox, settings, secretariat, campaign):
    settings.OUTREACH_SEND_CHUNK_SECONDS = 0  # every batch ends the chunk
    settings.OUTREACH_SEND_BATCH = 3
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda f, using=None: None)
        sending.invitations_send(actor=secretariat, campaign=campaign)
    from django_tasks.backends.immediate import ImmediateBackend

    queued = []
    with pytest.MonkeyPatch.context() as patch:  # record the continuation, do not run it
        patch.setattr(
            ImmediateBackend,
            "enqueue",
            lambda self, task, args, kwargs: queued.append((task.name, list(args))),
        )
        assert sending.invitations_send_emails(campaign_id=campaign.pk) == 3
    assert queued == [("invitations_send_emails", [campaign.pk])]  # the rest is queued
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING
