"""GET /api/v1/organisations: the public directory, paginated and filtered; active
organisations only, public fields only, never a contact."""

import json

import pytest

from skabsammen.bridges.models import OrganisationKind
from skabsammen.municipality.tests.factories import DistrictFactory, TopicFactory

from .factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/organisations"


@pytest.fixture(autouse=True)
def _no_embedding(settings):
    settings.THEMES_EMBED_ON_SAVE = False


@pytest.fixture
def nature():
    return TopicFactory(name="Natur og miljø", slug="natur-og-miljoe")


@pytest.fixture
def ordrup():
    return DistrictFactory(name="Ordrup", slug="ordrup")


@pytest.fixture
def naturvenner(nature, ordrup):
    organisation = OrganisationFactory(
        name="Ordrup Naturvenner",
        description="Vi passer på Ordrup Krat.",
        website="https://naturvenner.example.dk",
        email="info@naturvenner.example.dk",
        phone="20 11 22 33",
        register_id="F2041",
        topics=[nature],
        districts=[ordrup],
    )
    ContactFactory(
        organisation=organisation,
        name="Birthe Hemmelig",
        email="birthe.hemmelig@example.dk",
        phone="99 88 77 66",
        role="Formand for skoven",
    )
    return organisation


def get(client, url, **params):
    response = client.get(url, params)
    return response.status_code, response.json()


def test_the_list_shows_public_fields_and_no_person(client, naturvenner):
    OrganisationFactory(name="Lukket Forening", is_active=False)
    status, body = get(client, LIST)
    assert status == 200 and body["count"] == 1
    [item] = body["items"]
    assert item["name"] == "Ordrup Naturvenner"
    assert item["url"] == f"http://testserver/broer/organisationer/{naturvenner.pk}/"
    assert item["kind"] == "association" and item["kind_label"] == "Forening"
    assert item["email"] == "info@naturvenner.example.dk" and item["phone"] == "20 11 22 33"
    assert item["register_id"] == "F2041"
    assert item["topics"] == ["natur-og-miljoe"] and item["districts"] == ["ordrup"]
    assert "contacts" not in item and "update_token_hash" not in item
    text = json.dumps(body, ensure_ascii=False)
    for secret in ("Birthe Hemmelig", "birthe.hemmelig@example.dk", "99 88 77 66", "Formand"):
        assert secret not in text


def test_one_organisation_and_404_for_inactive_or_unknown(client, naturvenner):
    status, body = get(client, f"{LIST}/{naturvenner.pk}")
    assert status == 200 and body["name"] == "Ordrup Naturvenner"
    assert "Birthe Hemmelig" not in json.dumps(body, ensure_ascii=False)
    closed = OrganisationFactory(is_active=False)
    for url in (f"{LIST}/{closed.pk}", f"{LIST}/999999"):
        status, body = get(client, url)
        assert status == 404 and body == {"detail": "Findes ikke.", "code": "not_found"}


def test_filters_search_and_pages(client, naturvenner, nature, ordrup):
    for n in range(25):
        OrganisationFactory(name=f"Forening {n:02d}", kind=OrganisationKind.INSTITUTION)
    status, body = get(client, LIST, kind="institution", page_size=10, page=3)
    assert status == 200 and body["count"] == 25
    assert [i["name"] for i in body["items"]] == [f"Forening {n}" for n in range(20, 25)]
    assert get(client, LIST, topic="natur-og-miljoe")[1]["count"] == 1
    # Organisations serving the whole municipality serve Ordrup too.
    assert get(client, LIST, district="ordrup")[1]["count"] == 26
    assert get(client, LIST, q="krat")[1]["items"][0]["name"] == "Ordrup Naturvenner"
    assert get(client, LIST, q="zzz")[1] == {"count": 0, "items": []}


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"kind": "klub"}, "Ukendt type: klub"),
        ({"topic": "nope"}, "Ukendt emne: nope"),
        ({"district": "nope"}, "Ukendt bydel: nope"),
        # PostgreSQL takes no NUL in a query: refused before it is asked.
        ({"q": "skov\x00"}, "Et filter indeholder et tegn, der ikke er tilladt."),
        ({"topic": "natur\x00"}, "Et filter indeholder et tegn, der ikke er tilladt."),
    ],
)
def test_unknown_filters_are_refused_in_danish(client, params, detail):
    status, body = get(client, LIST, **params)
    assert status == 400
    assert body["code"] == "invalid_filter" and body["detail"] == detail


def test_bad_paging_is_refused(client):
    status, body = get(client, LIST, page_size=1000)
    assert status == 400 and body["code"] == "invalid_input"
