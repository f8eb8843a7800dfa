"""Click through as a citizen and as staff would, in Chromium, with axe on every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from skabsammen.accounts.tests.factories import StaffFactory
from skabsammen.common.tests.browser import field, sign_in
from skabsammen.initiatives.models import Initiative, Status
from skabsammen.municipality.tests.factories import DepartmentFactory, DistrictFactory, TopicFactory

from .factories import InitiativeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_shares_an_idea_without_an_account(open_page):
    TopicFactory(name="Klima", slug="klima")
    DistrictFactory(name="Vangede", slug="vangede")
    staff = StaffFactory(name="Lise Kragh", department=DepartmentFactory(name="Borgerservice"))

    citizen = open_page()
    citizen.goto("/")
    citizen.page.get_by_role("link", name="Del en idé").first.click()
    citizen.check_accessibility()
    form = citizen.page
    field(citizen, "Titel").fill("Fællesskabskøleskab i Vangede")
    field(citizen, "Beskriv din idé").fill(
        "Et køleskab hvor naboer kan dele mad, der ellers går til spilde."
    )
    form.get_by_label("Lokaler").check()
    form.get_by_label("Klima").check()
    form.get_by_label("Bydel").select_option(label="Vangede")
    field(citizen, "Dit navn").fill("Fatima Ali")
    field(citizen, "Din e-mailadresse").fill("fatima@example.dk")
    form.get_by_role("button", name="Fortsæt").click()
    citizen.check_accessibility()
    assert "fatima@example.dk" in form.content()
    assert not Initiative.objects.exists()

    # The e-mail is read in the outbox, by staff (the development stand-in for a mailbox).
    outbox = open_page()
    sign_in(outbox, staff)
    outbox.goto("/udbakke/")
    outbox.page.get_by_role("link", name=re.compile("Bekræft din idé")).click()
    outbox.check_accessibility()
    link = re.search(r"/konto/link/[\w-]+/", outbox.page.content()).group(0)

    citizen.goto(link)
    citizen.page.get_by_role("button", name="Bekræft og send idéen").click()
    citizen.check_accessibility()
    heading = citizen.page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Fællesskabskøleskab i Vangede"
    assert "Modtaget" in citizen.page.content()
    initiative = Initiative.objects.get()
    assert initiative.owners.get().email == "fatima@example.dk"
    assert initiative.help_wanted == ["premises"]
    citizen.page.get_by_role("link", name="Mine idéer").click()
    citizen.check_accessibility()
    assert "Fællesskabskøleskab i Vangede" in citizen.page.content()


def test_staff_assign_reply_with_lix_and_set_a_next_step(open_page):
    staff = StaffFactory(name="Mette Sørensen", department=DepartmentFactory(name="Kultur"))
    initiative = InitiativeFactory(title="Reparationscafé på biblioteket")
    due = timezone.localdate() + timedelta(days=7)

    page = open_page()
    sign_in(page, staff)
    page.page.get_by_role("link", name="Medarbejder").first.click()
    page.check_accessibility()
    page.page.get_by_role("link", name="Reparationscafé på biblioteket").first.click()
    page.check_accessibility()

    page.page.get_by_label("Kontaktperson").select_option(label="Mette Sørensen (Kultur)")
    page.page.get_by_role("button", name="Gem kontaktperson").click()
    page.check_accessibility()

    message = field(page, "Besked")
    message.fill("Tak for din idé. Såfremt du har tid, vil jeg gerne mødes på biblioteket.")
    readability = page.page.locator("#readability")
    readability.get_by_text(re.compile(r"LIX \d+")).wait_for()
    assert "hvis" in readability.inner_text()  # the plain word for "såfremt"
    page.check_accessibility()
    message.fill("Tak for din idé. Hvis du har tid, vil jeg gerne mødes på biblioteket.")
    field(page, "Næste skridt").fill("Vi mødes på biblioteket")
    page.page.get_by_label("Dato for næste skridt").fill(due.isoformat())
    page.page.get_by_role("button", name="Send", exact=True).click()
    page.check_accessibility()

    page.page.get_by_role("link", name="Skift status og næste skridt").click()
    page.check_accessibility()
    page.page.get_by_label("Afprøves i det små").check()
    field(page, "Næste skridt").fill("Første reparationscafé lørdag")
    page.page.get_by_label("Dato for næste skridt").fill(due.isoformat())
    page.page.get_by_role("button", name="Gem").click()
    page.check_accessibility()

    public = open_page(width=375)
    public.goto(initiative.get_absolute_url())
    text = public.page.content()
    assert "Afprøves i det små" in text
    assert "Første reparationscafé lørdag" in text
    assert "Mette Sørensen" in text
    initiative.refresh_from_db()
    assert initiative.status == Status.TRIAL and initiative.next_step_due == due


def test_without_javascript_staff_check_the_language_with_a_button(open_page):
    initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
    page = open_page(javascript=False)
    sign_in(page, initiative.contact_person)
    page.goto(initiative.get_absolute_url())
    field(page, "Besked").fill("I henhold til aftalen bedes du fremsende tegningerne.")
    page.page.get_by_role("button", name="Tjek sproget").click()
    page.check_accessibility()
    assert "LIX" in page.page.locator("#readability").inner_text()
    assert "I henhold til aftalen" in field(page, "Besked").input_value()
    assert not initiative.messages.exists()
