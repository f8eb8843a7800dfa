"""The directory: the staff's catalogue (organisations and contacts, with Danish errors
and the audit log), the public "Hvem kan hjælpe" (never a person), and the demo data."""

import pytest
from django.urls import reverse

from skabsammen.audit.models import AuditEvent
from skabsammen.bridges import demo
from skabsammen.bridges.models import Contact, Organisation, OrganisationKind
from skabsammen.bridges.services import directory as services
from skabsammen.common.permissions import Forbidden
from skabsammen.municipality.tests.factories import (
    DepartmentFactory,
    DistrictFactory,
    TopicFactory,
)

from .factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

STAFF_LIST = reverse("bridges:staff_directory")
CREATE = reverse("bridges:organisation_create")
PUBLIC_LIST = reverse("bridges:directory")


@pytest.fixture(autouse=True)
def _no_embedding(settings):
    settings.THEMES_EMBED_ON_SAVE = False


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def organisation_data(**overrides) -> dict:
    return {
        "name": "Ordrup Naturvenner",
        "kind": "association",
        "description": "Vi passer på Ordrup Krat.",
        "website": "ordrup-natur.example.dk",
        "email": "info@ordrup-natur.example.dk",
        "phone": "20 11 22 33",
        "register_id": "F 2041",
        "is_active": "on",
        **overrides,
    }


@pytest.fixture
def nature():
    return TopicFactory(name="Natur og miljø", slug="natur-og-miljoe")


@pytest.fixture
def ordrup():
    return DistrictFactory(name="Ordrup", slug="ordrup")


@pytest.fixture
def person():
    """A contact whose details must never reach the public."""
    organisation = OrganisationFactory(
        name="Hellerup Strandrensere", email="strand@example.dk", phone="44 44 44 44"
    )
    return ContactFactory(
        organisation=organisation,
        name="Jakob Hemmeligsen",
        email="jakob.hemmelig@example.dk",
        phone="99 88 77 66",
        role="Tovholder for affald",
    )


def assert_no_person(html: str, contact: Contact) -> None:
    for detail in (contact.name, contact.email, contact.phone, contact.role):
        assert detail not in html


class TestWhoMayReachTheStaffPages:
    def urls(self, contact):
        organisation = contact.organisation
        return [
            STAFF_LIST,
            CREATE,
            reverse("bridges:organisation_detail", args=[organisation.pk]),
            reverse("bridges:organisation_edit", args=[organisation.pk]),
            reverse("bridges:contact_create", args=[organisation.pk]),
            reverse("bridges:contact_edit", args=[contact.pk]),
            reverse("bridges:import_upload"),
        ]

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, person):
        for url in self.urls(person):
            response = client.get(url)
            assert response.status_code == 302 and "/konto/" in response["Location"], url

    def test_citizens_are_refused_and_change_nothing(self, client_for, citizen, person):
        client = client_for(citizen)
        for url in self.urls(person):
            assert client.get(url).status_code == 403, url
        response = client.post(CREATE, organisation_data())
        assert response.status_code == 403
        response = client.post(
            reverse("bridges:organisation_update_link", args=[person.organisation.pk])
        )
        assert response.status_code == 403
        assert not Organisation.objects.filter(name="Ordrup Naturvenner").exists()
        assert not person.organisation.update_token_hash

    def test_staff_reach_every_page(self, client_for, staff, person):
        client = client_for(staff)
        for url in self.urls(person):
            assert client.get(url).status_code == 200, url

    def test_a_service_refuses_a_citizen(self, citizen):
        with pytest.raises(Forbidden):
            services.organisation_create(actor=citizen, name="Noget")


class TestStaffDirectory:
    def test_staff_add_an_organisation_and_it_is_audited(self, client_for, staff, nature, ordrup):
        department = DepartmentFactory(name="Kultur, Unge og Fritid")
        response = client_for(staff).post(
            CREATE,
            organisation_data(
                topics=[nature.pk],
                districts=[ordrup.pk],
                department=department.pk,  # left out: not a municipal department
            ),
        )
        organisation = Organisation.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "bridges:organisation_detail", args=[organisation.pk]
        )
        assert organisation.website == "https://ordrup-natur.example.dk"
        assert organisation.register_id == "F2041"
        assert organisation.department is None
        assert list(organisation.topics.all()) == [nature]
        assert list(organisation.districts.all()) == [ordrup]
        event = AuditEvent.objects.get(action="bridges.organisation_create")
        assert event.actor == staff and event.object_id == str(organisation.pk)

    def test_a_department_keeps_its_department(self, client_for, staff):
        department = DepartmentFactory(name="Kultur, Unge og Fritid")
        client_for(staff).post(
            CREATE,
            organisation_data(
                name="Center for Kultur", kind="department", department=department.pk
            ),
        )
        assert Organisation.objects.get().department == department

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"name": "  "}, "Giv organisationens navn."),
            ({"name": "!!!"}, "Navnet skal indeholde bogstaver eller tal."),
            ({"email": "info@"}, "Skriv en e-mailadresse som navn@eksempel.dk."),
            (
                {"website": "ikke en adresse"},
                "Skriv hjemmesidens adresse som https://www.example.dk.",
            ),
            ({"phone": "ring efter kl. 16"}, "Skriv telefonnummeret med cifre, fx 39 98 00 00."),
            ({"kind": "klub"}, "Vælg, hvilken slags organisation det er."),
            ({"description": "x" * 2001}, "Beskrivelsen må højst være 2000 tegn."),
        ],
    )
    def test_bad_input_is_refused_in_danish(self, client_for, staff, overrides, message):
        response = client_for(staff).post(CREATE, organisation_data(**overrides))
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Organisation.objects.exists()

    @pytest.mark.parametrize("junk", ["99999999999999999999999", "²", "-1", "abc"])
    def test_a_topic_or_district_that_cannot_be_one_is_refused_in_danish(
        self, client_for, staff, nature, ordrup, junk
    ):
        client = client_for(staff)
        response = client.post(CREATE, organisation_data(districts=[ordrup.pk, junk]))
        assert response.status_code == 400
        assert "Vælg blandt de viste bydele." in response.content.decode()
        organisation = OrganisationFactory()
        url = reverse("bridges:contact_create", args=[organisation.pk])
        data = {"name": "Birthe Vang", "email": "birthe@example.dk", "topics": [junk]}
        response = client.post(url, data)
        assert response.status_code == 400
        assert "Vælg blandt de viste emner." in response.content.decode()
        assert Organisation.objects.count() == 1 and not Contact.objects.exists()

    def test_a_duplicate_name_is_refused_naming_the_one_there(self, client_for, staff):
        OrganisationFactory(name="Ordrup  Naturvenner.")
        response = client_for(staff).post(CREATE, organisation_data(name="ordrup naturvenner"))
        assert response.status_code == 400
        html = response.content.decode()
        assert "Kataloget har allerede en organisation med det navn: «Ordrup  Naturvenner.»" in html
        assert Organisation.objects.count() == 1

    def test_a_duplicate_register_number_is_refused(self, client_for, staff):
        OrganisationFactory(name="Ordrup Boldklub", register_id="F2041")
        response = client_for(staff).post(CREATE, organisation_data())
        assert response.status_code == 400
        assert (
            "«Ordrup Boldklub» har allerede foreningsnummeret F2041." in response.content.decode()
        )

    def test_editing_changes_the_fields_and_records_which(self, client_for, staff, nature):
        organisation = OrganisationFactory(name="Ordrup Naturvenner", email="gammel@example.dk")
        url = reverse("bridges:organisation_edit", args=[organisation.pk])
        client = client_for(staff)
        assert 'value="gammel@example.dk"' in page(client.get(url))
        response = client.post(url, organisation_data(topics=[nature.pk]))
        assert response.status_code == 302
        organisation.refresh_from_db()
        assert organisation.email == "info@ordrup-natur.example.dk"
        event = AuditEvent.objects.get(action="bridges.organisation_update")
        assert {"email", "topics", "website"} <= set(event.data["fields"])

    def test_an_organisation_is_deactivated_not_deleted(self, client_for, staff, person):
        organisation = person.organisation
        url = reverse("bridges:organisation_edit", args=[organisation.pk])
        data = organisation_data(name=organisation.name)
        del data["is_active"]
        assert client_for(staff).post(url, data).status_code == 302
        organisation.refresh_from_db()
        assert not organisation.is_active
        assert AuditEvent.objects.filter(action="bridges.organisation_deactivate").exists()
        html = page(
            client_for(staff).get(reverse("bridges:organisation_detail", args=[organisation.pk]))
        )
        assert "aldrig foreslået" in html and "Inaktiv" in html

    def test_the_list_searches_and_filters(self, client_for, staff, nature, ordrup):
        OrganisationFactory(name="Ordrup Naturvenner", topics=[nature], districts=[ordrup])
        OrganisationFactory(name="Vangede Boldklub")
        OrganisationFactory(
            name="Gammel Forening", kind=OrganisationKind.ASSOCIATION, is_active=False
        )
        OrganisationFactory(name="Gentofte Bibliotekerne", kind=OrganisationKind.INSTITUTION)
        client = client_for(staff)
        html = page(client.get(STAFF_LIST))
        assert all(
            name in html for name in ("Ordrup Naturvenner", "Vangede Boldklub", "Gammel Forening")
        )
        html = page(client.get(STAFF_LIST, {"q": "boldklub"}))
        assert "Vangede Boldklub" in html and "Ordrup Naturvenner" not in html
        html = page(client.get(STAFF_LIST, {"topic": "natur-og-miljoe"}))
        assert "Ordrup Naturvenner" in html and "Vangede Boldklub" not in html
        html = page(client.get(STAFF_LIST, {"kind": "institution"}))
        assert "Gentofte Bibliotekerne" in html and "Vangede Boldklub" not in html
        html = page(client.get(STAFF_LIST, {"active": "nej"}))
        assert "Gammel Forening" in html and "Vangede Boldklub" not in html
        html = page(client.get(STAFF_LIST, {"district": "ukendt"}))
        assert "Et filter blev ikke forstået" in html

    def test_the_list_is_paginated_in_a_fixed_number_of_queries(
        self, client_for, staff, nature, django_assert_max_num_queries
    ):
        for n in range(30):
            ContactFactory(
                organisation=OrganisationFactory(name=f"Forening {n:02d}", topics=[nature])
            )
        client = client_for(staff)
        with django_assert_max_num_queries(12):
            html = page(client.get(STAFF_LIST))
        assert "Forening 00" in html and "Forening 29" not in html
        assert "Forening 29" in page(client.get(STAFF_LIST, {"page": 2}))

    def test_the_staff_page_lists_the_contacts_with_their_details(self, client_for, staff, person):
        gone = ContactFactory(
            organisation=person.organisation, name="Tidligere Kasserer", is_active=False
        )
        url = reverse("bridges:organisation_detail", args=[person.organisation.pk])
        html = page(client_for(staff).get(url))
        for detail in (person.name, person.email, person.phone, person.role, gone.name):
            assert detail in html
        assert "Der er ikke sendt et link" in html

    def test_staff_add_and_edit_a_contact(self, client_for, staff, nature):
        organisation = OrganisationFactory()
        client = client_for(staff)
        url = reverse("bridges:contact_create", args=[organisation.pk])
        response = client.post(url, {"name": "Birthe Vang", "role": "Formand", "is_active": "on"})
        assert response.status_code == 400
        assert "Giv kontaktens e-mailadresse." in response.content.decode()
        response = client.post(
            url,
            {
                "name": "Birthe Vang",
                "role": "Formand",
                "email": "birthe@example.dk",
                "topics": [nature.pk],
                "is_active": "on",
            },
        )
        assert response.status_code == 302
        contact = Contact.objects.get()
        assert contact.organisation == organisation and list(contact.topics.all()) == [nature]
        response = client.post(url, {"name": "Anden", "email": "BIRTHE@example.dk"})
        assert "Birthe Vang ved" in response.content.decode()
        assert "har allerede denne e-mailadresse" in response.content.decode()
        edit = reverse("bridges:contact_edit", args=[contact.pk])
        response = client.post(edit, {"name": "Birthe Vang", "email": "birthe@example.dk"})
        assert response.status_code == 302
        contact.refresh_from_db()
        assert not contact.is_active and contact.role == ""
        assert AuditEvent.objects.filter(action="bridges.contact_create").count() == 1
        assert AuditEvent.objects.get(action="bridges.contact_update").data["fields"] == [
            "is_active",
            "role",
            "topics",
        ]


class TestPublicDirectory:
    def test_only_active_organisations_and_never_a_person(self, client, person, nature, ordrup):
        organisation = person.organisation
        organisation.topics.add(nature)
        OrganisationFactory(name="Lukket Forening", is_active=False)
        html = page(client.get(PUBLIC_LIST))
        assert "Hellerup Strandrensere" in html and "Lukket Forening" not in html
        assert_no_person(html, person)
        assert reverse("initiatives:create") in html
        assert reverse("bridges:staff_directory") not in html
        html = page(client.get(reverse("bridges:organisation", args=[organisation.pk])))
        assert "strand@example.dk" in html and "44 44 44 44" in html
        assert "Natur og miljø" in html and "Hele kommunen" in html
        assert "kan vi sætte dig i forbindelse med folk her" in html
        assert_no_person(html, person)

    def test_an_inactive_organisation_has_no_public_page(self, client):
        organisation = OrganisationFactory(is_active=False)
        response = client.get(reverse("bridges:organisation", args=[organisation.pk]))
        assert response.status_code == 404

    def test_staff_see_the_same_public_page_without_people(self, client_for, staff, person):
        url = reverse("bridges:organisation", args=[person.organisation.pk])
        html = page(client_for(staff).get(url))
        assert_no_person(html, person)
        assert reverse("bridges:organisation_detail", args=[person.organisation.pk]) in html

    def test_filters_and_search(self, client, nature, ordrup):
        hellerup = DistrictFactory(name="Hellerup", slug="hellerup")
        OrganisationFactory(name="Ordrup Naturvenner", topics=[nature], districts=[ordrup])
        OrganisationFactory(name="Hellerup Sejlklub", districts=[hellerup])
        OrganisationFactory(name="Frivilligcenter", description="Frivillige i hele kommunen")
        OrganisationFactory(name="Biblioteket", kind=OrganisationKind.INSTITUTION)
        html = page(client.get(PUBLIC_LIST, {"district": "ordrup"}))
        # Serving the whole municipality counts as serving Ordrup.
        assert "Ordrup Naturvenner" in html and "Frivilligcenter" in html
        assert "Hellerup Sejlklub" not in html
        html = page(client.get(PUBLIC_LIST, {"topic": "natur-og-miljoe"}))
        assert "Ordrup Naturvenner" in html and "Frivilligcenter" not in html
        html = page(client.get(PUBLIC_LIST, {"kind": "institution"}))
        assert "Biblioteket" in html and "Ordrup Naturvenner" not in html
        html = page(client.get(PUBLIC_LIST, {"q": "frivillige"}))
        assert "Frivilligcenter" in html and "Biblioteket" not in html
        assert "Ingen organisationer passer" in page(client.get(PUBLIC_LIST, {"q": "zzz"}))

    def test_the_public_list_takes_a_fixed_number_of_queries(
        self, client, nature, ordrup, django_assert_max_num_queries
    ):
        for _ in range(25):
            OrganisationFactory(topics=[nature], districts=[ordrup])
        with django_assert_max_num_queries(10):
            page(client.get(PUBLIC_LIST))


class TestDemo:
    def test_the_demo_directory_loads_once_and_shows_no_person(self, client):
        from skabsammen.municipality import demo as municipality_demo

        municipality_demo.load()
        added = demo.load_directory()
        assert added == len(demo.DIRECTORY) >= 15
        assert demo.load_directory() == 0
        assert Organisation.objects.count() == added
        kinds = set(Organisation.objects.values_list("kind", flat=True))
        assert kinds == set(OrganisationKind.values)
        for organisation in Organisation.objects.all():
            assert organisation.topics.exists()
            assert 1 <= organisation.contacts.count() <= 2
        html = page(client.get(PUBLIC_LIST, {"page": 1}))
        for contact in Contact.objects.all():
            assert contact.email.endswith(("@example.dk", "@gentofte.dk"))
            assert contact.email not in html and contact.name not in html
