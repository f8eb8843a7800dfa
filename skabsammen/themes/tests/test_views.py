"""The themes page: staff only, progress while a run works, curation, bounded queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from skabsammen.citizeninput.models import CitizenInput
from skabsammen.themes import services
from skabsammen.themes.models import Assignment, RunStatus, ThemeRun

from .conftest import TEXTS, make_inputs

pytestmark = pytest.mark.django_db
PAGE = "/temaer/"


def test_the_page_is_for_staff(client, client_for, citizen, staff, secretariat):
    assert reverse("themes:page") == PAGE
    response = client.get(PAGE)
    assert response.status_code == 302 and "/konto/" in response["Location"]
    assert client_for(citizen).get(PAGE).status_code == 403
    assert client_for(citizen).post(reverse("themes:run")).status_code == 403
    assert client_for(staff).get(PAGE).status_code == 200
    assert client_for(secretariat).get(PAGE).status_code == 200
    assert not ThemeRun.objects.exists()


def test_staff_start_a_run_and_read_the_themes(
    inputs, client_for, staff, django_capture_on_commit_callbacks
):
    client = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("themes:run"), {"k": "4"})
    assert response.status_code == 302
    run = ThemeRun.objects.get()
    assert run.status == RunStatus.DONE and run.by == staff
    html = client.get(PAGE).content.decode()
    assert "36 tekster i 4 temaer" in html
    for theme in run.themes.all():
        assert theme.label in html
    assert "Tekster pr. kvartal" in html and "<svg" in html
    assert "Kanal: Bibliotek" in html or "Kanal: På biblioteket" in html


def test_a_bad_number_of_themes_gets_a_danish_message(inputs, client_for, staff):
    response = client_for(staff).post(reverse("themes:run"), {"k": "99"})
    assert response.status_code == 400
    assert "højst 40" in response.content.decode()
    assert not ThemeRun.objects.exists()


def test_the_progress_is_polled_while_a_run_works(inputs, client_for, staff):
    client = client_for(staff)
    run = services.theme_run_start(actor=staff)  # the task waits for the commit
    ThemeRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, progress=45, message="clustering"
    )
    html = client.get(PAGE).content.decode()
    assert 'hx-get="/temaer/status/"' in html and 'value="45"' in html
    assert 'http-equiv="refresh"' not in html
    assert "Find temaer</button>" not in html  # no second run while one works
    poll = client.get(reverse("themes:status"))
    assert poll.status_code == 200 and "Grupperer teksterne i temaer" in poll.content.decode()
    ThemeRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE)
    done = client.get(reverse("themes:status"))
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_a_failed_run_shows_its_reason_beside_the_last_good_themes(
    inputs, client_for, staff, run_themes
):
    good = run_themes(staff, k=4)
    ThemeRun.objects.create(status=RunStatus.FAILED, failure="Computeren løb tør for hukommelse.")
    html = client_for(staff).get(PAGE).content.decode()
    assert "Computeren løb tør for hukommelse." in html
    assert good.themes.first().label in html


def test_curation_through_the_page(inputs, client_for, staff, run_themes, citizen):
    run = run_themes(staff, k=4)
    first, second, third, _ = run.themes.order_by("number")
    client = client_for(staff)
    assert (
        client_for(citizen)
        .post(reverse("themes:rename", args=[first.pk]), {"name": "Nej"})
        .status_code
        == 403
    )
    response = client.post(reverse("themes:rename", args=[first.pk]), {"name": "Trafik"})
    assert response.status_code == 302 and response["Location"].endswith(f"#theme-{first.pk}")
    client.post(reverse("themes:hide", args=[second.pk]), {"hidden": "1"})
    client.post(reverse("themes:merge", args=[third.pk]), {"into": str(first.pk)})
    quote = first.quotes[-1]
    client.post(reverse("themes:pin", args=[first.pk]), {"input": str(quote)})
    first.refresh_from_db()
    assert first.name == "Trafik" and first.pinned == [quote]
    assert first.size == first.own_size + third.size
    html = client.get(PAGE).content.decode()
    assert "Skjulte temaer" in html and "Fastgjort" in html
    client.post(reverse("themes:hide", args=[second.pk]), {"hidden": "0"})
    second.refresh_from_db()
    assert not second.hidden
    bad = client.post(reverse("themes:pin", args=[first.pk]), {"input": "x"}, follow=True)
    assert "Vælg et citat." in bad.content.decode()


def test_texts_that_may_not_be_quoted_never_show(db, client_for, staff, run_themes):
    inputs = make_inputs(quotable=lambda i: i % 2 == 0)
    run_themes(staff, k=4)
    html = client_for(staff).get(PAGE).content.decode()
    secret = [item.text for item in inputs if not item.quotable]
    assert not [text for text in secret if f"“{text}”" in html]
    assert any(f"“{item.text}”" in html for item in inputs if item.quotable)


def test_the_page_asks_the_same_number_of_queries_for_more_texts(
    db, client_for, staff, run_themes, django_assert_max_num_queries
):
    client = client_for(staff)
    make_inputs()
    run_themes(staff, k=4)
    with django_assert_max_num_queries(10):
        assert client.get(PAGE).status_code == 200
    make_inputs([f"{text} igen" for text in TEXTS * 3], prefix="more")
    CitizenInput.objects.filter(key__startswith="more").update(quotable=True)
    run_themes(staff, k=8)
    with django_assert_max_num_queries(10):
        assert client.get(PAGE).status_code == 200


def test_staff_start_a_stalled_run_again_from_the_page(
    inputs, client_for, staff, citizen, django_capture_on_commit_callbacks
):
    client = client_for(staff)
    run = services.theme_run_start(actor=staff, k=4)
    ThemeRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    assert "Start kørslen igen" not in client.get(PAGE).content.decode()
    ThemeRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(hours=1))

    html = client.get(PAGE).content.decode()
    restart = reverse("themes:restart", args=[run.pk])
    assert "Kørslen ser ud til at være stoppet" in html and f'action="{restart}"' in html
    assert "Start kørslen igen" in client.get(reverse("themes:status")).content.decode()
    assert client_for(citizen).post(restart).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(restart, follow=True)
    assert "Kørslen er startet igen" in response.content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert ThemeRun.objects.current().k_requested == 4
    again = client.post(restart, follow=True).content.decode()
    assert "Kørslen kører ikke længere." in again


def test_staff_split_a_theme_from_the_page(inputs, client_for, staff, run_themes, citizen):
    run = run_themes(staff, k=4)
    theme = run.themes.get(number=0)
    client = client_for(staff)
    assert "Del temaet i to" in client.get(PAGE).content.decode()
    split = reverse("themes:split", args=[theme.pk])
    assert client_for(citizen).post(split).status_code == 403

    response = client.post(split, follow=True)

    html = response.content.decode()
    first, second = run.themes.filter(number__in=[4, 5]).order_by("number")
    assert "Temaet er delt i to" in html and first.label in html and second.label in html
    assert f'id="theme-{theme.pk}"' not in html
    small = run.themes.order_by("size").first()
    Assignment.objects.filter(theme=small).exclude(
        pk__in=list(small.assignments.values_list("pk", flat=True)[:3])
    ).delete()
    refused = client.post(reverse("themes:split", args=[small.pk]), follow=True)
    assert "færre end 4 tekster kan ikke deles" in refused.content.decode()
