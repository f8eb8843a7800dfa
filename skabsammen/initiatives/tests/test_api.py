"""/api/v1/initiatives: the same rules as the pages, errors as {"detail", "code"}."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from skabsammen.accounts.models import Role, User
from skabsammen.accounts.services import api_token_create
from skabsammen.accounts.tests.factories import StaffFactory, UserFactory
from skabsammen.initiatives.models import Initiative, Status
from skabsammen.municipality.tests.factories import DistrictFactory, TopicFactory

from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/initiatives"
TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()


class Api:
    def __init__(self, user=None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            self.headers["Authorization"] = f"Bearer {api_token_create(user=user)}"

    def _send(self, method, path, body=None):
        response = getattr(self.client, method)(
            path,
            data=json.dumps(body) if body is not None else None,
            content_type="application/json",
            headers=self.headers,
        )
        return response.status_code, response.json() if response.content else None

    def get(self, path):
        response = self.client.get(path, headers=self.headers)
        return response.status_code, response.json()

    def post(self, path, body):
        return self._send("post", path, body)

    def patch(self, path, body):
        return self._send("patch", path, body)


def assert_error(result, status: int, code: str):
    got_status, body = result
    assert got_status == status, body
    assert body["code"] == code, body
    assert isinstance(body["detail"], str) and body["detail"]


class TestReading:
    def test_the_list_is_paged_and_filtered(self, django_assert_max_num_queries):
        topic, district = TopicFactory(slug="klima"), DistrictFactory(slug="vangede")
        matching = InitiativeFactory.create_batch(3, status=Status.IN_DIALOGUE, district=district)
        for initiative in matching:
            initiative.topics.add(topic)
        InitiativeFactory.create_batch(2, status=Status.RECEIVED)
        InitiativeFactory(status=Status.IN_DIALOGUE, district=district, is_public=False)

        with django_assert_max_num_queries(10):
            status, body = Api().get(
                f"{URL}?status=in_dialogue&topic=klima&district=vangede&page_size=2"
            )
        assert status == 200
        assert body["count"] == 3
        assert len(body["items"]) == 2
        item = body["items"][0]
        assert item["topics"] == ["klima"] and item["district"] == "vangede"
        assert item["url"].startswith("http://testserver/initiativer/")
        _, page_two = Api().get(f"{URL}?status=in_dialogue&page_size=2&page=2")
        assert len(page_two["items"]) == 1

    def test_the_list_needs_few_queries_whatever_the_amount_of_data(
        self, django_assert_max_num_queries
    ):
        for _ in range(30):
            InitiativeFactory(status=Status.UNDERWAY).topics.add(TopicFactory())
        api = Api(UserFactory())
        with django_assert_max_num_queries(10):
            status, body = api.get(f"{URL}?page_size=100")
        assert status == 200 and body["count"] == 30

    def test_private_ideas_are_visible_to_their_owners_and_staff_only(self):
        private = InitiativeFactory(is_public=False)
        owner = private.owners.get()
        assert Api().get(URL)[1]["count"] == 0
        assert Api(UserFactory()).get(f"{URL}/{private.pk}")[0] == 404
        assert Api(owner).get(URL)[1]["count"] == 1
        assert Api(owner).get(f"{URL}/{private.pk}")[0] == 200
        assert Api(StaffFactory()).get(f"{URL}/{private.pk}")[0] == 200

    def test_the_detail_has_the_public_page_contact_person_next_step_and_timeline(self):
        initiative = InitiativeFactory(status=Status.UNDERWAY)
        status, body = Api().get(f"{URL}/{initiative.pk}")
        assert status == 200
        assert body["url"] == f"http://testserver/initiativer/{initiative.pk}/"
        assert body["contact_person"]["name"] == initiative.contact_person.name
        assert body["next_step"] == initiative.next_step
        assert body["next_step_due"] == initiative.next_step_due.isoformat()
        assert [event["kind"] for event in body["timeline"]] == ["submitted"]

    @pytest.mark.parametrize(
        ("query", "code"),
        [
            ("status=approved", "invalid_filter"),
            ("topic=findes-ikke", "invalid_filter"),
            ("district=aarhus", "invalid_filter"),
            ("page=0", "invalid_input"),
            ("page_size=1000", "invalid_input"),
        ],
    )
    def test_bad_filters_get_a_danish_error(self, query, code):
        assert_error(Api().get(f"{URL}?{query}"), 400, code)

    def test_an_unknown_idea_is_404_json(self):
        assert_error(Api().get(f"{URL}/999999"), 404, "not_found")

    def test_the_openapi_document_describes_the_endpoints(self, client):
        schema = client.get("/api/v1/openapi.json").json()
        paths = schema["paths"]
        assert {"/api/v1/initiatives", "/api/v1/initiatives/{initiative_id}"} <= set(paths)
        for action in ("messages", "assign", "transition"):
            assert f"/api/v1/initiatives/{{initiative_id}}/{action}" in paths
        assert "bearer" in json.dumps(schema["components"]["securitySchemes"]).lower()


class TestWriting:
    def test_a_citizen_submits_an_idea(self):
        citizen = UserFactory()
        TopicFactory(slug="klima")
        DistrictFactory(slug="vangede")
        status, body = Api(citizen).post(
            URL,
            {
                "title": "Fællesskabskøleskab",
                "description": "Et køleskab mod madspild.",
                "help_wanted": ["premises"],
                "topics": ["klima"],
                "district": "vangede",
                "public": True,
            },
        )
        assert status == 201, body
        assert body["status"] == "received" and body["topics"] == ["klima"]
        assert list(Initiative.objects.get(pk=body["id"]).owners.all()) == [citizen]

    def test_writing_needs_a_valid_token(self):
        assert_error(Api().post(URL, {"title": "x", "description": "y"}), 401, "unauthorized")
        api = Api()
        api.headers["Authorization"] = "Bearer forkert"
        assert_error(api.post(URL, {"title": "x", "description": "y"}), 401, "unauthorized")
        assert_error(api.get(URL), 401, "unauthorized")
        assert not Initiative.objects.exists()

    @pytest.mark.parametrize(
        ("body", "code"),
        [
            ({"description": "Ingen titel"}, "invalid_input"),
            ({"title": "x" * 121, "description": "y"}, "invalid_input"),
            ({"title": "  ", "description": "y"}, "required"),
            ({"title": "x", "description": "y", "help_wanted": ["penge"]}, "invalid_choice"),
            ({"title": "x", "description": "y", "topics": ["ukendt"]}, "unknown_topic"),
            ({"title": "x", "description": "y", "district": "aarhus"}, "unknown_district"),
            ({"title": "x", "description": "y", "public": "måske"}, "invalid_input"),
        ],
    )
    def test_bad_input_changes_nothing(self, body, code):
        result = Api(UserFactory()).post(URL, body)
        assert_error(result, 400, code)
        assert not Initiative.objects.exists()

    def test_a_body_that_is_not_json_is_refused(self):
        api = Api(UserFactory())
        response = api.client.post(
            URL, data="{ikke json", content_type="application/json", headers=api.headers
        )
        assert response.status_code == 400
        assert response.json()["code"] == "invalid_json"

    def test_markup_is_stored_as_text_and_shown_escaped(self, client):
        citizen = UserFactory()
        status, body = Api(citizen).post(
            URL, {"title": "<script>alert(1)</script>", "description": "<b>fed</b>"}
        )
        assert status == 201 and body["title"] == "<script>alert(1)</script>"
        page = client.get(f"/initiativer/{body['id']}/").content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_the_workflow_through_the_api(self):
        staff = StaffFactory(email="kontakt@gentofte.dk")
        initiative = InitiativeFactory()
        owner = initiative.owners.get()
        path = f"{URL}/{initiative.pk}"

        # Listen first: no decision before the first message.
        assert_error(
            Api(staff).post(
                f"{path}/transition", {"status": "declined", "reason": "x", "referral": "y"}
            ),
            403,
            "forbidden",
        )
        status, body = Api(staff).post(f"{path}/assign", {"contact_person": "kontakt@gentofte.dk"})
        assert status == 200 and body["contact_person"]["name"] == staff.name
        assert_error(
            Api(staff).post(
                f"{path}/transition", {"status": "declined", "reason": "x", "referral": "y"}
            ),
            400,
            "listen_first",
        )
        assert_error(
            Api(staff).post(f"{path}/messages", {"text": "Hej"}), 400, "next_step_required"
        )
        status, message = Api(staff).post(
            f"{path}/messages",
            {"text": "Tak for idéen.", "next_step": "Vi mødes", "next_step_due": TOMORROW},
        )
        assert status == 201 and message["lix"] is not None
        assert Api().get(path)[1]["status"] == "in_dialogue"

        # The contact person moves it on; a past date is refused.
        yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
        assert_error(
            Api(staff).post(
                f"{path}/transition",
                {"status": "trial", "next_step": "Prøv", "next_step_due": yesterday},
            ),
            400,
            "due_in_past",
        )
        status, body = Api(staff).post(
            f"{path}/transition",
            {"status": "trial", "next_step": "Prøv én lørdag", "next_step_due": TOMORROW},
        )
        assert status == 200 and body["status"] == "trial"
        assert body["next_step"] == "Prøv én lørdag"

        # Staff never take over the citizen's text; the owner edits it.
        assert_error(Api(staff).patch(path, {"title": "Kommunens titel"}), 403, "forbidden")
        status, body = Api(owner).patch(path, {"title": "Min bedre titel"})
        assert status == 200 and body["title"] == "Min bedre titel"
        assert body["description"] == initiative.description

        # A citizen calling a staff action.
        assert_error(
            Api(owner).post(f"{path}/assign", {"contact_person": "kontakt@gentofte.dk"}),
            403,
            "forbidden",
        )
        # The owner pauses and resumes.
        assert Api(owner).post(f"{path}/transition", {"status": "paused"})[1]["status"] == "paused"
        assert Api(owner).post(f"{path}/transition", {"status": "trial"})[1]["status"] == "trial"

    def test_assigning_an_unknown_address_is_refused(self):
        staff = StaffFactory()
        initiative = InitiativeFactory()
        assert_error(
            Api(staff).post(
                f"{URL}/{initiative.pk}/assign", {"contact_person": "ingen@gentofte.dk"}
            ),
            400,
            "unknown_contact_person",
        )

    def test_internal_notes_are_hidden_from_the_citizen(self):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        staff = initiative.contact_person
        Api(staff).post(f"{URL}/{initiative.pk}/messages", {"text": "Intern", "internal": True})
        Api(staff).post(f"{URL}/{initiative.pk}/messages", {"text": "Til borgeren"})
        _, for_owner = Api(initiative.owners.get()).get(f"{URL}/{initiative.pk}/messages")
        _, for_staff = Api(staff).get(f"{URL}/{initiative.pk}/messages")
        assert [m["text"] for m in for_owner] == ["Til borgeren"]
        assert [m["text"] for m in for_staff] == ["Intern", "Til borgeren"]
        assert_error(Api(UserFactory()).get(f"{URL}/{initiative.pk}/messages"), 403, "forbidden")

    def test_errors_are_in_danish_by_default_and_english_on_request(self):
        _, danish = Api().get(f"{URL}?status=approved")
        api = Api()
        response = api.client.get(f"{URL}?status=approved", headers={"Accept-Language": "en"})
        assert danish["detail"] == "Ukendt status: approved"
        assert response.json()["detail"] == "Unknown status: approved"


class TestCreateApiToken:
    def test_creates_the_user_and_prints_a_working_token(self):
        out = StringIO()
        call_command(
            "create_api_token",
            "ny.medarbejder@gentofte.dk",
            "--role",
            "staff",
            "--department",
            "Borgerservice",
            stdout=out,
        )
        token = out.getvalue().strip()
        user = User.objects.get(email="ny.medarbejder@gentofte.dk")
        assert user.role == Role.STAFF and user.department.name == "Borgerservice"
        response = Client().get(URL, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200

    def test_refuses_to_change_the_role_of_an_existing_user(self):
        from django.core.management.base import CommandError

        UserFactory(email="borger@example.dk")
        with pytest.raises(CommandError):
            call_command(
                "create_api_token",
                "borger@example.dk",
                "--role",
                "administrator",
                stdout=StringIO(),
            )
        assert User.objects.get(email="borger@example.dk").role == Role.CITIZEN


class TestStrictInput:
    @pytest.mark.parametrize(
        "field", ["title", "description", "public", "help_wanted", "place", "topics"]
    )
    def test_null_is_refused_where_a_value_is_needed(self, field):
        initiative = InitiativeFactory()
        status, body = Api(initiative.owners.get()).patch(f"{URL}/{initiative.pk}", {field: None})
        assert status == 400 and body["code"] == "invalid_input", body
        assert field in body["fields"]

    def test_district_null_clears_it(self):
        initiative = InitiativeFactory(district=DistrictFactory())
        status, body = Api(initiative.owners.get()).patch(
            f"{URL}/{initiative.pk}", {"district": None}
        )
        assert status == 200 and body["district"] is None

    def test_an_unknown_field_is_refused_not_ignored(self):
        initiative = InitiativeFactory()
        status, body = Api(initiative.owners.get()).patch(
            f"{URL}/{initiative.pk}", {"status": "realised"}
        )
        assert status == 400 and "status" in body["fields"]
        assert Initiative.objects.get().status == Status.RECEIVED
        assert not initiative.timeline.filter(kind="edited").exists()

    def test_a_patch_that_changes_nothing_records_nothing(self):
        initiative = InitiativeFactory()
        Api(initiative.owners.get()).patch(f"{URL}/{initiative.pk}", {"title": initiative.title})
        assert not initiative.timeline.filter(kind="edited").exists()

    def test_permission_comes_before_looking_anything_up(self):
        initiative = InitiativeFactory()
        assert_error(
            Api(StaffFactory()).patch(f"{URL}/{initiative.pk}", {"topics": ["findes-ikke"]}),
            403,
            "forbidden",
        )

    def test_assign_says_the_same_for_a_citizens_address_and_an_unknown_one(self):
        staff = StaffFactory()
        initiative = InitiativeFactory()
        citizen = UserFactory(email="borger.med.konto@example.dk")
        path = f"{URL}/{initiative.pk}/assign"
        known = Api(staff).post(path, {"contact_person": citizen.email})
        unknown = Api(staff).post(path, {"contact_person": "ingen@example.dk"})
        assert known == unknown
        assert_error(known, 400, "unknown_contact_person")

    def test_a_huge_page_number_is_refused(self):
        assert_error(Api().get(f"{URL}?page=99999999999999999999"), 400, "invalid_input")

    def test_unknown_paths_and_methods_answer_json(self, client):
        response = client.get("/api/v1/findes-ikke")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        response = client.delete(URL)
        assert response.status_code == 405
        assert response.json()["code"] == "method_not_allowed"

    def test_too_many_ideas_is_429(self, settings):
        settings.IDEAS_PER_HOUR = 1
        api = Api(UserFactory())
        assert api.post(URL, {"title": "a", "description": "b"})[0] == 201
        assert_error(api.post(URL, {"title": "c", "description": "d"}), 429, "rate_limited")
