"""A task committee's members drawn from its applicants: from the applications page to the
appointments and their e-mails; the rest can then be invited to a working group."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from skabsammen.committees.models import Application, ApplicationStatus, Body, Membership
from skabsammen.lotteries import committees
from skabsammen.lotteries.models import Draw, DrawStatus
from skabsammen.mail.models import Email
from skabsammen.municipality.tests.factories import DistrictFactory

from .factories import committee_with_applicants

pytestmark = pytest.mark.django_db


def prepare_through_the_pages(client, body, k=4, categories=("gender", "age_band")) -> Draw:
    page = client.get(reverse("committees:applications", args=[body.slug])).content.decode()
    assert "Træk medlemmer ved lodtrækning" in page
    url = reverse("lotteries:committee", args=[body.slug])
    page = client.get(url).content.decode()
    assert "10 åbne ansøgninger er med i puljen." in page
    response = client.post(
        url, {"purpose": f"Medlemmer af {body.name}", "k": k, "categories": list(categories)}
    )
    draw = Draw.objects.get(body=body)
    assert response["Location"] == reverse("lotteries:quotas", args=[draw.pk])
    return draw


def test_the_secretariat_draws_members_and_they_are_appointed(
    secretariat, client_for, django_capture_on_commit_callbacks
):
    body = committee_with_applicants(10)
    client = client_for(secretariat)
    draw = prepare_through_the_pages(client, body)
    assert draw.categories == ["Køn", "Aldersgruppe"]
    assert {"Kvinde", "Mand"} == {v for c, v, *_ in draw.quotas if c == "Køn"}
    entry = draw.entries.get(row=0)
    application = Application.objects.filter(body=body).order_by("created_at", "id").first()
    assert entry.key == f"committees.application:{application.pk}"
    assert entry.features == {"Køn": "Kvinde", "Aldersgruppe": "25–34"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("lotteries:run", args=[draw.pk]), {"seed": "4 juni"})
    assert response.status_code == 302
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN

    drawn = [int(e.key.split(":")[1]) for e in draw.entries.filter(selected=True)]
    appointed = Application.objects.filter(status=ApplicationStatus.APPOINTED)
    assert sorted(appointed.values_list("pk", flat=True)) == sorted(drawn)
    assert set(appointed.values_list("decided_by", flat=True)) == {"lottery"}
    assert Membership.objects.filter(body=body).count() == 4
    assert Email.objects.filter(kind="application_appointed").count() == 4
    assert Application.objects.filter(body=body, status=ApplicationStatus.APPLIED).count() == 6

    page = client.get(draw.get_absolute_url()).content.decode()
    invite = reverse("committees:applications", args=[body.slug]) + "#invite-heading"
    assert invite in page
    group = Body.objects.get(slug="cykelstier")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("committees:invite", args=[body.slug]), {"group": group.pk})
    assert Application.objects.filter(body=body, status=ApplicationStatus.INVITED).count() == 6


def test_the_features_come_from_the_application_never_the_profile(secretariat):
    body = committee_with_applicants(2)
    first, second = Application.objects.filter(body=body).order_by("id")
    # She left her answers out of the application: her profile must not fill them in,
    # since the row is published on the draw's page.
    first.applicant.district = DistrictFactory(name="Ordrup")
    first.applicant.age_band = "35_44"
    first.applicant.save()
    Application.objects.filter(pk=first.pk).update(gender="", age_band="", district=None)
    Application.objects.filter(pk=second.pk).update(district=DistrictFactory(name="Vangede"))
    pool, categories = committees.committee_pool(body, ["district", "gender", "age_band"])
    assert categories == ["Køn", "Aldersgruppe", "Bydel"]
    assert pool[0].features == {
        "Køn": "Ikke oplyst",
        "Aldersgruppe": "Ikke oplyst",
        "Bydel": "Ikke oplyst",
    }
    assert pool[1].features["Bydel"] == "Vangede"
    assert pool[1].name == "Ansøger Nummer1" and pool[1].email == "ansoeger1@example.dk"


def test_no_draw_while_applications_are_open(secretariat, client_for):
    body = committee_with_applicants(4)
    body.applications_open_until = timezone.localdate() + timedelta(days=3)
    body.save()
    client = client_for(secretariat)
    url = reverse("lotteries:committee", args=[body.slug])
    assert "Vent, til ansøgningsfristen er udløbet" in client.get(url).content.decode()
    response = client.post(url, {"purpose": "Medlemmer", "k": 2, "categories": ["gender"]})
    assert response.status_code == 400
    assert not Draw.objects.exists()


def test_k_larger_than_the_applicants_is_refused_in_danish(secretariat, client_for):
    body = committee_with_applicants(10)
    client = client_for(secretariat)
    response = client.post(
        reverse("lotteries:committee", args=[body.slug]),
        {"purpose": "Medlemmer", "k": 11, "categories": ["gender"]},
    )
    assert response.status_code == 400
    assert "Der kan ikke trækkes 11 personer: puljen har kun 10." in response.content.decode()
    assert not Draw.objects.exists()


def test_a_withdrawn_applicant_drawn_appoints_no_one(
    secretariat, client_for, django_capture_on_commit_callbacks
):
    body = committee_with_applicants(10)
    client = client_for(secretariat)
    draw = prepare_through_the_pages(client, body, k=10)  # everyone is drawn
    first = Application.objects.filter(body=body).order_by("created_at", "id").first()
    Application.objects.filter(pk=first.pk).update(status=ApplicationStatus.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("lotteries:run", args=[draw.pk]), {"seed": "1"})
    draw.refresh_from_db()
    assert draw.status == DrawStatus.FAILED
    assert "Række 0 har trukket ansøgningen tilbage" in draw.failure
    assert not Application.objects.filter(status=ApplicationStatus.APPOINTED).exists()
    assert not Membership.objects.exists() and not Email.objects.exists()
    page = client.get(draw.get_absolute_url()).content.decode()
    assert "Lodtrækningen kunne ikke gennemføres" in page


def test_the_drawn_receive_the_appointment_over_smtp(
    secretariat, smtp_inbox, django_capture_on_commit_callbacks
):
    from skabsammen.lotteries import services

    body = committee_with_applicants(6)
    pool, categories = committees.committee_pool(body, ["gender"])
    draw = services.draw_prepare(
        actor=secretariat, purpose="Medlemmer", pool=pool, categories=categories, k=2, body=body
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.draw_run(actor=secretariat, draw=draw, seed="smtp")
    drawn = Draw.objects.get().entries.filter(selected=True)
    assert len(smtp_inbox.messages) == 2
    for entry in drawn:
        [message] = smtp_inbox.to(entry.email)
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert body.name in message["Subject"] + text
        assert re.search(rf"http://testserver/udvalg/{body.slug}/", text)


def test_a_second_draw_over_the_same_applicants_appoints_no_one(
    secretariat, run, django_capture_on_commit_callbacks
):
    body = committee_with_applicants(10)
    first, second = (
        committees.committee_draw_prepare(
            actor=secretariat, body=body, purpose="Medlemmer", k=4, categories=["gender"]
        )
        for _ in range(2)
    )
    assert run(first, secretariat).status == DrawStatus.DRAWN
    second = run(second, secretariat, seed="7")
    assert second.status == DrawStatus.FAILED
    assert "Ingen er udpeget. Forbered en ny lodtrækning." in second.failure
    assert Application.objects.filter(status=ApplicationStatus.APPOINTED).count() == 4
    assert Membership.objects.filter(body=body).count() == 4


@pytest.mark.parametrize("kind", ["working_group", "open_applications"])
def test_only_a_closed_task_committee_can_be_drawn(secretariat, kind):
    body = committee_with_applicants(4)
    if kind == "working_group":
        body = Body.objects.get(slug="cykelstier")
    else:
        body.applications_open_until = timezone.localdate() + timedelta(days=3)
        body.save()
    with pytest.raises(ValidationError):
        committees.committee_draw_prepare(
            actor=secretariat, body=body, purpose="Medlemmer", k=2, categories=["gender"]
        )
    assert not Draw.objects.exists()
