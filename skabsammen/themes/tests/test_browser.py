"""Staff find themes and curate one. Chromium, with axe on every page."""

import pytest

from skabsammen.common.tests.browser import sign_in
from skabsammen.themes.models import RunStatus, ThemeRun

from .conftest import make_inputs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_find_themes_and_name_one(open_page, staff):
    make_inputs(quotable=lambda i: i % 2 == 0)

    page = open_page()
    sign_in(page, staff)
    page.page.get_by_role("link", name="Temaer").first.click()
    page.check_accessibility()
    assert "Der er endnu ikke fundet nogen temaer." in page.page.content()
    page.page.get_by_label("Antal temaer").fill("4")
    page.page.get_by_role("button", name="Find temaer").click()
    page.check_accessibility()
    run = ThemeRun.objects.get()
    assert run.status == RunStatus.DONE
    assert "36 tekster i 4 temaer" in page.page.content()

    theme = run.themes.get(number=0)
    page.page.get_by_text(f"Tilret “{theme.label}”").click()
    page.page.locator(f"#name-{theme.pk}").fill("Børn og leg")
    page.page.locator(f"#theme-{theme.pk}").get_by_role("button", name="Gem navnet").click()
    page.check_accessibility()
    theme.refresh_from_db()
    assert theme.name == "Børn og leg"
    assert page.page.get_by_role("heading", name="Børn og leg").is_visible()
