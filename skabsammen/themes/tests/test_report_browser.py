"""Staff make a Temaradar, choose quotes and a topic, publish it; a citizen reads it.
Chromium, with axe on every page."""

import pytest

from skabsammen.common.tests.browser import sign_in
from skabsammen.themes.models import ThemeReport

from .conftest import make_inputs
from .test_reports import make_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_publish_a_report_that_everyone_can_read(open_page, staff):
    make_run(make_inputs(quotable=lambda i: i % 2 == 0))

    page = open_page()
    sign_in(page, staff)
    page.goto("/temaer/temaradar/")
    page.page.get_by_role("button", name="Lav et udkast ud fra de aktuelle temaer").click()
    page.check_accessibility()  # the edit page
    report = ThemeReport.objects.get()
    first = report.items.select_related("theme").first().theme
    assert page.page.get_by_role("heading", name="1. cykelsti, skole, trafik").is_visible()

    quotes = page.page.get_by_role("group", name=f"Citater til “{first.label}”")
    quotes.get_by_role("checkbox").first.uncheck()
    page.page.locator(f"#item-{first.pk}").get_by_role("button", name="Gem citaterne").click()
    page.check_accessibility()
    assert len(report.items.get(theme=first).quotes) == 2

    page.page.get_by_label("Emne", exact=True).fill("Sikre skoleveje")
    page.page.get_by_label("Temaet bag").select_option(label=first.label)
    page.page.get_by_role("button", name="Tilføj emnet").click()
    page.check_accessibility()
    page.page.get_by_role("button", name="Offentliggør rapporten").click()
    page.check_accessibility()  # the published page
    report.refresh_from_db()
    assert report.is_published

    reader = open_page()
    reader.goto(f"/temaer/temaradar/{report.pk}/")
    content = reader.page.content()
    assert "Rapporten bygger på 36 tekster" in content
    assert "Sikre skoleveje" in content and "Forhåndsvisning" not in content
