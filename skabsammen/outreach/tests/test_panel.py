"""The volunteers form the pool of a fair draw; the drawn become members of the body."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from skabsammen.committees.models import Membership
from skabsammen.committees.tests.factories import BodyFactory
from skabsammen.lotteries.models import Draw, DrawEntry, DrawStatus
from skabsammen.lotteries.services import draw_run
from skabsammen.mail.models import Email
from skabsammen.outreach.services import panel
from skabsammen.outreach.services.closing import campaign_close, panel_pending

from .factories import AnswerFactory, CampaignFactory, InvitationFactory

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("Anna", "woman", "18_24", "Hellerup", "vocational"),
    ("Bo", "man", "45_54", "Vangede", ""),
    ("Cecilie", "woman", "75_plus", "Vangede", "long_higher"),
    ("Dan", "man", "18_24", "Hellerup", ""),
]


@pytest.fixture
def campaign():
    campaign = CampaignFactory(body=BodyFactory(name="Borgerpanelet om trafik"))
    for name, gender, age_band, district, education in PEOPLE:
        AnswerFactory(
            invitation=InvitationFactory(
                campaign=campaign,
                gender=gender,
                age_band=age_band,
                district=district,
                person__household=f"{name.lower()}vej 1|2900",
            ),
            wants_assembly=True,
            name=f"{name} Frivillig",
            email=f"{name.lower()}@example.dk",
            education=education,
        )
    AnswerFactory(invitation=InvitationFactory(campaign=campaign), text="Ikke frivillig")
    return campaign


def test_the_pool_holds_the_volunteers_with_their_features(campaign):
    pool, categories = panel.panel_pool(campaign)
    assert categories == ["Køn", "Aldersgruppe", "Bydel", "Uddannelse"]
    assert [m.name for m in pool] == [f"{p[0]} Frivillig" for p in PEOPLE]
    anna, bo = pool[0], pool[1]
    assert anna.key.startswith("outreach.answer:")
    assert anna.features == {
        "Køn": "Kvinde",
        "Aldersgruppe": "18–24",
        "Bydel": "Hellerup",
        "Uddannelse": "Erhvervsuddannelse",
    }
    assert bo.features["Uddannelse"] == "Ikke oplyst"
    assert len(anna.household) == 32 and "vej" not in anna.household  # hashed
    assert len({m.household for m in pool}) == 4


def test_the_drawn_become_members_and_everyone_is_told(
    client_for, secretariat, campaign, django_capture_on_commit_callbacks
):
    client = client_for(secretariat)
    url = reverse("outreach:panel_draw", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert "4 borgere har sagt ja til Borgerpanelet om trafik." in page
    assert panel_pending(campaign)
    response = client.post(url, {"size": "2"})
    draw = Draw.objects.get()
    assert response["Location"] == draw.get_absolute_url()
    assert draw.body == campaign.body and draw.k == 2 and draw.pool_size == 4
    with django_capture_on_commit_callbacks(execute=True):
        draw_run(actor=secretariat, draw=draw, seed="17 42 3")
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN, draw.failure
    drawn = {e.name for e in DrawEntry.objects.filter(draw=draw, selected=True)}
    assert len(drawn) == 2
    members = set(Membership.objects.filter(body=campaign.body).values_list("name", flat=True))
    assert members == drawn
    selected = Email.objects.filter(kind="outreach_panel_selected")
    not_selected = Email.objects.filter(kind="outreach_panel_not_selected")
    assert selected.count() == 2 and not_selected.count() == 2
    assert "Du er trukket ud til Borgerpanelet om trafik" in selected.first().subject
    assert "denne gang blev du ikke trukket ud" in not_selected.first().body
    assert not panel_pending(campaign)
    # Closing afterwards blanks the volunteers in the draw's pool; the members stay.
    campaign_close(actor=secretariat, campaign=campaign)
    assert not DrawEntry.objects.exclude(name="", email="").exists()
    assert Membership.objects.filter(body=campaign.body).count() == 2


def test_a_draw_is_refused_after_close(
    secretariat, campaign, client_for, django_capture_on_commit_callbacks
):
    draw = panel.panel_draw_prepare(actor=secretariat, campaign=campaign, k=2)
    campaign_close(actor=secretariat, campaign=campaign)
    with pytest.raises(ValidationError):
        panel.panel_draw_prepare(actor=secretariat, campaign=campaign, k=2)
    response = client_for(secretariat).post(
        reverse("outreach:panel_draw", args=[campaign.pk]), {"size": "2"}
    )
    assert response.status_code == 400
    assert "Henvendelsen er lukket, og de frivilliges kontaktoplysninger er slettet." in (
        response.content.decode()
    )
    # A draw prepared before closing fails instead of making members without names.
    with django_capture_on_commit_callbacks(execute=True):
        draw_run(actor=secretariat, draw=draw, seed="5")
    draw.refresh_from_db()
    assert draw.status == DrawStatus.FAILED
    assert "Ingen er gjort til medlem" in draw.failure
    assert not Membership.objects.exists()


def test_the_size_must_fit_the_pool(client_for, secretariat, campaign):
    response = client_for(secretariat).post(
        reverse("outreach:panel_draw", args=[campaign.pk]), {"size": "9"}
    )
    assert response.status_code == 400
    assert "puljen har kun 4" in response.content.decode()
    assert not Draw.objects.exists()


def test_no_body_no_draw(client_for, secretariat):
    campaign = CampaignFactory()
    page = client_for(secretariat).get(reverse("outreach:panel_draw", args=[campaign.pk]))
    assert "Henvendelsen nævner ikke et borgerpanel eller udvalg" in page.content.decode()
