"""The council's theme report, "Temaradar": who may do what, choosing what goes in,
freezing at publish, the page, the PDF and a bound on the page's queries."""

import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from skabsammen.citizeninput.models import CitizenInput
from skabsammen.themes import figures, reports
from skabsammen.themes.models import ReportStatus, RunStatus, Theme, ThemeReport, ThemeRun

from .conftest import CHANNELS, make_inputs

pytestmark = pytest.mark.django_db

WORDS = [
    ["cykelsti", "skole", "trafik"],
    ["legeplads", "børn", "gynger"],
    ["ældre", "ensomhed", "plejehjem"],
    ["træer", "natur", "klima"],
    ["bibliotek", "kultur", "musik"],
    ["parkering", "bil", "station"],
]
SIZES = [9, 8, 7, 6, 4, 2]


def make_run(inputs, *, words=WORDS, sizes=SIZES, finished_at=None) -> ThemeRun:
    """A finished run with themes made directly (no clustering): theme i holds the next
    `sizes[i]` texts, its quotes are all of them."""
    axis = figures.quarter_axis(item.said_at for item in inputs)
    run = ThemeRun.objects.create(
        status=RunStatus.DONE,
        progress=100,
        k=len(sizes),
        finished_at=finished_at or timezone.now(),
        summary={
            "texts": len(inputs),
            "channels": {c: sum(1 for i in inputs if i.channel == c) for c in CHANNELS},
        },
    )
    start = 0
    for number, (theme_words, size) in enumerate(zip(words, sizes, strict=True)):
        members = inputs[start : start + size]
        start += size
        own = figures.counts(((i.said_at, i.channel, i.district) for i in members), axis)
        Theme.objects.create(
            run=run,
            number=number,
            words=theme_words,
            size=size,
            own_size=size,
            quotes=[i.pk for i in members],
            own=own,
            **own,
        )
    return run


@pytest.fixture
def run(db):
    # Every other text may be quoted.
    return make_run(make_inputs(quotable=lambda i: i % 2 == 0))


@pytest.fixture
def draft(run, staff):
    return reports.theme_report_create(actor=staff, title="Temaradar forår")


@pytest.fixture
def published(draft, staff):
    return reports.theme_report_publish(actor=staff, report=draft)


# Rules -------------------------------------------------------------------------------


def _roles(citizen, staff, secretariat):
    return {"anonymous": None, "citizen": citizen, "staff": staff, "secretariat": secretariat}


@pytest.mark.parametrize("state", ["draft", "published"])
def test_every_role_in_every_state(
    state, run, client, client_for, citizen, staff, secretariat, django_capture_on_commit_callbacks
):
    report = reports.theme_report_create(actor=staff)
    if state == "published":
        reports.theme_report_publish(actor=staff, report=report)
    theme = report.items.first().theme
    for role, user in _roles(citizen, staff, secretariat).items():
        browser = client_for(user) if user else client
        is_staff = role in ("staff", "secretariat")
        page = browser.get(reverse("themes:report", args=[report.pk]))
        assert page.status_code == (200 if state == "published" or is_staff else 404), role
        listing = browser.get(reverse("themes:reports")).content.decode()
        assert (report.title in listing) == (state == "published" or is_staff), role
        edit = browser.get(reverse("themes:report_edit", args=[report.pk]))
        change = browser.post(
            reverse("themes:report_change", args=[report.pk, "tema-fjern"]), {"theme": theme.pk}
        )
        publish = browser.post(reverse("themes:report_publish", args=[report.pk]))
        create = browser.post(reverse("themes:report_create"))
        if role == "anonymous":
            assert {edit.status_code, change.status_code, publish.status_code} == {302}
            assert "/konto/" in edit["Location"]
        elif role == "citizen":
            assert edit.status_code == change.status_code == publish.status_code == 403
            assert create.status_code == 403
        else:
            assert create.status_code == 302
            if state == "published":
                assert edit.status_code == 302
                assert edit["Location"] == reverse("themes:report", args=[report.pk])
            else:
                assert edit.status_code == 200 and publish.status_code == 302
        # Nobody changed a published report; only staff changed a draft (and published it).
        removed = not report.items.filter(theme=theme).exists()
        assert removed == (state == "draft" and is_staff), role
        if removed:  # put it back, as a draft, for the next role
            report.items.create(theme=theme, position=9, quotes=[])
            ThemeReport.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT)
    assert ThemeReport.objects.count() == 3  # staff and secretariat each made one more


def test_a_published_report_cannot_be_changed(published, staff):
    theme = published.items.first().theme
    with override("da"), pytest.raises(ValidationError) as error:
        reports.theme_report_remove_theme(actor=staff, report=published, theme=theme)
    assert "Rapporten er offentliggjort og kan ikke længere ændres." in error.value.messages
    with pytest.raises(ValidationError):
        reports.theme_report_delete(actor=staff, report=published)


# Choosing what goes in -----------------------------------------------------------------


def test_a_draft_starts_with_the_five_largest_visible_themes(run, staff):
    largest = run.themes.get(number=0)
    largest.hidden = True
    largest.save()
    report = reports.theme_report_create(actor=staff)
    assert report.status == ReportStatus.DRAFT and report.run == run
    assert [i.theme.number for i in report.items.all()] == [1, 2, 3, 4, 5]
    for item in report.items.select_related("theme"):
        assert len(item.quotes) <= reports.QUOTES_DEFAULT
        assert all(q in item.theme.quotes for q in item.quotes)
    chosen = [q for i in report.items.all() for q in i.quotes]
    assert chosen
    assert set(CitizenInput.objects.filter(pk__in=chosen).values_list("quotable", flat=True)) == {
        True
    }


def test_no_report_without_themes(db, staff):
    with override("da"), pytest.raises(ValidationError) as error:
        reports.theme_report_create(actor=staff)
    assert "Der er endnu ingen temaer at lave en rapport om." in error.value.messages


def test_only_quotable_quotes_can_be_chosen(draft, staff, client_for):
    item = draft.items.select_related("theme").first()
    secret = CitizenInput.objects.filter(pk__in=item.theme.quotes, quotable=False).first()
    allowed = list(
        CitizenInput.objects.filter(pk__in=item.theme.quotes, quotable=True).values_list(
            "pk", flat=True
        )
    )
    with override("da"), pytest.raises(ValidationError) as error:
        reports.theme_report_choose_quotes(
            actor=staff, report=draft, theme=item.theme, input_ids=[allowed[0], secret.pk]
        )
    assert "Kun temaets citater, som må citeres, kan vælges." in error.value.messages
    other = CitizenInput.objects.exclude(pk__in=item.theme.quotes).filter(quotable=True).first()
    with pytest.raises(ValidationError):  # quotable, but not one of the theme's quotes
        reports.theme_report_choose_quotes(
            actor=staff, report=draft, theme=item.theme, input_ids=[other.pk]
        )
    # Through the page: a Danish message, nothing changed.
    response = client_for(staff).post(
        reverse("themes:report_change", args=[draft.pk, "citater"]),
        {"theme": item.theme.pk, "quotes": [secret.pk]},
        follow=True,
    )
    assert "Kun temaets citater, som må citeres, kan vælges." in response.content.decode()
    item.refresh_from_db()
    assert secret.pk not in item.quotes
    chosen = reports.theme_report_choose_quotes(
        actor=staff, report=draft, theme=item.theme, input_ids=[allowed[-1], allowed[0]]
    )
    assert chosen.quotes == [allowed[-1], allowed[0]]
    html = client_for(staff).get(reverse("themes:report_edit", args=[draft.pk])).content.decode()
    assert f'value="{secret.pk}"' not in html


def test_staff_order_add_and_remove_themes_and_write_topics(draft, run, staff, client_for):
    client = client_for(staff)
    edit = reverse("themes:report_edit", args=[draft.pk])

    def change(action, **data):
        return client.post(reverse("themes:report_change", args=[draft.pk, action]), data)

    first, second = (i.theme for i in draft.items.select_related("theme")[:2])
    smallest = run.themes.get(number=5)
    assert change("tema-flyt", theme=second.pk, direction="up").status_code == 302
    assert change("tema-tilfoej", theme=smallest.pk)["Location"] == edit + "#themes"
    change("tema-fjern", theme=run.themes.get(number=4).pk)
    assert [i.theme.number for i in draft.items.all()] == [1, 0, 2, 3, 5]
    change("emne-tilfoej", text="Sikre skoleveje", theme=first.pk)
    change("emne-tilfoej", text="  Fællesspisning   for ældre ", theme="")
    bad = client.post(
        reverse("themes:report_change", args=[draft.pk, "emne-tilfoej"]),
        {"text": " ", "theme": first.pk},
        follow=True,
    )
    assert "Skriv emnet." in bad.content.decode()
    assert [(t.text, t.theme_id) for t in draft.topics.all()] == [
        ("Sikre skoleveje", first.pk),
        ("Fællesspisning for ældre", None),
    ]
    response = client.post(
        reverse("themes:report_change", args=[draft.pk, "oplysninger"]),
        {"title": "", "intro": ""},
    )
    assert (
        response.status_code == 400 and "Skriv en titel til rapporten." in response.content.decode()
    )
    client.post(
        reverse("themes:report_change", args=[draft.pk, "oplysninger"]),
        {"title": "Temaradar 2025", "intro": "Til byrådets temadrøftelse."},
    )
    draft.refresh_from_db()
    assert draft.title == "Temaradar 2025" and draft.intro == "Til byrådets temadrøftelse."
    html = client.get(reverse("themes:report", args=[draft.pk])).content.decode()
    assert html.index("ældre, ensomhed") > html.index("legeplads, børn")  # the new order
    assert "Sikre skoleveje" in html and "(tema: cykelsti, skole, trafik)" in html
    assert "Til byrådets temadrøftelse." in html


def test_a_report_needs_a_theme_to_be_published(draft, staff):
    draft.items.all().delete()
    with override("da"), pytest.raises(ValidationError) as error:
        reports.theme_report_publish(actor=staff, report=draft)
    assert "Vælg mindst ét tema, før rapporten offentliggøres." in error.value.messages


# Frozen at publish -----------------------------------------------------------------------


def test_a_published_report_keeps_its_figures_after_a_new_run(published, run, client, staff):
    url = reverse("themes:report", args=[published.pk])
    before = client.get(url).content.decode()
    assert "cykelsti, skole, trafik" in before and "9 tekster" in before
    assert published.published_by == staff and published.published_at
    # The staff curate the old theme, and a new run finds other themes.
    old = run.themes.get(number=0)
    old.name = "Omdøbt bagefter"
    old.size = 1
    old.save()
    make_run(
        list(CitizenInput.objects.order_by("pk")),
        words=[["nyt", "tema"], ["andet", "tema"]],
        sizes=[20, 16],
        finished_at=timezone.now() + timedelta(hours=1),
    )
    assert ThemeRun.objects.current() != run
    after = client.get(url).content.decode()
    assert "Omdøbt bagefter" not in after and "nyt, tema" not in after
    assert "cykelsti, skole, trafik" in after and "9 tekster" in after
    published.refresh_from_db()
    assert published.content["themes"][0]["size"] == 9
    assert after.count("<blockquote") == before.count("<blockquote") > 0


# The page and the PDF ---------------------------------------------------------------------


def test_the_report_states_what_it_rests_on(published, client):
    html = client.get(reverse("themes:report", args=[published.pk])).content.decode()
    assert (
        "Rapporten bygger på 36 tekster fra disse kanaler: "
        "På biblioteket (9), Personlig invitation (9), I telefonen (9), Digitalt (9)."
    ) in html
    assert "De 5 temaer i rapporten rummer 34 af teksterne." in html
    assert html.count('role="img" aria-labelledby="growth-') == 5
    assert html.count('role="img" aria-labelledby="split-') == 5
    assert html.count('<th scope="row">') > 10
    assert "<caption>Tekster pr. kvartal i “cykelsti, skole, trafik”</caption>" in html


def test_a_draft_is_private_and_a_published_report_is_public(draft, client, client_for, staff):
    response = client_for(staff).get(reverse("themes:report", args=[draft.pk]))
    assert "private" in response["Cache-Control"]
    assert "Forhåndsvisning af et udkast" in response.content.decode()
    reports.theme_report_publish(actor=staff, report=draft)
    response = client.get(reverse("themes:report", args=[draft.pk]))
    assert response.status_code == 200 and "Forhåndsvisning" not in response.content.decode()


def _pdf_text(content: bytes, tmp_path) -> str:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_pdf_holds_the_themes_and_their_counts(draft, staff, client, client_for, tmp_path):
    reports.theme_report_add_topic(
        actor=staff, report=draft, text="Sikre skoleveje", theme=draft.items.first().theme
    )
    response = client_for(staff).get(reverse("themes:report_pdf", args=[draft.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    today = timezone.localdate()
    assert f'filename="temaradar-{today:%Y-%m-%d}-udkast.pdf"' in response["Content-Disposition"]
    assert "UDKAST" in _pdf_text(response.content, tmp_path)

    reports.theme_report_publish(actor=staff, report=draft)
    response = client.get(reverse("themes:report_pdf", args=[draft.pk]))
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert f'filename="temaradar-{today:%Y-%m-%d}.pdf"' in response["Content-Disposition"]
    text = " ".join(_pdf_text(response.content, tmp_path).split())
    assert "Rapporten bygger på 36 tekster" in text
    for words, size in zip(WORDS[:5], SIZES[:5], strict=True):
        assert ", ".join(words) in text
        assert f"{size} tekster" in text
    assert "Sikre skoleveje" in text and "UDKAST" not in text


def test_the_page_asks_a_bounded_number_of_queries(
    draft, staff, client, client_for, django_assert_max_num_queries
):
    staff_client = client_for(staff)
    for url in ("themes:report", "themes:report_edit"):
        with django_assert_max_num_queries(12):
            assert staff_client.get(reverse(url, args=[draft.pk])).status_code == 200
    reports.theme_report_publish(actor=staff, report=draft)
    with django_assert_max_num_queries(3):
        assert client.get(reverse("themes:report", args=[draft.pk])).status_code == 200


# Personal data ---------------------------------------------------------------------------


def test_a_theme_no_quotable_text_speaks_for_is_never_published(run, staff, client):
    """Its words come from texts that may not be quoted: staff see it, the report not."""
    silent = run.themes.get(number=1)
    CitizenInput.objects.filter(pk__in=silent.quotes).update(quotable=False)
    draft = reports.theme_report_create(actor=staff)
    assert silent.pk not in [i.theme_id for i in draft.items.all()]
    assert [i.theme.number for i in draft.items.all()] == [0, 2, 3, 4, 5]
    with pytest.raises(ValidationError):
        reports.theme_report_add_theme(actor=staff, report=draft, theme=silent)
    # A theme that falls silent after it was added is left out when publishing.
    loud = draft.items.get(theme__number=2).theme
    CitizenInput.objects.filter(pk__in=loud.quotes).update(quotable=False)
    published = reports.theme_report_publish(actor=staff, report=draft)
    assert [t["label"] for t in published.content["themes"]] == [
        ", ".join(WORDS[n]) for n in (0, 3, 4, 5)
    ]
    html = client.get(reverse("themes:report", args=[published.pk])).content.decode()
    assert "legeplads, børn" not in html and "ældre, ensomhed" not in html


def test_a_quote_withdrawn_after_publishing_leaves_the_published_report(published, client):
    url = reverse("themes:report", args=[published.pk])
    quoted = published.content["themes"][0]["quote_ids"]
    text = CitizenInput.objects.get(pk=quoted[0]).text
    assert text in client.get(url).content.decode()
    CitizenInput.objects.filter(pk=quoted[0]).update(quotable=False)
    html = client.get(url).content.decode()
    assert text not in html and "9 tekster" in html
