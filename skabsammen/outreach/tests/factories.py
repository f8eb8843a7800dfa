"""Campaigns, register rows, invitations and answers, made directly with the models."""

import factory
from django.utils import timezone

from skabsammen.outreach.models import (
    Answer,
    Campaign,
    CampaignStatus,
    Channel,
    Invitation,
    InvitationStatus,
    RegisterPerson,
)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Hvad skal Gentofte arbejde med? {n}")
    purpose = "Vi vil gerne høre fra borgere, vi sjældent hører fra."
    question = "Hvad skal kommunen arbejde med de næste år?"
    status = CampaignStatus.SENT
    remind_after_days = 10
    population = factory.LazyFunction(
        lambda: {
            "district": {"Hellerup": 600, "Vangede": 400},
            "age_band": {"18_24": 200, "45_54": 500, "75_plus": 300},
            "gender": {"woman": 520, "man": 480},
        }
    )
    sent_at = factory.LazyFunction(timezone.now)


class RegisterPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegisterPerson

    campaign = factory.SubFactory(CampaignFactory)
    row = factory.Sequence(lambda n: n + 1)
    external_id = factory.Sequence(lambda n: f"P{n:06d}")
    name = factory.Sequence(lambda n: f"Borger Registerperson{n}")
    address = factory.Sequence(lambda n: f"Registervej {n + 1}")
    postcode = "2900"
    city = "Hellerup"
    district = "Hellerup"
    birth_year = 1975
    age_band = "45_54"
    gender = "woman"
    email = factory.Sequence(lambda n: f"register{n}@example.dk")
    household = factory.LazyAttribute(lambda p: f"{p.address.lower()}|{p.postcode}")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    campaign = factory.SubFactory(CampaignFactory)
    person = factory.SubFactory(
        RegisterPersonFactory,
        campaign=factory.SelfAttribute("..campaign"),
        district=factory.SelfAttribute("..district"),
        age_band=factory.SelfAttribute("..age_band"),
        gender=factory.SelfAttribute("..gender"),
    )
    channel = Channel.EMAIL
    token = factory.Sequence(lambda n: f"token-{n:08d}-abcdefghijklmnop")
    code = factory.Sequence(lambda n: f"K{n:07d}")
    district = "Hellerup"
    age_band = "45_54"
    gender = "woman"
    status = InvitationStatus.SENT
    sent_at = factory.LazyFunction(timezone.now)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer
        skip_postgeneration_save = True

    invitation = factory.SubFactory(InvitationFactory)
    campaign = factory.SelfAttribute("invitation.campaign")
    text = "Flere cykelstier til skolerne."
    district = factory.SelfAttribute("invitation.district")
    age_band = factory.SelfAttribute("invitation.age_band")
    gender = factory.SelfAttribute("invitation.gender")

    @factory.post_generation
    def mark_answered(obj, create, extracted, **kwargs):
        if create:
            Invitation.objects.filter(pk=obj.invitation_id).update(answered_at=obj.created_at)
            obj.invitation.answered_at = obj.created_at
