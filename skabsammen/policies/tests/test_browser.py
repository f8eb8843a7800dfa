"""Staff register a policy and link an idea to it; a citizen finds it from the menu and
reads "Fra politik til handling". Chromium, with axe on every page."""

import pytest

from skabsammen.common.tests.browser import field, sign_in
from skabsammen.initiatives.models import Status
from skabsammen.initiatives.tests.factories import InitiativeFactory
from skabsammen.policies.models import Policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_register_and_edit_a_policy_and_a_citizen_reads_it(open_page):
    idea = InitiativeFactory(title="Reparationscafé på biblioteket", status=Status.UNDERWAY)
    staff = idea.contact_person

    page = open_page()
    sign_in(page, staff)
    page.page.get_by_role("link", name="Politikker").first.click()
    page.check_accessibility()
    page.page.get_by_role("link", name="Registrér en politik").click()
    page.check_accessibility()

    # A date in the future is refused in Danish, and nothing is saved.
    field(page, "Titel").fill("Klimaplan 2030")
    page.page.get_by_label("Strategi").check()
    page.page.get_by_label("Vedtaget").fill("2999-01-01")
    field(page, "Mål").fill("Mindre affald.\nMere genbrug.")
    field(page, "Politikkens webadresse").fill("gentofte.dk/klima")
    page.page.get_by_role("button", name="Registrér politikken").click()
    page.check_accessibility()
    assert "Vedtagelsesdatoen kan ikke ligge i fremtiden." in page.page.content()
    assert not Policy.objects.exists()

    page.page.get_by_label("Vedtaget").fill("2021-02-22")
    page.page.get_by_role("button", name="Registrér politikken").click()
    page.check_accessibility()
    assert "begynder med http:// eller https://" in page.page.content()
    field(page, "Politikkens webadresse").fill("https://gentofte.dk/klima")
    page.page.get_by_role("button", name="Registrér politikken").click()
    page.check_accessibility()
    page.page.get_by_role("heading", name="Klimaplan 2030", level=1).wait_for()
    assert "Mere genbrug." in page.page.content()

    page.page.get_by_role("link", name="Redigér politikken").click()
    page.check_accessibility()
    field(page, "Titel").fill("Klima- og bæredygtighedsplan 2030")
    page.page.get_by_role("button", name="Gem", exact=True).click()
    page.check_accessibility()
    page.page.get_by_role("heading", name="Klima- og bæredygtighedsplan 2030").wait_for()

    # The contact person links the idea to the policy from the idea's page.
    page.goto(idea.get_absolute_url())
    page.page.get_by_text("Knyt idéen til en politik").click()
    page.page.get_by_label("Politik eller strategi").select_option(
        label="Klima- og bæredygtighedsplan 2030"
    )
    page.page.get_by_role("button", name="Knyt idéen til politikken").click()
    page.check_accessibility()
    assert "Idéen er knyttet til Klima- og bæredygtighedsplan 2030." in page.page.content()

    citizen = open_page()
    citizen.goto("/")
    citizen.page.get_by_role("link", name="Politikker").first.click()
    citizen.check_accessibility()
    assert "1 idé fra borgere" in citizen.page.content()
    citizen.page.get_by_role("link", name="Klima- og bæredygtighedsplan 2030").click()
    citizen.check_accessibility()
    text = citizen.page.content()
    assert "Fra politik til handling" in text and "Reparationscafé på biblioteket" in text
    citizen.page.get_by_role("link", name="Reparationscafé på biblioteket").first.click()
    citizen.check_accessibility()
    assert "Klima- og bæredygtighedsplan 2030" in citizen.page.content()
