"""Pools and draws for the tests: people with a gender and an age band, by the dozen."""

from datetime import timedelta

from django.utils import timezone

from skabsammen.accounts.tests.factories import UserFactory
from skabsammen.committees.models import Application
from skabsammen.committees.tests.factories import BodyFactory
from skabsammen.lotteries.services import PoolMember, draw_prepare
from skabsammen.sortition import Quota

GENDERS = ["Kvinde", "Mand"]
AGES = ["Ung", "Midt", "Ældre"]


def pool(n: int = 12, prefix: str = "test.person", households: bool = False) -> list[PoolMember]:
    return [
        PoolMember(
            key=f"{prefix}:{i}",
            name=f"Hemmelig Person{i}",
            email=f"hemmelig{i}@example.dk",
            features={"Køn": GENDERS[i % 2], "Alder": AGES[i % 3]},
            household=f"Vej {i // 2}" if households else "",
        )
        for i in range(n)
    ]


def quotas(k: int = 4) -> list[Quota]:
    return [
        Quota("Køn", "Kvinde", 2, 2),
        Quota("Køn", "Mand", 2, 2),
        Quota("Alder", "Ung", 1, k),
        Quota("Alder", "Midt", 1, k),
        Quota("Alder", "Ældre", 1, k),
    ]


def prepared(actor, n: int = 12, k: int = 4, **kwargs):
    kwargs.setdefault("quotas", quotas(k))
    return draw_prepare(
        actor=actor,
        purpose="Borgerpanel om trafik",
        pool=kwargs.pop("pool", None) or pool(n, households=kwargs.get("household_rule", False)),
        categories=["Køn", "Alder"],
        k=k,
        **kwargs,
    )


def committee_with_applicants(n: int = 10, **body_fields):
    """A task committee whose application period is over, with n applicants."""
    today = timezone.localdate()
    body = BodyFactory(
        name="Opgaveudvalget Trafik",
        slug="opgaveudvalget-trafik",
        applications_open_until=today - timedelta(days=1),
        period_start=today + timedelta(days=10),
        period_end=today + timedelta(days=375),
        **body_fields,
    )
    BodyFactory(name="Cykelstier", slug="cykelstier", kind="working_group", parent=body)
    genders, ages = ["woman", "man"], ["25_34", "45_54", "65_74"]
    for i in range(n):
        person = UserFactory(name=f"Ansøger Nummer{i}", email=f"ansoeger{i}@example.dk")
        Application.objects.create(
            body=body,
            applicant=person,
            motivation="Jeg vil gerne være med.",
            gender=genders[i % 2],
            age_band=ages[i % 3],
        )
    return body
