"""Creating and editing a campaign, and the pages' query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from skabsammen.audit.models import AuditEvent
from skabsammen.committees.tests.factories import BodyFactory
from skabsammen.outreach.models import Campaign, CampaignStatus
from skabsammen.outreach.services.sample import sample_draw

from .factories import CampaignFactory, InvitationFactory
from .test_sample import register

pytestmark = pytest.mark.django_db

IN_THREE_WEEKS = timezone.localdate() + timedelta(days=21)


def form_data(**changes):
    return {
        "title": "Hvad skal Gentofte arbejde med?",
        "purpose": "Vi vil høre fra borgere, vi sjældent hører fra.",
        "question": "Hvad skal kommunen arbejde med?",
        "answer_until": IN_THREE_WEEKS.strftime("%d-%m-%Y"),
        "remind_after_days": "10",
        **changes,
    }


def test_create_a_campaign(client_for, secretariat):
    body = BodyFactory()
    response = client_for(secretariat).post(reverse("outreach:create"), form_data(body=body.pk))
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("outreach:detail", args=[campaign.pk])
    assert campaign.status == CampaignStatus.DRAFT and campaign.body == body
    assert campaign.answer_until == IN_THREE_WEEKS and campaign.created_by == secretariat
    assert AuditEvent.objects.filter(action="outreach.campaign_create").exists()


def test_bad_input_is_refused_in_danish(client_for, secretariat):
    yesterday = (timezone.localdate() - timedelta(days=1)).strftime("%d-%m-%Y")
    response = client_for(secretariat).post(
        reverse("outreach:create"), form_data(title="", answer_until=yesterday)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Giv henvendelsen en titel." in html
    assert not Campaign.objects.exists()


def test_texts_are_fixed_once_sent_but_the_deadline_can_move(client_for, secretariat):
    campaign = CampaignFactory(answer_until=IN_THREE_WEEKS)
    client = client_for(secretariat)
    url = reverse("outreach:edit", args=[campaign.pk])
    later = (IN_THREE_WEEKS + timedelta(days=7)).strftime("%d-%m-%Y")
    same = {
        "title": campaign.title,
        "purpose": campaign.purpose,
        "question": campaign.question,
        "answer_until": later,
    }
    response = client.post(url, form_data(**{**same, "title": "Ny titel"}))
    assert response.status_code == 400
    assert "kan ikke længere ændres" in response.content.decode()
    assert client.post(url, form_data(**same)).status_code == 302
    campaign.refresh_from_db()
    assert campaign.answer_until == IN_THREE_WEEKS + timedelta(days=7)
    assert campaign.title != "Ny titel"


def test_the_list_query_count_does_not_grow(client_for, secretariat, django_assert_max_num_queries):
    client = client_for(secretariat)
    for _ in range(3):
        InvitationFactory(campaign=CampaignFactory())
    with django_assert_max_num_queries(8):
        response = client.get(reverse("outreach:list"))
    for _ in range(20):
        InvitationFactory(campaign=CampaignFactory())
    with django_assert_max_num_queries(8):
        response = client.get(reverse("outreach:list"))
    assert response.content.decode().count("/henvendelser/") >= 23


@pytest.mark.parametrize("people", [40, 400])
def test_the_detail_query_count_does_not_grow(
    client_for, secretariat, django_assert_max_num_queries, people
):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT, answer_until=IN_THREE_WEEKS)
    register(campaign, districts={"Hellerup": people // 2, "Vangede": people // 2})
    sample_draw(
        actor=secretariat, campaign=campaign, size=people // 4, strata=["district"], seed="1"
    )
    client = client_for(secretariat)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("outreach:detail", args=[campaign.pk]))
    assert response.status_code == 200
    assert reverse("outreach:send", args=[campaign.pk]) in response.content.decode()
