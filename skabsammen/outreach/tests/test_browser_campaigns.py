"""The secretariat creates a campaign, imports the register (after a refused file with CPR
numbers), draws the sample and sends the invitations. Chromium, with axe on every page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from skabsammen.common.tests.browser import field, sign_in
from skabsammen.outreach.models import Campaign, CampaignStatus, Channel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "løbenummer;navn;adresse;postnummer;by;bydel;fødselsår;køn;e-mail"


def register_file(path, *, cpr: bool = False):
    lines = [HEADER + (";cpr" if cpr else "")]
    for n in range(60):
        email = f"borger{n}@example.dk" if n % 3 else ""
        district = ["Hellerup", "Vangede", "Ordrup"][n % 3]
        row = f"P{n:04d};Borger Nummer{n};Testvej {n};2900;Hellerup;{district};{1940 + n};"
        row += ("K" if n % 2 else "M") + f";{email}"
        lines.append(row + (f";0101{n % 90 + 10:02d}-1234" if cpr else ""))
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return str(path)


def test_the_secretariat_imports_draws_and_sends(open_page, secretariat, tmp_path):
    page = open_page()
    sign_in(page, secretariat)
    page.goto("/henvendelser/")
    page.page.get_by_role("link", name="Ny henvendelse").click()
    page.check_accessibility()
    page.page.get_by_role("button", name="Opret henvendelsen").click()
    page.check_accessibility()
    assert "Giv henvendelsen en titel." in page.page.content()
    field(page, "Titel").fill("Hvad skal Gentofte arbejde med?")
    field(page, "Formål").fill("Vi vil gerne høre fra borgere, vi sjældent hører fra.")
    field(page, "Spørgsmål").fill("Hvad skal kommunen arbejde med de næste år?")
    deadline = timezone.localdate() + timedelta(days=21)
    page.page.get_by_label("Svarfrist").fill(deadline.isoformat())
    page.page.get_by_role("button", name="Opret henvendelsen").click()
    page.check_accessibility()

    page.page.locator("input[type=file]").set_input_files(
        register_file(tmp_path / "med-cpr.csv", cpr=True)
    )
    page.page.get_by_role("button", name="Indlæs registret").click()
    page.check_accessibility()
    assert "ligner CPR-numre" in page.page.content()
    page.page.locator("input[type=file]").set_input_files(register_file(tmp_path / "ok.csv"))
    page.page.get_by_role("button", name="Indlæs registret").click()
    page.check_accessibility()
    assert "Registret er indlæst: 60 personer." in page.page.content()

    page.page.get_by_label("Antal personer, der skal inviteres").fill("30")
    page.page.get_by_label("Lodtrækningstal (seed)").fill("4711")
    page.page.get_by_role("button", name="Træk stikprøven").click()
    page.check_accessibility()
    assert "Stikprøven er trukket." in page.page.content()
    assert "4711" in page.page.content()

    page.page.get_by_role("button", name="Send invitationerne").click()
    page.check_accessibility()
    campaign = Campaign.objects.get()
    assert campaign.status == CampaignStatus.SENT
    emails = campaign.invitations.filter(channel=Channel.EMAIL).count()
    assert len(mail.outbox) == emails > 0
    assert "Hent CSV-filen til Digital Post" in page.page.content()
    page.page.get_by_role("button", name="Send invitationerne").wait_for(state="detached")

    page.page.get_by_role("button", name="Lav brevene (PDF)").click()  # made by a task
    page.check_accessibility()
    letters = campaign.invitations.filter(channel=Channel.LETTER).count()
    link = page.page.get_by_role("link", name=f"Hent brevene som PDF ({letters} breve")
    with page.page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
