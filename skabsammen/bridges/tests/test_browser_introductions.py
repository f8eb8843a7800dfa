"""An introduction from start to end in Chromium, with axe on every page: staff propose it
from a suggestion, the idea's owner says yes on her idea's page, the contact says yes
through the e-mail's link, and both see it confirmed."""

import pytest

from skabsammen.bridges.models import Introduction, IntroductionStatus
from skabsammen.common.tests.browser import sign_in
from skabsammen.initiatives.tests.factories import InitiativeFactory
from skabsammen.mail.models import Email

from .factories import ContactFactory, OrganisationFactory
from .suggestion_helpers import (  # noqa: F401 (fixtures)
    _suggestion_settings,
    direction,
    near,
    store_idea_vector,
    store_organisation_vector,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_introduction_from_suggestion_to_both_saying_yes(open_page, staff, citizen):
    base = direction(1)
    idea = InitiativeFactory(title="Blomstereng i parken", owner=citizen, is_public=False)
    store_idea_vector(idea, base)
    store_idea_vector(InitiativeFactory(title="Bier i byen"), near(base, 0.3, 1))
    association = OrganisationFactory(name="Ordrup Naturvenner")
    store_organisation_vector(association, near(base, 0.3, 2))
    contact = ContactFactory(organisation=association, name="Birthe Vang")

    staff_page = open_page()
    sign_in(staff_page, staff)
    staff_page.goto(f"/broer/ide/{idea.pk}/")
    row = staff_page.page.locator(f"#contact-{contact.pk}")
    row.get_by_text("Foreslå introduktion").click()  # opens the folded form
    row.get_by_role("textbox", name="Hvorfor I to?").fill("I arbejder begge med blomster.")
    row.get_by_role("button", name="Send forslaget").click()
    staff_page.check_accessibility()
    assert "Introduktionen er foreslået" in staff_page.page.content()
    introduction = Introduction.objects.get()
    assert introduction.status == IntroductionStatus.ASKING_OWNERS

    owner_page = open_page()
    sign_in(owner_page, citizen)
    owner_page.goto(idea.get_absolute_url())
    panel = owner_page.page.locator(f"#introduction-{introduction.pk}")
    assert "Ordrup Naturvenner" in panel.inner_text()
    assert "Birthe" not in owner_page.page.content()
    # Her page also offers contact with a public idea like hers.
    owner_page.page.get_by_text("Bed om kontakt", exact=True).click()  # opens the folded form
    request = owner_page.page.get_by_role("button", name="Send anmodningen om kontakt: Bier i byen")
    assert request.is_visible()
    panel.get_by_role("button", name="Ja", exact=True).click()
    owner_page.check_accessibility()
    assert "Nu spørger vi den anden part" in owner_page.page.content()

    token = Email.objects.get(kind="bridges_intro_asked_contact").secret
    contact_page = open_page()
    contact_page.goto(f"/broer/svar/{token}/")
    assert "Blomstereng" not in contact_page.page.content()  # a private idea
    assert "I arbejder begge med blomster." in contact_page.page.content()
    contact_page.page.get_by_role("button", name="Ja, sæt os i kontakt").click()
    contact_page.check_accessibility()
    assert "I har begge sagt ja" in contact_page.page.content()
    assert Introduction.objects.get().status == IntroductionStatus.ACCEPTED

    owner_page.goto(idea.get_absolute_url())
    assert "I kontakt med Ordrup Naturvenner" in owner_page.page.content()
    contact_page.goto(f"/broer/svar/{token}/")
    assert "Linket virker ikke" in contact_page.page.content()

    staff_page.goto("/broer/")
    assert "Begge har sagt ja" in staff_page.page.content()
    staff_page.goto("/broer/tal/")
    assert "Tal for introduktioner" in staff_page.page.content()
