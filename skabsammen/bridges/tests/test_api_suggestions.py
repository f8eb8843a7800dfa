"""GET /api/v1/initiatives/{id}/suggestions: staff only, best first."""

import pytest

from skabsammen.accounts.services import api_token_create
from skabsammen.initiatives.tests.factories import InitiativeFactory

from .factories import ContactFactory, OrganisationFactory
from .suggestion_helpers import (  # noqa: F401 (fixtures)
    _suggestion_settings,
    direction,
    near,
    store_idea_vector,
    store_organisation_vector,
)

pytestmark = pytest.mark.django_db


def get(client, user, path):
    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(user=user)}"
    return client.get(path, **headers)


@pytest.fixture
def mine():
    base = direction(1)
    initiative = InitiativeFactory()
    store_idea_vector(initiative, base)
    for i, noise in enumerate((0.6, 0.3)):
        other = InitiativeFactory(title=f"Lignende {i}")
        store_idea_vector(other, near(base, noise, i))
        association = OrganisationFactory(name=f"Forening {i}")
        store_organisation_vector(association, near(base, noise, 10 + i))
        ContactFactory(organisation=association, name=f"Person {i}")
    return initiative


def test_without_a_token_401_for_a_citizen_403_unknown_404(client, citizen, staff, mine):
    path = f"/api/v1/initiatives/{mine.pk}/suggestions"
    assert get(client, None, path).status_code == 401
    response = get(client, citizen, path)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert get(client, citizen, "/api/v1/initiatives/999/suggestions").status_code == 403
    response = get(client, staff, "/api/v1/initiatives/999/suggestions")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_suggestions_best_first(client, staff, mine):
    data = get(client, staff, f"/api/v1/initiatives/{mine.pk}/suggestions").json()
    assert set(data) == {"similar_initiatives", "organisations", "contacts"}
    assert [s["title"] for s in data["similar_initiatives"]] == ["Lignende 1", "Lignende 0"]
    assert [s["name"] for s in data["organisations"]] == ["Forening 1", "Forening 0"]
    assert [s["name"] for s in data["contacts"]] == ["Person 1", "Person 0"]
    assert set(data["similar_initiatives"][0]) == {"id", "title", "score", "reason"}
    assert set(data["organisations"][0]) == {"id", "name", "score", "reason"}
    assert set(data["contacts"][0]) == {"id", "name", "organisation", "score", "reason"}
    assert data["contacts"][0]["organisation"] == "Forening 1"
    scores = [s["score"] for s in data["similar_initiatives"]]
    assert 1 >= scores[0] > scores[1] > 0
    assert data["similar_initiatives"][0]["reason"]


def test_top_limits_each_list_and_bad_values_are_refused(client, staff, mine):
    path = f"/api/v1/initiatives/{mine.pk}/suggestions"
    data = get(client, staff, f"{path}?top=1").json()
    assert [len(data[k]) for k in ("similar_initiatives", "organisations", "contacts")] == [1, 1, 1]
    # "²" and "٣" count as digits in Python; none of these may end in a 500.
    for bad in ("0", "51", "x", "-1", "²", "٣", "9" * 5000):
        response = get(client, staff, f"{path}?top={bad}")
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid_input"
        [(field, [message])] = body["fields"].items()
        assert field.endswith("top") and message in (
            "Skal være et helt tal.",
            "Tallet er for lille.",
            "Tallet er for stort.",
            "Værdien er ikke gyldig.",
        )
