"""The results page: response rates by stratum, respondents against the population."""

import pytest
from django.urls import reverse

from skabsammen.committees.tests.factories import BodyFactory
from skabsammen.outreach.figures import campaign_figures

from .factories import AnswerFactory, CampaignFactory, InvitationFactory

pytestmark = pytest.mark.django_db


def make_campaign(**kwargs):
    """Four invited: two in Hellerup (one answered, a volunteer), two in Vangede (one
    answered); one invitation never went out."""
    campaign = CampaignFactory(register_rows=1000, **kwargs)
    hellerup = [InvitationFactory(campaign=campaign, district="Hellerup") for _ in range(2)]
    vangede = [
        InvitationFactory(campaign=campaign, district="Vangede", age_band="18_24", gender="man")
        for _ in range(2)
    ]
    InvitationFactory(campaign=campaign, status="failed", sent_at=None)
    AnswerFactory(
        invitation=hellerup[0],
        text="Cykelstier",
        wants_assembly=True,
        name="Ida Frivillig",
        email="ida@example.dk",
    )
    AnswerFactory(invitation=vangede[0], text="Flere bænke", wants_working_group=True)
    return campaign


def rows(figures, key):
    dimension = next(d for d in figures.dimensions if d.key == key)
    return {
        row.value: (row.population, row.invited, row.answered, row.response_rate)
        for row in dimension.rows
    }


def test_figures_by_stratum_and_against_the_population():
    campaign = make_campaign()
    figures = campaign_figures(campaign)
    assert (figures.invited, figures.answered, figures.response_rate) == (4, 2, 0.5)
    assert (figures.volunteers, figures.wants_assembly, figures.wants_working_group) == (2, 1, 1)
    assert figures.population == 1000
    assert rows(figures, "district") == {
        "Hellerup": (600, 2, 1, 0.5),
        "Vangede": (400, 2, 1, 0.5),
    }
    # Every value of the population appears, answered or not, in the age bands' order.
    assert list(rows(figures, "age_band")) == ["18_24", "45_54", "75_plus"]
    assert rows(figures, "age_band")["75_plus"] == (300, 0, 0, None)
    gender = next(d for d in figures.dimensions if d.key == "gender")
    woman = next(row for row in gender.rows if row.value == "woman")
    assert (woman.label, woman.population_share, woman.respondent_share) == ("Kvinde", 0.52, 0.5)


def test_the_results_page_shows_charts_beside_tables(client_for, secretariat):
    campaign = make_campaign(body=BodyFactory(name="Borgerpanelet"))
    response = client_for(secretariat).get(reverse("outreach:results", args=[campaign.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('role="img"') == 6  # two charts for each of three strata
    assert "Svarprocent efter bydel" in content
    assert "Svarpersoner og befolkning efter aldersgruppe" in content
    assert "<caption>Inviterede, svar og befolkning efter køn</caption>" in content
    assert '<th scope="row">Hellerup</th>' in content
    assert "50 %" in content and "52 %" in content
    assert "Cykelstier" in content and "Flere bænke" in content
    assert "Ida Frivillig" not in content  # the answers are anonymous
    assert "Træk et borgerpanel blandt de frivillige" in content
    assert "Luk henvendelsen" in content


def test_the_results_are_for_the_secretariat_only(client, client_for, staff, citizen):
    campaign = make_campaign()
    url = reverse("outreach:results", args=[campaign.pk])
    assert client.get(url).status_code == 302
    assert client_for(citizen).get(url).status_code == 403
    assert client_for(staff).get(url).status_code == 403


def test_the_results_page_asks_the_same_number_of_queries_for_more_data(
    client_for, secretariat, django_assert_max_num_queries
):
    small = make_campaign()
    big = make_campaign()
    for _ in range(30):
        AnswerFactory(invitation=InvitationFactory(campaign=big, district="Ordrup"))
    client = client_for(secretariat)
    client.get(reverse("outreach:results", args=[small.pk]))  # warm the session
    with django_assert_max_num_queries(12):
        client.get(reverse("outreach:results", args=[small.pk]))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("outreach:results", args=[big.pk]))
    assert '<th scope="row">Ordrup</th>' in response.content.decode()


def test_the_campaign_summary_include(secretariat, rf):
    from django.template.loader import render_to_string

    campaign = make_campaign(body=BodyFactory())
    html = render_to_string(
        "outreach/includes/campaign_results.html", {"campaign": campaign, "request": rf.get("/")}
    )
    assert "50 %" in html
    assert reverse("outreach:results", args=[campaign.pk]) in html
    assert reverse("outreach:panel_draw", args=[campaign.pk]) in html
    assert reverse("outreach:close", args=[campaign.pk]) in html


def test_the_campaign_page_shows_the_summary(client_for, secretariat):
    campaign = make_campaign(body=BodyFactory())
    response = client_for(secretariat).get(reverse("outreach:detail", args=[campaign.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Se resultaterne" in content
    assert reverse("outreach:close", args=[campaign.pk]) in content
