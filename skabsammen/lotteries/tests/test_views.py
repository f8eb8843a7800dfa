"""The public pages, the downloads and the API never show a name or an e-mail address; the
secretariat's pages refuse everyone else; bad input gets a Danish message; queries are
bounded."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from skabsammen.lotteries.models import Draw, DrawStatus

from .factories import pool, prepared

pytestmark = pytest.mark.django_db

SECRETS = ("Hemmelig", "hemmelig", "@example.dk", "Vej ")


def assert_anonymous(text: str):
    for secret in SECRETS:
        assert secret not in text


def public_texts(client, draw) -> list[str]:
    urls = [
        reverse("lotteries:list"),
        draw.get_absolute_url(),
        reverse("lotteries:categories", args=[draw.pk]),
        reverse("lotteries:respondents", args=[draw.pk]),
        f"/api/v1/lotteries/{draw.pk}",
        "/api/v1/lotteries",
    ]
    if draw.is_drawn:
        urls.append(reverse("lotteries:result", args=[draw.pk]))
    texts = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(response.content.decode())
    return texts


def test_no_name_email_or_household_is_ever_public(secretariat, run, client):
    draw = prepared(secretariat, household_rule=True)
    for text in public_texts(client, draw):
        assert_anonymous(text)
    draw = run(draw, secretariat)
    assert draw.is_drawn
    for text in public_texts(client, draw):
        assert_anonymous(text)


def test_the_public_page_explains_the_draw_in_plain_danish(secretariat, run, client):
    draw = run(prepared(secretariat), secretariat, seed="7 13 21")
    page = client.get(draw.get_absolute_url()).content.decode()
    assert "Vi trækker 4 personer fra en pulje på 12." in page
    assert "LEXIMIN" in page and "den laveste chance så høj som muligt" in page
    assert draw.inputs_sha256 in page and "7 13 21" in page
    assert "Kør lodtrækningen selv" in page
    assert "python -m skabsammen.sortition select" in page
    assert "Disse rækker blev trukket:" in page
    low = min(e.probability for e in draw.entries.all()) * 100
    assert f"{low:.1f}".replace(".", ",") in page
    assert "mulige grupper" in page or "mulig gruppe" in page
    assert "Til sekretariatet" not in page


def test_a_failed_draw_shows_the_danish_message(secretariat, client):
    draw = prepared(secretariat)
    Draw.objects.filter(pk=draw.pk).update(
        status=DrawStatus.FAILED, failure="Kvoterne kan ikke opfyldes.\n- Køn=Kvinde: mindst 4"
    )
    page = client.get(draw.get_absolute_url()).content.decode()
    assert "Lodtrækningen kunne ikke gennemføres" in page
    assert "Kvoterne kan ikke opfyldes.<br>- Køn=Kvinde: mindst 4" in page
    assert "Ingen er trukket" in page


def test_public_pages_have_bounded_queries(secretariat, run, client, django_assert_max_num_queries):
    for _ in range(3):
        run(prepared(secretariat, n=30, k=4), secretariat)
    draw = Draw.objects.first()
    for url in (
        reverse("lotteries:list"),
        draw.get_absolute_url(),
        reverse("lotteries:respondents", args=[draw.pk]),
        "/api/v1/lotteries",
        f"/api/v1/lotteries/{draw.pk}",
    ):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200


def test_the_status_poll_reloads_the_page_when_the_draw_is_done(secretariat, client):
    draw = prepared(secretariat)
    Draw.objects.filter(pk=draw.pk).update(status=DrawStatus.DRAWING)
    response = client.get(reverse("lotteries:status", args=[draw.pk]))
    assert response.status_code == 200 and "Lodtrækningen er i gang" in response.content.decode()
    Draw.objects.filter(pk=draw.pk).update(status=DrawStatus.DRAWN)
    response = client.get(reverse("lotteries:status", args=[draw.pk]))
    assert response.status_code == 204 and response["HX-Refresh"] == "true"


@pytest.mark.parametrize("who", ["anonymous", "citizen", "staff"])
def test_only_the_secretariat_may_change_or_run(who, secretariat, citizen, staff, client_for):
    draw = prepared(secretariat)
    client = client_for(citizen if who == "citizen" else staff) if who != "anonymous" else None
    from django.test import Client

    client = client or Client()
    urls = [
        ("get", reverse("lotteries:quotas", args=[draw.pk])),
        ("post", reverse("lotteries:quotas", args=[draw.pk])),
        ("post", reverse("lotteries:run", args=[draw.pk])),
        ("post", reverse("lotteries:resume", args=[draw.pk])),
        ("get", reverse("lotteries:committee", args=["any"])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, {"seed": "1"} if method == "post" else None)
        expected = 302 if who == "anonymous" else 403
        assert response.status_code == expected, url
    draw.refresh_from_db()
    assert draw.status == DrawStatus.PREPARED and draw.seed == ""
    page = client.get(draw.get_absolute_url()).content.decode()
    assert "Træk lod" not in page


def test_the_run_form_requires_a_seed(secretariat, client_for):
    draw = prepared(secretariat)
    client = client_for(secretariat)
    response = client.post(reverse("lotteries:run", args=[draw.pk]), {"seed": "  "})
    assert response.status_code == 400
    assert "Skriv lodtrækningstallet" in response.content.decode()
    draw.refresh_from_db()
    assert draw.status == DrawStatus.PREPARED


def test_the_run_form_starts_the_draw(secretariat, client_for, django_capture_on_commit_callbacks):
    draw = prepared(secretariat)
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("lotteries:run", args=[draw.pk]), {"seed": "555"})
    assert response.status_code == 302
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN and draw.seed == "555"
    response = client.post(reverse("lotteries:run", args=[draw.pk]), {"seed": "556"})
    assert response.status_code == 400
    assert "Lodtrækningen er allerede foretaget." in response.content.decode()


def quota_data(draw, **changes) -> dict:
    data = {"k": draw.k, "algorithm": draw.algorithm}
    for i, (_c, _v, low, high) in enumerate(draw.quotas):
        data[f"min_{i}"], data[f"max_{i}"] = low, high
    return data | changes


def test_the_quota_form_saves_and_refuses_in_danish(secretariat, client_for):
    draw = prepared(secretariat)
    client = client_for(secretariat)
    url = reverse("lotteries:quotas", args=[draw.pk])
    page = client.get(url).content.decode()
    assert "Mindst (Køn: Kvinde)" in page

    response = client.post(url, quota_data(draw, min_0=3, max_0=2))
    assert response.status_code == 400
    assert "Skal være mindst lige så stort som “mindst”." in response.content.decode()

    response = client.post(url, quota_data(draw, min_0=4, max_0=4))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Kvoterne kan ikke opfyldes" in text and "Den mindste lempelse" in text

    response = client.post(url, quota_data(draw, k=13))
    assert response.status_code == 400
    assert "Træk 12 eller færre." in response.content.decode()
    draw.refresh_from_db()
    assert draw.quotas[0] == ["Køn", "Kvinde", 2, 2] and draw.k == 4

    old = draw.inputs_sha256
    response = client.post(url, quota_data(draw, min_2=0))
    assert response.status_code == 302
    draw.refresh_from_db()
    assert draw.quotas[2] == ["Alder", "Ung", 0, 4] and draw.inputs_sha256 != old


def test_the_api_lists_draws_without_names(secretariat, run, client):
    draw = run(prepared(secretariat, pool=pool(12)), secretariat)
    listing = client.get("/api/v1/lotteries").json()
    assert listing[0]["id"] == draw.pk and listing[0]["status"] == "drawn"
    detail = client.get(f"/api/v1/lotteries/{draw.pk}").json()
    assert detail["inputs_sha256"] == draw.inputs_sha256 and detail["seed"] == "42"
    assert sorted(detail["panel"]) == sorted(draw.result["panel"])
    assert detail["quotas"][0] == {"category": "Køn", "value": "Kvinde", "min": 2, "max": 2}
    assert len(detail["probabilities"]) == 12
    assert detail["downloads"]["respondents"].endswith(f"/lodtraekninger/{draw.pk}/respondents.csv")
    assert client.get("/api/v1/lotteries/999999").status_code == 404


def test_only_a_committee_draw_offers_to_invite_the_rest(secretariat, run, client_for):
    from skabsammen.committees.tests.factories import BodyFactory

    draw = run(prepared(secretariat, body=BodyFactory(name="Borgerpanelet")), secretariat)
    page = client_for(secretariat).get(draw.get_absolute_url()).content.decode()
    assert "Borgerpanelet" in page and draw.is_drawn
    assert "arbejdsgruppe" not in page and "udpeget" not in page


def test_the_list_shows_every_draw_page_by_page(secretariat, client):
    draw = prepared(secretariat)
    Draw.objects.bulk_create(
        Draw(purpose=f"Panel {i}", k=2, pool_size=4, inputs_sha256="0" * 64) for i in range(50)
    )
    page = client.get(reverse("lotteries:list")).content.decode()
    assert "Panel 49" in page and draw.purpose not in page
    page = client.get(reverse("lotteries:list"), {"page": 2}).content.decode()
    assert draw.purpose in page and "Panel 49" not in page


def stalled(draw):
    """The draw's task was queued long ago and never finished (its worker died)."""
    long_ago = timezone.now() - timedelta(seconds=settings.LOTTERY_DRAW_LEASE_SECONDS + 1)
    Draw.objects.filter(pk=draw.pk).update(
        status=DrawStatus.DRAWING, seed="17", drawing_started_at=long_ago
    )


def test_a_stalled_draw_says_so_and_the_secretariat_runs_it_again(
    secretariat, client_for, client, django_capture_on_commit_callbacks
):
    draw = prepared(secretariat)
    Draw.objects.filter(pk=draw.pk).update(
        status=DrawStatus.DRAWING, seed="17", drawing_started_at=timezone.now()
    )
    page = client_for(secretariat).get(draw.get_absolute_url()).content.decode()
    assert "Lodtrækningen er i gang" in page and "Kør lodtrækningen igen" not in page
    stalled(draw)
    public = client.get(reverse("lotteries:status", args=[draw.pk])).content.decode()
    assert "gået i stå" in public and "kan ikke ændre, hvem der bliver trukket" in public
    assert "Kør lodtrækningen igen" not in public and "hx-trigger" not in public
    page = client_for(secretariat).get(draw.get_absolute_url()).content.decode()
    assert "Kør lodtrækningen igen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretariat).post(reverse("lotteries:resume", args=[draw.pk]))
    assert response.status_code == 302
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN and draw.seed == "17"


def test_running_a_fresh_draw_again_is_refused_in_danish(secretariat, client_for):
    draw = prepared(secretariat)
    Draw.objects.filter(pk=draw.pk).update(
        status=DrawStatus.DRAWING, seed="17", drawing_started_at=timezone.now()
    )
    response = client_for(secretariat).post(
        reverse("lotteries:resume", args=[draw.pk]), follow=True
    )
    assert "Lodtrækningen kører måske stadig." in response.content.decode()
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWING
