"""Staff open an idea's suggestions and dismiss one. Chromium, with axe on every page."""

import pytest

from skabsammen.bridges.models import Dismissal
from skabsammen.common.tests.browser import sign_in
from skabsammen.initiatives.tests.factories import InitiativeFactory

from .factories import ContactFactory, OrganisationFactory
from .suggestion_helpers import (  # noqa: F401 (fixtures)
    _suggestion_settings,
    direction,
    near,
    store_idea_vector,
    store_organisation_vector,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_dismiss_a_suggested_organisation(open_page, staff):
    base = direction(1)
    mine = InitiativeFactory(title="Cykelsti til skolen")
    store_idea_vector(mine, base)
    other = InitiativeFactory(title="Sikker skolevej")
    store_idea_vector(other, near(base, 0.3, 1))
    association = OrganisationFactory(name="Cyklistforeningen")
    store_organisation_vector(association, near(base, 0.4, 2))
    ContactFactory(organisation=association, name="Bo Berg")

    page = open_page()
    sign_in(page, staff)
    page.goto(f"/broer/ide/{mine.pk}/")
    page.check_accessibility()
    assert page.page.get_by_role("link", name="Sikker skolevej").is_visible()
    page.page.get_by_role("button", name="Afvis Cyklistforeningen").click()
    page.check_accessibility()

    assert Dismissal.objects.get().target_id == association.pk
    assert "Forslaget er afvist" in page.page.content()
    assert page.page.get_by_role("link", name="Cyklistforeningen").count() == 0
    assert page.page.get_by_role("link", name="Sikker skolevej").is_visible()
