"""Drawing the sample: proportional strata, one per household, a reproducible record,
one invitation per person, and every refusal with nothing created."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from skabsammen.outreach.models import CampaignStatus, Channel, Invitation, RegisterPerson
from skabsammen.outreach.services import sample
from skabsammen.outreach.services.sample import CODE_ALPHABET, sample_draw, unique_codes

from .factories import CampaignFactory, InvitationFactory, RegisterPersonFactory

pytestmark = pytest.mark.django_db


def register(campaign, *, districts: dict[str, int], same_house_every: int = 0):
    """Make a register: `districts` people per district, alternating gender and ages."""
    bands = ["18_24", "35_44", "55_64", "75_plus"]
    people, n = [], 0
    for district, count in districts.items():
        for i in range(count):
            house = n // same_house_every if same_house_every else n
            people.append(
                RegisterPersonFactory.build(
                    campaign=campaign,
                    row=n + 2,
                    external_id=f"P{n:05d}",
                    district=district,
                    gender="woman" if i % 2 else "man",
                    age_band=bands[i % 4],
                    email=f"p{n}@example.dk" if i % 3 else "",
                    household=f"vej {house}|2900",
                )
            )
            n += 1
    RegisterPerson.objects.bulk_create(people)
    campaign.register_rows = n
    campaign.register_report = {"households": len({p.household for p in people})}
    campaign.save()
    return people


@pytest.fixture
def campaign():
    return CampaignFactory(status=CampaignStatus.DRAFT, population={}, sent_at=None)


def draw(actor, campaign, **kwargs):
    options = {"size": 100, "strata": ["district", "gender"], "seed": "2026", **kwargs}
    return sample_draw(actor=actor, campaign=campaign, **options)


def test_the_sample_follows_the_register_per_stratum(secretariat, campaign):
    register(campaign, districts={"Hellerup": 600, "Vangede": 300, "Dyssegård": 100})
    draw(secretariat, campaign, size=100)
    invitations = Invitation.objects.filter(campaign=campaign)
    assert invitations.count() == 100
    by_district = Counter(invitations.values_list("district", flat=True))
    assert by_district == {"Hellerup": 60, "Vangede": 30, "Dyssegård": 10}
    by_gender = Counter(invitations.values_list("gender", flat=True))
    assert by_gender == {"man": 50, "woman": 50}
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SAMPLED and campaign.sample_size == 100
    record = campaign.sample_record
    assert record["record"]["seed"] == 2026 and len(record["record"]["inputs_sha256"]) == 64
    assert sum(s["allocated"] for s in record["strata"]) == 100
    assert {tuple(s["values"]) for s in record["strata"]} >= {("Hellerup", "man")}


def test_each_invitation_has_a_channel_a_token_and_a_code(secretariat, campaign):
    register(campaign, districts={"Hellerup": 300})
    draw(secretariat, campaign, size=90)
    for invitation in Invitation.objects.select_related("person"):
        expected = Channel.EMAIL if invitation.person.email else Channel.LETTER
        assert invitation.channel == expected
        assert len(invitation.token) >= 32
        assert len(invitation.code) == 8 and set(invitation.code) <= set(CODE_ALPHABET)
        assert not set(invitation.code) & set("0O1IL")
        assert (invitation.district, invitation.gender, invitation.age_band) == (
            invitation.person.district,
            invitation.person.gender,
            invitation.person.age_band,
        )
    assert len(set(Invitation.objects.values_list("code", flat=True))) == 90
    assert len(set(Invitation.objects.values_list("token", flat=True))) == 90
    channels = Counter(Invitation.objects.values_list("channel", flat=True))
    assert channels[Channel.EMAIL] and channels[Channel.LETTER]


def test_same_seed_same_sample(secretariat):
    chosen = []
    for _ in range(2):
        campaign = CampaignFactory(status=CampaignStatus.DRAFT)
        register(campaign, districts={"Hellerup": 200, "Vangede": 100})
        draw(secretariat, campaign, size=30, seed="offentliggjort 42")
        chosen.append(sorted(campaign.invitations.values_list("person__external_id", flat=True)))
    assert chosen[0] == chosen[1]


def test_at_most_one_per_household(secretariat, campaign):
    register(campaign, districts={"Hellerup": 400}, same_house_every=2)
    draw(secretariat, campaign, size=150, strata=["gender"])
    houses = campaign.invitations.values_list("person__household", flat=True)
    assert len(houses) == len(set(houses)) == 150


def test_a_sample_larger_than_the_register_is_refused(secretariat, campaign):
    register(campaign, districts={"Hellerup": 50})
    with pytest.raises(ValidationError) as caught:
        draw(secretariat, campaign, size=51)
    assert "50" in str(caught.value) and "51" in str(caught.value)
    assert not Invitation.objects.exists()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


def test_more_than_the_households_is_refused(secretariat, campaign):
    register(campaign, districts={"Hellerup": 40}, same_house_every=4)
    with pytest.raises(ValidationError) as caught:
        draw(secretariat, campaign, size=11)
    assert "10" in str(caught.value)
    assert not Invitation.objects.exists()


def test_drawing_twice_is_refused(secretariat, campaign):
    register(campaign, districts={"Hellerup": 100})
    draw(secretariat, campaign, size=10)
    with pytest.raises(ValidationError) as caught:
        draw(secretariat, campaign, size=10, seed="another")
    assert caught.value.code == "already_drawn"
    assert Invitation.objects.count() == 10


def test_no_strata_and_no_household_rule(secretariat, campaign):
    register(campaign, districts={"Hellerup": 30})
    draw(secretariat, campaign, size=5, strata=[], one_per_household=False)
    assert Invitation.objects.count() == 5


def test_the_page_refuses_in_danish_and_shows_the_record(client_for, secretariat, campaign):
    register(campaign, districts={"Hellerup": 20})
    client = client_for(secretariat)
    url = reverse("outreach:sample_draw", args=[campaign.pk])
    response = client.post(url, {"size": 21, "strata": ["district"], "seed": "7"})
    assert response.status_code == 400
    assert "større end registret" in response.content.decode()
    assert not Invitation.objects.exists()
    response = client.post(
        url, {"size": 5, "strata": ["district"], "seed": "7", "one_per_household": "on"}
    )
    assert response.status_code == 302
    page = client.get(reverse("outreach:detail", args=[campaign.pk])).content.decode()
    campaign.refresh_from_db()
    assert campaign.sample_record["record"]["inputs_sha256"] in page
    response = client.post(url, {"size": 5, "strata": ["district"], "seed": "8"})
    assert response.status_code == 400
    assert "allerede" in response.content.decode()
    assert Invitation.objects.count() == 5


def test_new_codes_never_repeat_one_in_use(monkeypatch):
    """Codes already given out, and codes drawn twice, are drawn again."""
    taken = [f"TAKEN{n:03d}" for n in range(1200)]
    for code in taken[::100]:
        InvitationFactory(code=code)
    fresh = iter(f"FRESH{n:03d}" for n in range(1000))
    first_round = iter(taken + ["DOUBLE00"] * 5)

    def new_code():
        return next(first_round, None) or next(fresh)

    monkeypatch.setattr(sample, "new_code", new_code)
    codes = unique_codes(1210)
    assert len(codes) == len(set(codes)) == 1210
    assert not set(codes) & set(taken[::100])
