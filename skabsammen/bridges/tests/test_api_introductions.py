"""POST /api/v1/introductions and /api/v1/introductions/{id}/answer: the same services and
rules as the pages; the answers name nobody of the other side; errors in Danish."""

import pytest
from django.test import Client

from skabsammen.accounts.tests.factories import UserFactory
from skabsammen.bridges.models import Introduction, IntroductionStatus
from skabsammen.initiatives.tests.factories import InitiativeFactory
from skabsammen.mail.models import Email

from .introduction_helpers import (
    NOTE,
    api_post,
    contact_token,
    propose,
    reload,
    with_contact,
    with_other_idea,
)

pytestmark = pytest.mark.django_db

CREATE = "/api/v1/introductions"


def answer_path(introduction) -> str:
    return f"/api/v1/introductions/{introduction.pk}/answer"


@pytest.fixture
def api():
    return Client()


class TestCreate:
    def test_staff_propose_with_a_contact(self, api):
        sides = with_contact()
        body = {"initiative": sides.initiative.pk, "contact": sides.contact.pk, "note": NOTE}
        response = api_post(api, CREATE, body, user=sides.staff)
        assert response.status_code == 201
        introduction = Introduction.objects.get()
        assert response.json() == {"id": introduction.pk, "status": "asking_owners"}
        assert introduction.note == NOTE and introduction.proposed_by == sides.staff

    def test_staff_propose_with_another_idea(self, api):
        sides = with_other_idea()
        body = {"initiative": sides.initiative.pk, "other_initiative": sides.other.pk}
        assert api_post(api, CREATE, body, user=sides.staff).status_code == 201

    def test_a_duplicate_is_409(self, api):
        sides = with_contact()
        propose(sides)
        body = {"initiative": sides.initiative.pk, "contact": sides.contact.pk}
        response = api_post(api, CREATE, body, user=sides.staff)
        assert response.status_code == 409
        assert response.json()["code"] == "duplicate"
        assert "allerede blevet introduceret" in response.json()["detail"]
        assert Introduction.objects.count() == 1

    def test_an_owner_asks_for_contact_with_a_public_idea(self, api):
        sides = with_other_idea(public_b=True)
        body = {"initiative": sides.initiative.pk, "other_initiative": sides.other.pk}
        response = api_post(api, CREATE, body, user=sides.owner)
        assert response.status_code == 201
        assert response.json()["status"] == "asking_other"
        assert Introduction.objects.get().requested_by_owner

    def test_an_owner_cannot_name_a_contact(self, api):
        sides = with_contact()
        body = {"initiative": sides.initiative.pk, "contact": sides.contact.pk}
        response = api_post(api, CREATE, body, user=sides.owner)
        assert response.status_code == 403 and response.json()["code"] == "forbidden"
        assert "Kun kommunens medarbejdere" in response.json()["detail"]

    def test_a_citizen_who_is_not_an_owner_is_403(self, api):
        sides = with_other_idea(public_a=True, public_b=True)
        body = {"initiative": sides.initiative.pk, "other_initiative": sides.other.pk}
        assert api_post(api, CREATE, body, user=UserFactory()).status_code == 403

    def test_a_private_idea_of_somebody_else_is_404(self, api):
        sides = with_other_idea(public_b=True)
        body = {"initiative": sides.initiative.pk, "other_initiative": sides.other.pk}
        response = api_post(api, CREATE, body, user=sides.other_owner)
        assert response.status_code == 400
        assert response.json()["fields"] == {
            "initiative": ["Vi kan ikke finde en idé med det nummer."]
        }

    def test_a_private_other_idea_is_refused_like_a_missing_one(self, api):
        sides = with_other_idea()
        answers = [
            api_post(
                api,
                CREATE,
                {"initiative": sides.initiative.pk, "other_initiative": pk},
                user=sides.owner,
            ).json()
            for pk in (sides.other.pk, 99999)
        ]
        assert answers[0] == answers[1]
        assert answers[0]["code"] == "not_public"

    def test_bad_input_is_refused_in_danish(self, api):
        sides = with_contact()
        for body in (
            {"contact": sides.contact.pk},
            {"initiative": sides.initiative.pk, "contact": sides.contact.pk, "x": 1},
            {"initiative": sides.initiative.pk, "contact": "abc"},
            {"initiative": sides.initiative.pk, "contact": sides.contact.pk, "note": "x" * 1001},
        ):
            response = api_post(api, CREATE, body, user=sides.staff)
            assert response.status_code == 400, body
            assert response.json()["code"] == "invalid_input"
            assert "ugyldige felter" in response.json()["detail"]
        response = api_post(api, CREATE, {"initiative": sides.initiative.pk}, user=sides.staff)
        assert response.status_code == 400 and response.json()["code"] == "no_other_side"
        response = api_post(
            api, CREATE, {"initiative": sides.initiative.pk, "contact": 999}, user=sides.staff
        )
        assert response.status_code == 400 and "contact" in response.json()["fields"]
        assert not Introduction.objects.exists()

    def test_a_token_is_needed(self, api):
        sides = with_contact()
        body = {"initiative": sides.initiative.pk, "contact": sides.contact.pk}
        response = api_post(api, CREATE, body)
        assert response.status_code == 401 and response.json()["code"] == "unauthorized"

    def test_too_many_open_requests_is_429(self, api):
        sides = with_other_idea(public_b=True)
        for _ in range(5):
            other = InitiativeFactory(is_public=True)
            body = {"initiative": sides.initiative.pk, "other_initiative": other.pk}
            assert api_post(api, CREATE, body, user=sides.owner).status_code == 201
        body = {"initiative": sides.initiative.pk, "other_initiative": sides.other.pk}
        response = api_post(api, CREATE, body, user=sides.owner)
        assert response.status_code == 429 and response.json()["code"] == "rate_limited"


class TestAnswer:
    def test_the_owner_answers_and_the_answer_names_nobody(self, api):
        sides = with_contact()
        introduction = propose(sides)
        response = api_post(api, answer_path(introduction), {"answer": "yes"}, user=sides.owner)
        assert response.status_code == 200
        assert response.json() == {"id": introduction.pk, "status": "asking_other"}

    def test_the_contact_answers_with_the_token_and_no_account(self, api):
        sides = with_contact()
        introduction = propose(sides)
        api_post(api, answer_path(introduction), {"answer": "yes"}, user=sides.owner)
        token = contact_token(introduction)
        response = api_post(api, answer_path(introduction), {"answer": "yes", "token": token})
        assert response.status_code == 200
        assert response.json() == {"id": introduction.pk, "status": "accepted"}
        assert Email.objects.filter(kind="bridges_intro_accepted").count() == 1
        again = api_post(api, answer_path(introduction), {"answer": "no", "token": token})
        assert again.status_code == 403 and again.json()["code"] == "link_invalid"
        assert reload(introduction).status == IntroductionStatus.ACCEPTED

    def test_a_token_for_another_introduction_is_refused(self, api):
        sides = with_contact()
        introduction = propose(sides)
        api_post(api, answer_path(introduction), {"answer": "yes"}, user=sides.owner)
        other = propose(with_other_idea())
        response = api_post(
            api, answer_path(other), {"answer": "yes", "token": contact_token(introduction)}
        )
        assert response.status_code == 403
        assert reload(introduction).status == IntroductionStatus.ASKING_OTHER

    def test_answering_twice_is_409(self, api):
        sides = with_contact()
        introduction = propose(sides)
        api_post(api, answer_path(introduction), {"answer": "yes"}, user=sides.owner)
        response = api_post(api, answer_path(introduction), {"answer": "no"}, user=sides.owner)
        assert response.status_code == 409
        assert response.json() == {
            "detail": "Jeres side har allerede svaret.",
            "code": "already_answered",
        }

    def test_a_closed_one_is_409(self, api):
        sides = with_contact()
        introduction = propose(sides)
        api_post(api, answer_path(introduction), {"answer": "no"}, user=sides.owner)
        response = api_post(api, answer_path(introduction), {"answer": "yes"}, user=sides.owner)
        assert response.status_code == 409 and response.json()["code"] == "closed"
        assert reload(introduction).status == IntroductionStatus.DECLINED

    def test_a_non_owner_is_403_and_nothing_changes(self, api):
        sides = with_contact()
        introduction = propose(sides)
        for user in (UserFactory(), sides.staff):
            response = api_post(api, answer_path(introduction), {"answer": "yes"}, user=user)
            assert response.status_code == 403 and response.json()["code"] == "forbidden"
        assert reload(introduction).owners_answer == ""

    def test_bad_input(self, api):
        sides = with_contact()
        introduction = propose(sides)
        path = answer_path(introduction)
        response = api_post(api, path, {"answer": "maybe"}, user=sides.owner)
        assert response.status_code == 400
        assert response.json()["fields"] == {"answer": ["Svar ja eller nej."]}
        assert api_post(api, path, {}, user=sides.owner).status_code == 400
        assert api_post(api, path, {"answer": "yes"}).status_code == 401
        missing = api_post(
            api, "/api/v1/introductions/999/answer", {"answer": "yes"}, user=sides.owner
        )
        assert missing.status_code == 404 and missing.json()["code"] == "not_found"
        assert reload(introduction).owners_answer == ""
