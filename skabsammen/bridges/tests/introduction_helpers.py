"""Shared by the introductions' tests: the two sides, with personal data that must not
cross before both said yes, and helpers to answer as each side would."""

import json
from dataclasses import dataclass, field

from skabsammen.accounts.services import api_token_create
from skabsammen.accounts.tests.factories import StaffFactory, UserFactory
from skabsammen.bridges.models import Contact, Introduction
from skabsammen.bridges.services import introductions as services
from skabsammen.initiatives.models import Initiative
from skabsammen.initiatives.tests.factories import InitiativeFactory
from skabsammen.mail.models import Email

from .factories import ContactFactory, OrganisationFactory

NOTE = "I arbejder begge med blomster i parkerne."


@dataclass
class Sides:
    staff: object
    initiative: Initiative
    owner: object
    contact: Contact | None = None
    other: Initiative | None = None
    other_owner: object = None
    # What side A must not learn of side B before both said yes, and the reverse.
    secrets_of_a: list[str] = field(default_factory=list)
    secrets_of_b: list[str] = field(default_factory=list)

    @property
    def b_addresses(self) -> list[str]:
        return [self.contact.email] if self.contact else [self.other_owner.email]


def with_contact(*, public: bool = False) -> Sides:
    owner = UserFactory(name="Annelise Hemmeligsen", email="annelise.hemmelig@example.dk")
    initiative = InitiativeFactory(
        owner=owner,
        title="Blomstereng i parken",
        description="PRIVAT-TEKST-A: vi vil så blomster bag Annelises hus.",
        is_public=public,
    )
    organisation = OrganisationFactory(
        name="Ordrup Naturvenner", description="Vi passer på naturen i Ordrup Krat."
    )
    contact = ContactFactory(
        organisation=organisation,
        name="Kirsten Kontaktsen",
        email="kirsten.kontaktsen@naturvenner.example",
        phone="99 88 77 66",
        role="Skjult kasserer",
    )
    return Sides(
        staff=StaffFactory(),
        initiative=initiative,
        owner=owner,
        contact=contact,
        secrets_of_a=["Annelise Hemmeligsen", "annelise.hemmelig", "PRIVAT-TEKST-A"],
        secrets_of_b=["Kirsten Kontaktsen", "kirsten.kontaktsen", "99 88 77 66", "Skjult kasserer"],
    )


def with_other_idea(*, public_a: bool = False, public_b: bool = False) -> Sides:
    owner = UserFactory(name="Annelise Hemmeligsen", email="annelise.hemmelig@example.dk")
    initiative = InitiativeFactory(
        owner=owner,
        title="Blomstereng i parken",
        description="PRIVAT-TEKST-A: vi vil så blomster bag Annelises hus.",
        is_public=public_a,
    )
    other_owner = UserFactory(name="Bent Andersen-Skjult", email="bent.skjult@example.dk")
    other = InitiativeFactory(
        owner=other_owner,
        title="Bier i byen",
        description="PRIVAT-TEKST-B: bistader i Bents baghave.",
        is_public=public_b,
    )
    secrets_of_a = ["Annelise Hemmeligsen", "annelise.hemmelig"]
    secrets_of_b = ["Bent Andersen-Skjult", "bent.skjult"]
    if not public_a:
        secrets_of_a += ["PRIVAT-TEKST-A", "Blomstereng i parken"]
    if not public_b:
        secrets_of_b += ["PRIVAT-TEKST-B", "Bier i byen"]
    return Sides(
        staff=StaffFactory(),
        initiative=initiative,
        owner=owner,
        other=other,
        other_owner=other_owner,
        secrets_of_a=secrets_of_a,
        secrets_of_b=secrets_of_b,
    )


def propose(sides: Sides, note: str = NOTE) -> Introduction:
    return services.introduction_propose(
        actor=sides.staff,
        initiative=sides.initiative,
        contact=sides.contact,
        other_initiative=sides.other,
        note=note,
    )


def contact_token(introduction: Introduction) -> str:
    """The token in the link of the e-mail the contact got (kept apart from the body)."""
    email = Email.objects.filter(
        kind="bridges_intro_asked_contact", to=introduction.contact.email
    ).latest("pk")
    return email.secret


def emails_to(address: str):
    """Every e-mail that reached `address`, as the addressee or as cc."""
    return [e for e in Email.objects.order_by("pk") if address in [e.to, *e.cc.split(", ")]]


def api_post(client, path: str, body: dict, user=None):
    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(user=user)}"
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


def reload(introduction: Introduction) -> Introduction:
    return Introduction.objects.get(pk=introduction.pk)
