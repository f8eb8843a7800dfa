"""Staff import a small register, read the report and apply it, and find the organisations
in "Hvem kan hjælpe"; an association opens its update link and saves. Chromium, with axe
on every page."""

import re

import pytest
from django.core import mail

from skabsammen.bridges.models import Contact, Organisation
from skabsammen.common.tests.browser import field, sign_in
from skabsammen.municipality.tests.factories import DistrictFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REGISTER = (
    "Navn;Type;Beskrivelse;E-mail;Foreningsnummer;Emner;Bydele;Kontaktperson;Kontakt e-mail\r\n"
    "Ordrup Naturvenner;forening;Vi passer på Ordrup Krat.;info@naturvenner.example.dk;F-2041;"
    "Natur og miljø;Ordrup;Birthe Vang;birthe.vang@example.dk\r\n"
    "Vangede Boldklub;forening;Fodbold for børn og unge.;;F-1187;;Vangede;;\r\n"
    "Uden E-mail;forening;;ikke-en-mail;;;;;\r\n"
)


@pytest.fixture(autouse=True)
def _no_embedding(settings):
    settings.THEMES_EMBED_ON_SAVE = False


def test_staff_import_and_an_association_updates_itself(open_page, staff, tmp_path):
    TopicFactory(name="Natur og miljø", slug="natur-og-miljoe")
    DistrictFactory(name="Ordrup", slug="ordrup")
    DistrictFactory(name="Vangede", slug="vangede")
    register = tmp_path / "foreninger.csv"
    register.write_bytes(REGISTER.encode("cp1252"))

    page = open_page()
    sign_in(page, staff)
    page.goto("/broer/katalog/")
    page.page.get_by_role("link", name="Importér fra en fil").click()
    page.check_accessibility()
    page.page.locator("input[type=file]").set_input_files(str(register))
    page.page.get_by_role("button", name="Læs filen").click()
    page.check_accessibility()
    text = page.page.content()
    assert "E-mail «ikke-en-mail»" in text
    assert not Organisation.objects.exists()  # nothing changes before the import
    page.page.get_by_role("button", name="Importér 2 rækker").click()
    page.check_accessibility()
    # Applied by a task; the page shows it done (or polls until it is).
    page.page.get_by_text("2 nye organisationer blev oprettet").wait_for()
    assert Organisation.objects.count() == 2 and Contact.objects.count() == 1

    # The public directory shows the organisations, never the contact.
    page.page.get_by_role("link", name="Hvem kan hjælpe").first.click()
    page.check_accessibility()
    page.page.get_by_role("link", name="Ordrup Naturvenner").click()
    page.check_accessibility()
    text = page.page.content()
    assert "info@naturvenner.example.dk" in text and "Natur og miljø" in text
    assert "Birthe Vang" not in text and "birthe.vang@example.dk" not in text

    # Staff send the association its update link.
    page.page.get_by_role("link", name="Organisationen i medarbejdernes katalog").click()
    page.check_accessibility()
    assert "Birthe Vang" in page.page.content()
    page.page.get_by_role("button", name="Send opdateringslink").click()
    page.check_accessibility()
    assert "Opdateringslinket er sendt til info@naturvenner.example.dk" in page.page.content()
    [email] = mail.outbox
    link = re.search(r"http://\S+/broer/opdater/\S+/", email.body).group(0)

    association = open_page()
    association.page.goto(link)
    association.check_accessibility()
    field(association, "Hvad den laver").fill("Vi passer på Ordrup Krat og holder naturture.")
    association.page.locator("input[name='kontakter-1-name']").fill("Ida Skov")
    association.page.locator("input[name='kontakter-1-email']").fill("ida@")
    association.page.get_by_role("button", name="Gem").click()
    association.check_accessibility()
    assert "Skriv en e-mailadresse som navn@eksempel.dk." in association.page.content()
    association.page.locator("input[name='kontakter-1-email']").fill("ida.skov@example.dk")
    association.page.get_by_role("button", name="Gem").click()
    association.check_accessibility()
    association.page.get_by_role("heading", name="Tak: oplysningerne er opdateret").wait_for()
    assert "Ida Skov" in association.page.content()
    organisation = Organisation.objects.get(name="Ordrup Naturvenner")
    assert organisation.description == "Vi passer på Ordrup Krat og holder naturture."
    assert organisation.updated_by_itself_at is not None
    assert organisation.contacts.filter(email="ida.skov@example.dk").exists()
    assert any(m.subject.startswith("Kvittering") for m in mail.outbox)
