"""The secretariat runs a meeting from agenda to approved minutes; a citizen finds them
in the archive. Chromium, with axe on every page."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from skabsammen.committees.models import Meeting, MeetingStatus, Membership
from skabsammen.common.tests.browser import field, sign_in

from .factories import BodyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_secretariat_runs_a_meeting_and_a_citizen_reads_the_minutes(
    open_page, secretariat, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    body = BodyFactory(name="Grønt Råd", slug="groent-raad", kind="council")
    for name in ("Anna Grøn", "Bo Skov"):
        Membership.objects.create(
            body=body, name=name, starts_on=timezone.localdate() - timedelta(days=365)
        )
    day = timezone.localdate() + timedelta(days=14)
    (tmp_path / "plan.pdf").write_bytes(PDF)

    page = open_page()
    sign_in(page, secretariat)
    page.goto(body.get_absolute_url())
    page.page.get_by_role("link", name="Nyt møde").click()
    page.check_accessibility()
    page.page.get_by_label("Mødenummer").fill("3")
    page.page.get_by_label("Dato").fill(day.isoformat())
    page.page.get_by_label("Starter kl.").fill("19:00")
    page.page.get_by_label("Slutter kl.").fill("21:00")
    field(page, "Sted").fill("Gentofte Rådhus, mødelokale A")
    page.page.get_by_role("button", name="Opret mødet").click()
    page.check_accessibility()

    field(page, "Titel").fill("Grønne tage i Hellerup")
    field(page, "Sags ID").fill("EMN-2026-01234")
    field(page, "Resumé").fill("Rådet drøfter grønne tage på kommunens bygninger.")
    field(page, "Indstilling: punkterne").fill("At rådet drøfter sagen.\nAt rådet giver input.")
    page.page.get_by_role("button", name="Tilføj punktet").click()
    page.check_accessibility()
    page.page.get_by_role("link", name="Redigér Grønne tage i Hellerup").click()
    page.check_accessibility()
    page.page.get_by_label("Fil").set_input_files(str(tmp_path / "plan.pdf"))
    page.page.get_by_role("textbox", name="Titel", exact=True).fill("Plan for grønne tage")
    page.page.get_by_role("button", name="Vedhæft filen").click()
    page.check_accessibility()
    assert "Plan for grønne tage" in page.page.content()
    page.page.get_by_role("link", name="Forbered mødet").click()
    page.check_accessibility()
    page.page.get_by_role("button", name="Offentliggør dagsordenen").click()
    page.check_accessibility()
    assert "Dagsordenen er offentliggjort" in page.page.content()

    # Two weeks later: the meeting has been held.
    meeting = Meeting.objects.get()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=3))
    page.page.reload()
    page.check_accessibility()
    page.page.get_by_label("Fraværende, med stedfortræder", exact=True).last.check()
    field(page, "Stedfortræder for Bo Skov").fill("Cecilie Eng")
    page.page.get_by_role("button", name="Gem fremmødet").click()
    page.check_accessibility()
    page.page.get_by_role("button", name="Mødet er afholdt").click()
    page.check_accessibility()
    page.page.get_by_role("link", name="Redigér Grønne tage i Hellerup").click()
    page.check_accessibility()
    field(page, "Beslutninger").fill("Rådet anbefalede grønne tage på alle nye skoler.")
    page.page.get_by_role("button", name="Gem beslutningerne").click()
    page.check_accessibility()
    page.page.get_by_role("link", name="Forbered mødet").click()
    page.check_accessibility()
    field(page, "Afslutningslinje").fill("Protokollen blev læst og mødet hævet kl. 20.45")
    page.page.get_by_role("button", name="Godkend og offentliggør referatet").click()
    page.check_accessibility()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED

    citizen = open_page()
    citizen.goto("/")
    citizen.page.get_by_role("link", name="Udvalg").first.click()
    citizen.check_accessibility()
    citizen.page.get_by_role("link", name="Dagsordener og referater: arkivet").click()
    citizen.check_accessibility()
    citizen.page.get_by_label("Organ").select_option(label="Grønt Råd")
    citizen.page.get_by_role("button", name="Vis møder").click()
    citizen.check_accessibility()
    citizen.page.get_by_role("link", name="3. møde").click()
    citizen.check_accessibility()
    text = citizen.page.content()
    assert "Rådet anbefalede grønne tage på alle nye skoler." in text
    assert "Anna Grøn" in text and "Cecilie Eng" in text
    assert "Protokollen blev læst og mødet hævet kl. 20.45" in text
    with citizen.page.expect_download() as download:
        citizen.page.get_by_role("link", name="Word").last.click()
    assert download.value.suggested_filename.endswith(".docx")


def test_a_citizen_applies_and_comments_and_the_secretariat_imports_minutes(open_page, tmp_path):
    from skabsammen.accounts.models import User
    from skabsammen.committees import demo
    from skabsammen.committees.models import Application, Principle
    from skabsammen.municipality import demo as municipality_demo

    people = municipality_demo.load()
    demo.load(people)
    citizen = people["ole.madsen"]

    page = open_page()
    sign_in(page, citizen)
    page.goto("/udvalg/")
    page.page.get_by_role("link", name="Opgaveudvalget Fremtidens Fællesskaber").click()
    page.check_accessibility()
    page.page.get_by_role("link", name="Søg om at være med").click()
    page.check_accessibility()
    field(page, "Hvorfor vil du gerne være med?").fill("Jeg står for loppemarkedet i Dyssegård.")
    page.page.get_by_label("Bydel").select_option(label="Dyssegård")
    page.page.get_by_role("button", name="Send ansøgningen").click()
    page.check_accessibility()
    assert "Du har søgt" in page.page.content()
    assert Application.objects.filter(applicant=citizen).exists()

    page.goto("/udvalg/")
    page.page.get_by_role("link", name="Opgaveudvalget Vi Skaber Sammen").click()
    page.check_accessibility()
    page.page.get_by_role("link", name="Principper for hvordan vi skaber sammen").click()
    page.check_accessibility()
    field(page, "Din kommentar til “Dialog i øjenhøjde”").fill("Husk dem, der ikke taler dansk.")
    principle = Principle.objects.get(title="Dialog i øjenhøjde")
    page.page.locator(f"#principle-{principle.pk}").get_by_role("button", name="Kommentér").click()
    page.check_accessibility()
    assert "Husk dem, der ikke taler dansk." in page.page.content()

    secretariat = open_page()
    sign_in(secretariat, User.objects.get(email="hanne.lund@gentofte.dk"))
    secretariat.goto("/udvalg/")
    secretariat.page.get_by_role("link", name="Opgaveudvalget Fremtidens Fællesskaber").click()
    secretariat.check_accessibility()
    secretariat.page.get_by_role("link", name="Ansøgninger").click()
    secretariat.check_accessibility()
    assert "Jeg står for loppemarkedet i Dyssegård." in secretariat.page.content()
    secretariat.page.get_by_role("link", name="Opgaveudvalget Fremtidens Fællesskaber").click()
    secretariat.check_accessibility()
    secretariat.page.get_by_role("link", name="Redigér organet og dets medlemmer").click()
    secretariat.check_accessibility()
    secretariat.goto("/udvalg/importer/")
    (tmp_path / "referat.txt").write_text("Indkøbsliste\n\nMælk\nBrød\n", encoding="utf-8")
    secretariat.page.get_by_label("Referat eller dagsorden").set_input_files(
        str(tmp_path / "referat.txt")
    )
    secretariat.page.get_by_role("button", name="Importér").click()
    secretariat.check_accessibility()
    assert "layout, vi ikke kan læse" in secretariat.page.content()
    aarhus = Path(__file__).resolve().parents[4] / "shared" / "data" / "minutes"
    secretariat.page.get_by_label("Referat eller dagsorden").set_input_files(
        str(aarhus / "aarhus-teknisk-udvalg-2025-10-01.html")
    )
    secretariat.page.get_by_role("button", name="Importér").click()
    secretariat.check_accessibility()
    assert "Importrapport" in secretariat.page.content()
    secretariat.page.get_by_role("link", name="Se mødet").click()
    secretariat.check_accessibility()
    assert "Udviklingsplan Aarhus Ø" in secretariat.page.content()
