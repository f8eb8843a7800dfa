from datetime import date, datetime, timedelta

import factory
from django.utils import timezone

from skabsammen.committees.models import (
    AgendaItem,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    Membership,
)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Opgaveudvalget Nummer {n}")
    slug = factory.Sequence(lambda n: f"opgaveudvalget-nummer-{n}")
    kind = BodyKind.TASK_COMMITTEE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Medlem Nummer{n}")
    starts_on = date(2019, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.Sequence(
        lambda n: timezone.make_aware(datetime(2019, 6, 4, 19)) + timedelta(days=n)
    )
    place = "Mødelokale A+B"
    status = MeetingStatus.MINUTES_APPROVED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punkt om emne {n}")
    case_id = "EMN-2018-05565"
    summary = "Et kort resumé."
    background = "Baggrunden for punktet."
    recommendations = factory.LazyFunction(lambda: ["At udvalget drøfter sagen."])
    decisions = "Godkendt."
