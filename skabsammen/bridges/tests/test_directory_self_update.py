"""An organisation's own update link: staff send it, the organisation updates its entry and
its contacts with no account; an unknown, expired, replaced or revoked link changes nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from skabsammen.audit.models import AuditEvent
from skabsammen.bridges.models import Contact, Organisation, token_hash
from skabsammen.bridges.services import directory as services
from skabsammen.mail.models import Email
from skabsammen.municipality.tests.factories import DistrictFactory, TopicFactory

from .factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_embedding(settings):
    settings.THEMES_EMBED_ON_SAVE = False


@pytest.fixture
def organisation():
    return OrganisationFactory(
        name="Ordrup Naturvenner", email="info@naturvenner.example.dk", phone="20 11 22 33"
    )


@pytest.fixture
def chair(organisation):
    return ContactFactory(
        organisation=organisation, name="Birthe Vang", role="Formand", email="birthe@example.dk"
    )


def send_link(client, organisation, **data) -> str:
    """Press "Send opdateringslink"; return the link from the queued e-mail."""
    response = client.post(
        reverse("bridges:organisation_update_link", args=[organisation.pk]), data
    )
    assert response.status_code == 302
    email = Email.objects.filter(kind="bridges_update_link").latest("id")
    assert email.secret.startswith("http://testserver/broer/opdater/")
    return email.secret.removeprefix("http://testserver")


def form_data(organisation, contacts=(), new=None, **overrides) -> dict:
    rows = [
        {
            "id": c.pk,
            "name": c.name,
            "role": c.role,
            "email": c.email,
            "phone": c.phone,
        }
        for c in contacts
    ]
    rows.append(new or {})
    data = {
        "name": organisation.name,
        "description": organisation.description,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "kontakter-TOTAL_FORMS": str(len(rows)),
        "kontakter-INITIAL_FORMS": str(len(rows) - 1),
        "kontakter-MIN_NUM_FORMS": "0",
        "kontakter-MAX_NUM_FORMS": "50",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value not in (None, False):
                data[f"kontakter-{index}-{key}"] = "on" if value is True else value
    return data | overrides


class TestSendingTheLink:
    def test_staff_send_it_to_the_organisation_and_only_the_hash_is_kept(
        self, client_for, staff, organisation, settings
    ):
        url = send_link(client_for(staff), organisation)
        organisation.refresh_from_db()
        token = url.rstrip("/").rsplit("/", 1)[1]
        assert organisation.update_token_hash == token_hash(token)
        assert token not in organisation.update_token_hash
        days = settings.BRIDGES_UPDATE_LINK_DAYS
        expected = timezone.now() + timedelta(days=days)
        assert abs(organisation.update_token_expires_at - expected) < timedelta(minutes=1)
        email = Email.objects.get(kind="bridges_update_link")
        assert email.to == "info@naturvenner.example.dk"
        assert token not in email.body  # the stored body holds no working link
        assert "Ordrup Naturvenner" in email.subject
        event = AuditEvent.objects.get(action="bridges.update_link_send")
        assert event.actor == staff and event.data["to"] == "organisation"
        assert token not in str(event.data)

    def test_it_can_go_to_a_contact_instead(self, client_for, staff, organisation, chair):
        send_link(client_for(staff), organisation, contact=chair.pk)
        assert Email.objects.get(kind="bridges_update_link").to == "birthe@example.dk"

    def test_an_organisation_without_an_address_is_refused_in_danish(self, client_for, staff):
        organisation = OrganisationFactory(name="Uden Adresse", email="")
        client = client_for(staff)
        url = reverse("bridges:organisation_update_link", args=[organisation.pk])
        response = client.post(url, follow=True)
        assert "Uden Adresse har ingen e-mailadresse selv." in response.content.decode()
        organisation.refresh_from_db()
        assert not organisation.update_token_hash and not Email.objects.exists()

    def test_another_organisations_contact_is_refused(self, client_for, staff, organisation):
        stranger = ContactFactory()
        url = reverse("bridges:organisation_update_link", args=[organisation.pk])
        response = client_for(staff).post(url, {"contact": stranger.pk}, follow=True)
        assert "Vælg en af organisationens kontakter." in response.content.decode()
        assert not Email.objects.exists()

    def test_the_staff_page_shows_the_state(self, client_for, staff, organisation):
        client = client_for(staff)
        detail = reverse("bridges:organisation_detail", args=[organisation.pk])
        send_link(client, organisation)
        assert "Der er sendt et link. Det virker til og med" in client.get(detail).content.decode()
        Organisation.objects.filter(pk=organisation.pk).update(
            update_token_expires_at=timezone.now() - timedelta(minutes=1)
        )
        assert "Det seneste link udløb" in client.get(detail).content.decode()


class TestTheOrganisationsOwnPage:
    def test_get_shows_the_public_fields_and_the_contacts(
        self, client_for, client, staff, organisation, chair
    ):
        url = send_link(client_for(staff), organisation)
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'value="Ordrup Naturvenner"' in html and 'value="birthe@example.dk"' in html
        assert 'name="kontakter-1-name"' in html  # an empty row for a new contact
        assert 'name="kontakter-1-gone"' not in html and 'name="kontakter-0-gone"' in html
        assert "noindex" in html

    def test_saving_updates_fields_and_contacts_audits_and_confirms(
        self, client_for, client, staff, organisation, chair
    ):
        nature = TopicFactory(name="Natur og miljø", slug="natur-og-miljoe")
        ordrup = DistrictFactory(name="Ordrup", slug="ordrup")
        leaving = ContactFactory(organisation=organisation, name="Kasserer Går", role="Kasserer")
        url = send_link(client_for(staff), organisation)
        data = form_data(
            organisation,
            [chair, leaving],
            new={"name": "Ida Skov", "role": "Kasserer", "email": "ida@example.dk"},
            description="Vi passer på Ordrup Krat og samler affald.",
            website="ordrup-natur.example.dk",
            topics=[nature.pk],
            districts=[ordrup.pk],
        )
        data["kontakter-0-phone"] = "30 30 30 30"
        data["kontakter-1-gone"] = "on"
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"] == url + "?gemt=1"
        organisation.refresh_from_db()
        assert organisation.description == "Vi passer på Ordrup Krat og samler affald."
        assert organisation.website == "https://ordrup-natur.example.dk"
        assert list(organisation.topics.all()) == [nature]
        assert list(organisation.districts.all()) == [ordrup]
        assert organisation.updated_by_itself_at is not None
        chair.refresh_from_db()
        leaving.refresh_from_db()
        assert chair.phone == "30 30 30 30" and chair.is_active
        assert not leaving.is_active  # gone, not deleted
        new = Contact.objects.get(email="ida@example.dk")
        assert new.organisation == organisation and new.role == "Kasserer"
        event = AuditEvent.objects.get(action="bridges.organisation_self_update")
        assert event.actor is None
        assert event.data["via"] == "updated through its own link"
        assert {"description", "website", "topics", "districts"} <= set(event.data["fields"])
        assert event.data["contacts_added"] == [new.pk]
        assert event.data["contacts_changed"] == [chair.pk]
        assert event.data["contacts_gone"] == [leaving.pk]
        receipt = Email.objects.get(kind="bridges_update_link_saved")
        assert receipt.to == "info@naturvenner.example.dk"
        assert "Kvittering" in receipt.subject and "1 kontakt tilføjet" in receipt.body
        html = client.get(response["Location"]).content.decode()
        assert "Tak: oplysningerne er opdateret" in html and "Ida Skov" in html
        assert "Kasserer Går" not in html
        # The link is an update link: it still works afterwards.
        assert client.get(url).status_code == 200

    def test_without_an_address_of_its_own_no_receipt_is_promised(
        self, client_for, client, staff, chair
    ):
        organisation = chair.organisation
        organisation.email = ""
        organisation.save(update_fields=["email"])
        url = send_link(client_for(staff), organisation, contact=chair.pk)
        response = client.post(url, form_data(organisation, [chair]))
        assert response.status_code == 302
        assert not Email.objects.filter(kind="bridges_update_link_saved").exists()
        html = client.get(response["Location"]).content.decode()
        assert "Vi har gemt det, I skrev om Ordrup Naturvenner." in html
        assert "kvittering" not in html.casefold()

    def test_a_changed_address_is_told_the_old_one_too(
        self, client_for, client, staff, organisation
    ):
        url = send_link(client_for(staff), organisation)
        client.post(url, form_data(organisation, email="ny@naturvenner.example.dk"))
        receipt = Email.objects.get(kind="bridges_update_link_saved")
        assert receipt.to == "ny@naturvenner.example.dk"
        assert receipt.cc == "info@naturvenner.example.dk"

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"name": ""}, "Giv organisationens navn."),
            ({"email": "info@"}, "Skriv en e-mailadresse som navn@eksempel.dk."),
            ({"kontakter-0-email": ""}, "Giv kontaktens e-mailadresse."),
            ({"kontakter-0-name": ""}, "Giv kontaktens navn."),
            (
                {"kontakter-1-name": "Ny", "kontakter-1-email": "BIRTHE@example.dk"},
                "hver skal have sin egen",
            ),
        ],
    )
    def test_bad_input_changes_nothing(
        self, client_for, client, staff, organisation, chair, overrides, message
    ):
        url = send_link(client_for(staff), organisation)
        response = client.post(url, form_data(organisation, [chair], **overrides))
        assert response.status_code == 400
        assert message in response.content.decode()
        organisation.refresh_from_db()
        assert organisation.updated_by_itself_at is None
        assert organisation.contacts.count() == 1
        assert not AuditEvent.objects.filter(action="bridges.organisation_self_update").exists()

    def test_a_name_already_in_the_directory_is_refused(
        self, client_for, client, staff, organisation
    ):
        OrganisationFactory(name="Vangede Boldklub")
        url = send_link(client_for(staff), organisation)
        response = client.post(url, form_data(organisation, name="Vangede boldklub"))
        assert response.status_code == 400
        assert "Kataloget har allerede en organisation med det navn" in response.content.decode()
        assert Organisation.objects.filter(name="Ordrup Naturvenner").exists()

    def test_a_contact_of_another_organisation_cannot_be_edited(
        self, client_for, client, staff, organisation
    ):
        stranger = ContactFactory(name="Fremmed Person")
        url = send_link(client_for(staff), organisation)
        response = client.post(url, form_data(organisation, [stranger]))
        assert response.status_code == 400
        stranger.refresh_from_db()
        assert stranger.name == "Fremmed Person" and stranger.organisation != organisation


class TestLinksThatDoNotWork:
    def assert_refused(self, response, status: int, organisation) -> None:
        assert response.status_code == status
        assert "Bed Gentofte Kommune om et nyt link" in response.content.decode()
        before = organisation.updated_at
        organisation.refresh_from_db()
        assert organisation.updated_at == before and organisation.updated_by_itself_at is None

    def test_an_unknown_link(self, client, organisation):
        url = reverse("bridges:self_update", args=["ikke-et-rigtigt-link"])
        self.assert_refused(client.get(url), 404, organisation)
        self.assert_refused(client.post(url, form_data(organisation)), 404, organisation)

    def test_an_expired_link(self, client_for, client, staff, organisation):
        url = send_link(client_for(staff), organisation)
        organisation.refresh_from_db()
        with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
            self.assert_refused(client.get(url), 410, organisation)
            response = client.post(url, form_data(organisation, description="Ændret"))
            self.assert_refused(response, 410, organisation)
        assert organisation.description != "Ændret"

    def test_a_link_replaced_by_a_new_one(self, client_for, client, staff, organisation):
        staff_client = client_for(staff)
        old = send_link(staff_client, organisation)
        new = send_link(staff_client, organisation)
        organisation.refresh_from_db()
        assert old != new
        self.assert_refused(client.get(old), 404, organisation)
        assert client.get(new).status_code == 200

    def test_a_revoked_link(self, client_for, client, staff, organisation):
        staff_client = client_for(staff)
        url = send_link(staff_client, organisation)
        response = staff_client.post(
            reverse("bridges:organisation_update_link", args=[organisation.pk]),
            {"revoke": "1"},
            follow=True,
        )
        assert "Opdateringslinket virker ikke længere." in response.content.decode()
        assert AuditEvent.objects.filter(action="bridges.update_link_revoke").exists()
        organisation.refresh_from_db()
        self.assert_refused(client.get(url), 404, organisation)

    def test_the_service_refuses_an_expired_link_itself(self, client_for, staff, organisation):
        url = send_link(client_for(staff), organisation)
        token = url.rstrip("/").rsplit("/", 1)[1]
        with (
            time_machine.travel(timezone.now() + timedelta(days=31)),
            pytest.raises(services.UpdateLinkInvalid) as refused,
        ):
            services.organisation_self_update(
                token=token, topics=[], districts=[], contacts=[], **services_fields(organisation)
            )
        assert refused.value.expired


def services_fields(organisation) -> dict:
    return {
        "name": organisation.name,
        "description": "Ny",
        "website": "",
        "email": organisation.email,
        "phone": "",
    }


def test_the_link_and_the_receipt_arrive_over_smtp(
    smtp_inbox, django_capture_on_commit_callbacks, client_for, client, staff, organisation
):
    with django_capture_on_commit_callbacks(execute=True):
        url = send_link(client_for(staff), organisation)
    [message] = smtp_inbox.to("info@naturvenner.example.dk")
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "http://testserver" + url in text
    assert "Ordrup Naturvenner" in message["Subject"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(organisation, phone="39 39 39 39"))
    assert response.status_code == 302
    receipt = [m for m in smtp_inbox.to("info@naturvenner.example.dk") if m is not message]
    assert len(receipt) == 1 and receipt[0]["Subject"].startswith("Kvittering")
    body = receipt[0].get_body(preferencelist=("plain",)).get_content()
    assert "Ændret: telefon" in body, body
