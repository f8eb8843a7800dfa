"""The secretariat draws a task committee's members by lot; a citizen reads the public
draw page. Chromium, with axe on every page."""

import pytest

from skabsammen.committees.models import ApplicationStatus
from skabsammen.common.tests.browser import sign_in
from skabsammen.lotteries.models import Draw, DrawStatus

from .factories import committee_with_applicants

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_draws_members_and_a_citizen_checks_the_draw(open_page, secretariat):
    body = committee_with_applicants(10)

    page = open_page()
    sign_in(page, secretariat)
    page.goto(f"/udvalg/{body.slug}/ansoegninger/")
    page.page.get_by_role("link", name="Træk medlemmer ved lodtrækning").click()
    page.check_accessibility()
    page.page.get_by_label("Antal pladser").fill("4")
    page.page.get_by_label("Uddannelse").uncheck()
    page.page.get_by_label("Bydel").uncheck()
    page.page.get_by_role("button", name="Lås puljen").click()
    page.check_accessibility()

    # Too many women: the quotas cannot be met, and the page says why in Danish.
    page.page.get_by_label("Mindst (Køn: Kvinde)").fill("5")
    page.page.get_by_label("Højst (Køn: Kvinde)").fill("5")
    page.page.get_by_role("button", name="Gem kvoterne").click()
    page.check_accessibility()
    assert "Kvoterne kan ikke opfyldes" in page.page.content()
    page.page.get_by_label("Mindst (Køn: Kvinde)").fill("2")
    page.page.get_by_label("Højst (Køn: Kvinde)").fill("2")
    page.page.get_by_role("button", name="Gem kvoterne").click()
    page.check_accessibility()
    draw = Draw.objects.get()
    assert draw.inputs_sha256 in page.page.content()

    page.page.get_by_label("Lodtrækningstal (seed)").fill("4 6 2019")
    page.page.get_by_role("button", name="Træk lod").click()
    page.check_accessibility()
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN
    assert body.applications.filter(status=ApplicationStatus.APPOINTED).count() == 4
    assert "Invitér de øvrige til en arbejdsgruppe" in page.page.content()

    citizen = open_page()
    citizen.goto("/")
    citizen.page.get_by_role("link", name="Lodtrækninger").first.click()
    citizen.check_accessibility()
    citizen.page.get_by_role("link", name=draw.purpose).click()
    citizen.check_accessibility()
    citizen.page.get_by_text("Hver rækkes chance", exact=True).click()
    text = citizen.page.content()
    assert "Disse rækker blev trukket:" in text and "4 6 2019" in text
    assert "Ansøger" not in text and "@example.dk" not in text
    with citizen.page.expect_download() as download:
        citizen.page.get_by_role("link", name="respondents.csv").click()
    assert download.value.suggested_filename.endswith("respondents.csv")
