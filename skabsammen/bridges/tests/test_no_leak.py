"""Nothing about a person crosses to the other side of an introduction before both said
yes: not in the pages either side can open, not in the API's answers, not in e-mails.
When both said yes, one e-mail to everybody carries everybody's details."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from skabsammen.accounts.services import api_token_create
from skabsammen.bridges.models import IntroductionStatus
from skabsammen.bridges.services import introductions as services
from skabsammen.mail.models import Email

from .introduction_helpers import (
    api_post,
    contact_token,
    emails_to,
    propose,
    reload,
    with_contact,
    with_other_idea,
)
from .suggestion_helpers import _suggestion_settings  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

STAGES = ["a_asked", "b_asked", "declined_by_a", "declined_by_b", "expired", "withdrawn"]
VARIANTS = ["contact", "private_idea", "public_ideas"]


def _sides(variant: str):
    if variant == "contact":
        return with_contact()
    if variant == "private_idea":
        return with_other_idea()
    return with_other_idea(public_a=True, public_b=True)


class Seen:
    """Everything each side was shown, as text."""

    def __init__(self):
        self.a: list[str] = []
        self.b: list[str] = []


def _answer(client, sides, introduction, side: str, answer: str, seen: Seen, token=""):
    path = f"/api/v1/introductions/{introduction.pk}/answer"
    if side == "a":
        response = api_post(client, path, {"answer": answer}, user=sides.owner)
        seen.a.append(response.content.decode())
    elif sides.contact is not None:
        response = api_post(client, path, {"answer": answer, "token": token})
        seen.b.append(response.content.decode())
    else:
        response = api_post(client, path, {"answer": answer}, user=sides.other_owner)
        seen.b.append(response.content.decode())
    assert response.status_code == 200, response.content
    return response.json()


def _stage(variant: str, stage: str, seen: Seen):
    sides = _sides(variant)
    client = Client()
    introduction = propose(sides)
    if stage == "declined_by_a":
        _answer(client, sides, introduction, "a", "no", seen)
    elif stage != "a_asked":
        _answer(client, sides, introduction, "a", "yes", seen)
    b_asked = stage not in ("a_asked", "declined_by_a")
    token = contact_token(introduction) if sides.contact and b_asked else ""
    if token:
        seen.b.append(_page(client, reverse("bridges:contact_answer", args=[token])))
    if stage == "declined_by_b":
        if sides.contact is not None:
            # The contact says no on the page, as she would.
            response = client.post(
                reverse("bridges:contact_answer", args=[token]), {"answer": "no"}
            )
            seen.b.append(response.content.decode())
        else:
            _answer(client, sides, introduction, "b", "no", seen)
    elif stage == "expired":
        services.introductions_close_expired(now=timezone.now() + timedelta(days=15))
    elif stage == "withdrawn":
        services.introduction_withdraw(actor=sides.staff, introduction=introduction)
    if token:
        seen.b.append(_page(client, reverse("bridges:contact_answer", args=[token])))
    return sides, reload(introduction)


def _page(client, path: str) -> str:
    return client.get(path).content.decode()


def _api_get(user, path: str) -> str:
    client = Client()
    token = api_token_create(user=user)
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}").content.decode()


def _collect(sides, seen: Seen) -> None:
    """Every page, API answer and e-mail each side can see."""
    anonymous = Client()
    ideas = [sides.initiative, *([sides.other] if sides.other else [])]
    public = [_page(anonymous, reverse("initiatives:list"))]
    public += [_page(anonymous, idea.get_absolute_url()) for idea in ideas]
    public.append(_page(anonymous, "/api/v1/initiatives"))
    public += [_page(anonymous, f"/api/v1/initiatives/{idea.pk}") for idea in ideas]
    seen.a += public
    seen.b += public
    owner = Client()
    owner.force_login(sides.owner, backend="skabsammen.accounts.backends.EmailLinkBackend")
    seen.a += [_page(owner, idea.get_absolute_url()) for idea in ideas]
    seen.a.append(_page(owner, reverse("initiatives:list")))
    seen.a.append(_page(owner, reverse("initiatives:mine")))
    seen.a += [_api_get(sides.owner, f"/api/v1/initiatives/{idea.pk}") for idea in ideas]
    seen.a += [f"{e.subject}\n{e.body}" for e in emails_to(sides.owner.email)]
    if sides.other_owner is not None:
        other = Client()
        other.force_login(
            sides.other_owner, backend="skabsammen.accounts.backends.EmailLinkBackend"
        )
        seen.b += [_page(other, idea.get_absolute_url()) for idea in ideas]
        seen.b.append(_page(other, reverse("initiatives:list")))
        seen.b.append(_page(other, reverse("initiatives:mine")))
        seen.b += [_api_get(sides.other_owner, f"/api/v1/initiatives/{idea.pk}") for idea in ideas]
    for address in sides.b_addresses:
        seen.b += [f"{e.subject}\n{e.body}" for e in emails_to(address)]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("stage", STAGES)
def test_nothing_personal_crosses_before_both_said_yes(variant, stage):
    seen = Seen()
    sides, introduction = _stage(variant, stage, seen)
    assert introduction.status != IntroductionStatus.ACCEPTED
    _collect(sides, seen)
    assert seen.a and seen.b
    for text in seen.a:
        for secret in sides.secrets_of_b:
            assert secret not in text, f"side A saw {secret!r}"
    for text in seen.b:
        for secret in sides.secrets_of_a:
            assert secret not in text, f"side B saw {secret!r}"
    assert not Email.objects.filter(kind="bridges_intro_accepted").exists()


@pytest.mark.parametrize("variant", VARIANTS)
def test_when_both_said_yes_one_email_to_everybody_carries_everybody(variant):
    seen = Seen()
    sides, introduction = _stage(variant, "b_asked", seen)
    client = Client()
    if sides.contact is not None:
        _answer(client, sides, introduction, "b", "yes", seen, token=contact_token(introduction))
    else:
        _answer(client, sides, introduction, "b", "yes", seen)
    assert reload(introduction).status == IntroductionStatus.ACCEPTED

    accepted = Email.objects.get(kind="bridges_intro_accepted")
    recipients = {accepted.to, *accepted.cc.split(", ")}
    assert recipients == {sides.owner.email, *sides.b_addresses}
    for secret in [*sides.secrets_of_a, *sides.secrets_of_b]:
        if "PRIVAT-TEKST" in secret:
            # The private ideas' descriptions are not part of the introduction.
            assert secret not in accepted.body
        else:
            assert secret in accepted.body, secret
    # The API's answers and the pages still name nobody of the other side: the details
    # travel in the one e-mail only.
    _collect(sides, seen)
    for text in seen.a:
        if text == f"{accepted.subject}\n{accepted.body}":
            continue
        for secret in sides.secrets_of_b:
            assert secret not in text, f"side A saw {secret!r} outside the e-mail"
