"""GET /api/v1/policies and /api/v1/policies/{slug}: public, with no private ideas."""

import pytest

from skabsammen.accounts.services import api_token_create
from skabsammen.committees.tests.factories import BodyFactory
from skabsammen.initiatives.models import Status
from skabsammen.initiatives.tests.factories import InitiativeFactory

from .factories import PolicyFactory, link

pytestmark = pytest.mark.django_db


def test_the_list_has_the_active_policies_with_counts(client, django_assert_max_num_queries):
    policy = PolicyFactory(title="Klimaplan 2030", slug="klimaplan-2030", goals=["Mere natur."])
    PolicyFactory(title="Gammel plan", is_active=False)
    link(policy, InitiativeFactory(status=Status.UNDERWAY))
    link(policy, InitiativeFactory())
    link(policy, InitiativeFactory(is_public=False))
    for _ in range(10):
        link(PolicyFactory(), InitiativeFactory())
    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/policies")
    assert response.status_code == 200
    data = {p["slug"]: p for p in response.json()}
    assert "Gammel plan" not in {p["title"] for p in data.values()}
    assert data["klimaplan-2030"] == {
        "id": policy.pk,
        "title": "Klimaplan 2030",
        "slug": "klimaplan-2030",
        "kind": "policy",
        "adopted_on": "2020-06-22",
        "goals": ["Mere natur."],
        "link": "https://gentofte.dk/politik",
        "url": "http://testserver/politikker/klimaplan-2030/",
        "department": None,
        "ideas": 2,
        "ideas_in_action": 1,
    }


def test_one_policy_shows_what_is_done_under_it(client):
    policy = PolicyFactory(slug="klimaplan-2030")
    policy.bodies.add(BodyFactory(name="Grønt Råd", slug="groent-raad"))
    underway = InitiativeFactory(title="Reparationscafé", status=Status.UNDERWAY)
    link(policy, underway)
    link(policy, InitiativeFactory(title="Hemmelig", is_public=False, status=Status.UNDERWAY))
    data = client.get("/api/v1/policies/klimaplan-2030").json()
    assert [i["title"] for i in data["citizen_ideas"]] == ["Reparationscafé"]
    assert [i["id"] for i in data["municipal_ideas"]] == [underway.pk]
    assert data["bodies"][0]["slug"] == "groent-raad"
    assert data["themes"] == [] and data["ideas"] == 1
    assert "Hemmelig" not in str(data)


def test_staff_tokens_see_private_ideas(client, staff):
    policy = PolicyFactory(slug="klimaplan-2030")
    link(policy, InitiativeFactory(title="Hemmelig", is_public=False))
    token = api_token_create(user=staff)
    data = client.get(
        "/api/v1/policies/klimaplan-2030", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert [i["title"] for i in data["citizen_ideas"]] == ["Hemmelig"]
    assert data["ideas"] == 0  # counts are of public ideas, for everyone


def test_inactive_and_unknown_policies_are_not_found(client, staff):
    PolicyFactory(slug="gammel", is_active=False)
    for slug in ("gammel", "findes-ikke"):
        response = client.get(f"/api/v1/policies/{slug}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
