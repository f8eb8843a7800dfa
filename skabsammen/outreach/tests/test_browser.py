"""A resident answers with the letter's code; the secretariat reads the results and
closes the campaign. Chromium, with axe on every page."""

import pytest

from skabsammen.committees.tests.factories import BodyFactory
from skabsammen.common.tests.browser import field, sign_in
from skabsammen.outreach.models import Answer, RegisterPerson

from .factories import AnswerFactory, CampaignFactory, InvitationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_answers_by_code_and_the_secretariat_reads_the_results(open_page, secretariat):
    campaign = CampaignFactory(body=BodyFactory(name="Borgerpanelet"), register_rows=1000)
    InvitationFactory(campaign=campaign, channel="letter", code="K7P4MX9A", district="Vangede")
    AnswerFactory(invitation=InvitationFactory(campaign=campaign), text="Flere cykelstier")

    resident = open_page()
    resident.goto("/svar/")
    field(resident, "Din personlige kode").fill("AAAA-0000")
    resident.page.get_by_role("button", name="Fortsæt").click()
    resident.check_accessibility()
    assert "Vi kender ikke den kode" in resident.page.content()
    field(resident, "Din personlige kode").fill("k7p-4mx9a")
    resident.page.get_by_role("button", name="Fortsæt").click()
    resident.check_accessibility()
    # A volunteer who forgets to say how to be contacted is told so.
    resident.page.get_by_label("Ja, jeg vil gerne være med i lodtrækningen").check()
    resident.page.get_by_role("button", name="Send mit svar").click()
    resident.check_accessibility()
    assert "Skriv dit navn, så vi kan kontakte dig." in resident.page.content()
    field(resident, "Hvad skal kommunen arbejde med").fill("Et mødested for unge i Vangede.")
    field(resident, "Navn").fill("Sofie Frivillig")
    field(resident, "E-mail").fill("sofie@example.dk")
    resident.page.get_by_label("Uddannelse").select_option("vocational")
    resident.page.get_by_role("button", name="Send mit svar").click()
    resident.check_accessibility()
    assert "Tak for dit svar" in resident.page.content()
    assert Answer.objects.get(name="Sofie Frivillig").district == "Vangede"
    resident.goto("/svar/")
    field(resident, "Din personlige kode").fill("K7P4MX9A")
    resident.page.get_by_role("button", name="Fortsæt").click()
    resident.check_accessibility()
    assert "Du har allerede svaret – tak" in resident.page.content()

    staff = open_page()
    sign_in(staff, secretariat)
    staff.goto(f"/henvendelser/{campaign.pk}/resultater/")
    content = staff.page.content()
    assert "Et mødested for unge i Vangede." in content
    assert "Sofie Frivillig" not in content
    staff.page.get_by_role("link", name="Påmindelser").first.click()
    staff.check_accessibility()
    staff.page.get_by_role("link", name="Resultater").click()
    staff.check_accessibility()
    staff.page.get_by_role("link", name="Træk et borgerpanel blandt de frivillige").first.click()
    staff.check_accessibility()
    staff.page.get_by_role("link", name="Resultater").click()
    staff.check_accessibility()
    staff.page.get_by_role("link", name="Luk henvendelsen").first.click()
    staff.check_accessibility()
    assert "Frivillige venter på lodtrækningen til Borgerpanelet" in staff.page.content()
    staff.page.get_by_role("button", name="Luk henvendelsen, og slet persondata").click()
    staff.check_accessibility()
    assert "Sæt kryds for at bekræfte." in staff.page.content()
    staff.page.get_by_label("Jeg forstår, at persondata slettes").check()
    staff.page.get_by_role("button", name="Luk henvendelsen, og slet persondata").click()
    staff.check_accessibility()
    assert "Henvendelsen er lukket. Persondata er slettet" in staff.page.content()
    assert "Et mødested for unge i Vangede." in staff.page.content()
    assert not RegisterPerson.objects.exists()
    assert Answer.objects.get(text="Et mødested for unge i Vangede.").name == ""
