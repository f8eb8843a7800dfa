"""The introductions' pages: the owners' panel on their idea's page, the contact's link,
proposing from a suggestion, asking for contact, withdrawing, the staff's overview."""

from datetime import timedelta

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from skabsammen.accounts.tests.factories import StaffFactory, UserFactory
from skabsammen.bridges.models import Answer, Introduction, IntroductionStatus
from skabsammen.bridges.services import introductions as services
from skabsammen.bridges.suggestions import Suggestion
from skabsammen.initiatives.tests.factories import InitiativeFactory
from skabsammen.municipality.tests.factories import DistrictFactory, TopicFactory

from .factories import ContactFactory
from .introduction_helpers import (
    NOTE,
    contact_token,
    propose,
    reload,
    with_contact,
    with_other_idea,
)
from .suggestion_helpers import (  # noqa: F401 (fixtures)
    _suggestion_settings,
    direction,
    near,
    store_idea_vector,
)

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


def answer_url(introduction) -> str:
    return reverse("bridges:owner_answer", args=[introduction.pk])


class TestOwnersPanel:
    def test_the_owner_sees_what_she_may_know_and_yes_and_no(self, client_for):
        sides = with_contact()
        introduction = propose(sides)
        html = page(client_for(sides.owner).get(sides.initiative.get_absolute_url()))
        assert "Forslag om at bygge bro" in html
        assert "Ordrup Naturvenner" in html and "Vi passer på naturen i Ordrup Krat." in html
        assert "forening" in html  # the organisation's kind
        assert NOTE in html
        assert f'action="{answer_url(introduction)}"' in html
        assert 'value="yes"' in html and 'value="no"' in html
        assert "Kirsten" not in html

    def test_nobody_else_sees_the_panel(self, client, client_for):
        sides = with_contact(public=True)
        propose(sides)
        url = sides.initiative.get_absolute_url()
        for html in (page(client.get(url)), page(client_for(UserFactory()).get(url))):
            assert "Forslag om at bygge bro" not in html and "Ordrup Naturvenner" not in html

    def test_staff_see_the_introductions_and_a_link_to_the_suggestions(self, client_for):
        sides = with_contact()
        propose(sides)
        html = page(client_for(StaffFactory()).get(sides.initiative.get_absolute_url()))
        assert reverse("bridges:suggestions", args=[sides.initiative.pk]) in html
        assert "Forslag til broer" in html
        assert "Kirsten Kontaktsen" in html and "Venter på idéhaverne" in html
        assert "Forslag om at bygge bro" not in html  # staff do not answer for the idea

    def test_citizens_see_no_link_to_the_suggestions(self, client_for):
        sides = with_contact()
        html = page(client_for(sides.owner).get(sides.initiative.get_absolute_url()))
        assert reverse("bridges:suggestions", args=[sides.initiative.pk]) not in html

    def test_yes_on_the_page_asks_the_other_side(self, client_for):
        sides = with_contact()
        introduction = propose(sides)
        client = client_for(sides.owner)
        response = client.post(answer_url(introduction), {"answer": "yes"}, follow=True)
        assert response.redirect_chain[-1][0] == sides.initiative.get_absolute_url()
        assert "Nu spørger vi den anden part" in page(response)
        assert reload(introduction).status == IntroductionStatus.ASKING_OTHER
        # She said yes; the panel says that the other side is awaited.
        assert "I sagde ja" in page(response)
        assert f'action="{answer_url(introduction)}"' not in page(response)

    def test_answering_twice_on_the_page_is_refused(self, client_for):
        sides = with_contact()
        introduction = propose(sides)
        client = client_for(sides.owner)
        client.post(answer_url(introduction), {"answer": "yes"})
        response = client.post(answer_url(introduction), {"answer": "no"})
        assert response.status_code == 409
        assert "Jeres side har allerede svaret." in page(response)
        assert reload(introduction).status == IntroductionStatus.ASKING_OTHER

    def test_a_non_owner_is_refused(self, client_for):
        sides = with_contact()
        introduction = propose(sides)
        response = client_for(UserFactory()).post(answer_url(introduction), {"answer": "yes"})
        assert response.status_code == 403
        assert "Kun idéhaverne" in page(response)
        assert reload(introduction).owners_answer == ""

    def test_signing_in_comes_first(self, client):
        introduction = propose(with_contact())
        response = client.post(answer_url(introduction), {"answer": "yes"})
        assert response.status_code == 302 and "/konto/" in response["Location"]

    def test_a_withdrawn_one_is_gone_from_the_panel_and_cannot_be_answered(self, client_for):
        sides = with_contact()
        introduction = propose(sides)
        services.introduction_withdraw(actor=sides.staff, introduction=introduction)
        client = client_for(sides.owner)
        assert "Ordrup Naturvenner" not in page(client.get(sides.initiative.get_absolute_url()))
        response = client.post(answer_url(introduction), {"answer": "yes"})
        assert response.status_code == 409
        assert "Introduktionen er lukket" in page(response)

    def test_past_its_deadline_it_is_closed_on_the_page_before_the_daily_job(self, client_for):
        sides = with_contact()
        introduction = propose(sides)
        client = client_for(sides.owner)
        Introduction.objects.filter(pk=introduction.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        html = page(client.get(sides.initiative.get_absolute_url()))
        assert "Forslag om at bygge bro" not in html
        response = client.post(answer_url(introduction), {"answer": "yes"})
        assert response.status_code == 409
        assert reload(introduction).status == IntroductionStatus.ASKING_OWNERS
        assert reload(introduction).owners_answer == ""

    def test_the_other_ideas_owners_see_nothing_before_side_a_said_yes(self, client_for):
        sides = with_other_idea()
        introduction = propose(sides)
        client = client_for(sides.other_owner)
        assert "Forslag om at bygge bro" not in page(client.get(sides.other.get_absolute_url()))
        services.introduction_answer_owner(
            actor=sides.owner, introduction=introduction, answer=Answer.YES
        )
        html = page(client.get(sides.other.get_absolute_url()))
        assert "Forslag om at bygge bro" in html
        assert "Idéhaverne til en anden borgers idé" in html
        assert "Blomstereng i parken" not in html
        response = client.post(answer_url(introduction), {"answer": "yes"}, follow=True)
        assert response.redirect_chain[-1][0] == sides.other.get_absolute_url()
        assert "Begge parter sagde ja" in page(response)
        assert reload(introduction).status == IntroductionStatus.ACCEPTED

    def test_a_public_other_idea_is_linked_by_its_title(self, client_for):
        sides = with_other_idea(public_b=True)
        propose(sides)
        html = page(client_for(sides.owner).get(sides.initiative.get_absolute_url()))
        assert "Bier i byen" in html and sides.other.get_absolute_url() in html


class TestTimeline:
    def test_the_public_timeline_names_the_organisation_and_nobody(self, client):
        sides = with_contact(public=True)
        introduction = propose(sides)
        services.introduction_answer_owner(
            actor=sides.owner, introduction=introduction, answer=Answer.YES
        )
        services.introduction_answer_contact(token=contact_token(introduction), answer="yes")
        html = page(client.get(sides.initiative.get_absolute_url()))
        assert "Der blev bygget bro" in html
        assert "I kontakt med Ordrup Naturvenner" in html
        assert "Kirsten" not in html

    def test_a_private_other_idea_is_not_named_on_the_timeline(self, client):
        sides = with_other_idea(public_a=True)
        introduction = propose(sides)
        services.introduction_answer_owner(
            actor=sides.owner, introduction=introduction, answer=Answer.YES
        )
        services.introduction_answer_owner(
            actor=sides.other_owner, introduction=introduction, answer=Answer.YES
        )
        html = page(client.get(sides.initiative.get_absolute_url()))
        assert "I kontakt med idéhaverne til en anden borgers idé" in html
        assert "Bier i byen" not in html


class TestContactPage:
    def asked(self, **kwargs):
        sides = with_contact(**kwargs)
        introduction = propose(sides)
        services.introduction_answer_owner(
            actor=sides.owner, introduction=introduction, answer=Answer.YES
        )
        return sides, introduction, contact_token(introduction)

    def test_get_shows_what_she_may_know_and_changes_nothing(self, client):
        sides, introduction, token = self.asked()
        topic, district = TopicFactory(name="Natur og miljø"), DistrictFactory(name="Ordrup")
        sides.initiative.topics.add(topic)
        sides.initiative.district = district
        sides.initiative.save()
        before = reload(introduction)
        response = client.get(reverse("bridges:contact_answer", args=[token]))
        html = page(response)
        assert response.status_code == 200
        assert "Natur og miljø" in html and "Ordrup" in html and NOTE in html
        assert "Blomstereng i parken" not in html and "PRIVAT-TEKST-A" not in html
        assert "Annelise" not in html
        assert 'name="robots" content="noindex"' in html
        assert response["Cache-Control"].startswith("max-age=0")
        after = reload(introduction)
        assert (after.status, after.contact_token_hash) == (
            before.status,
            before.contact_token_hash,
        )

    def test_a_public_idea_is_shown_with_its_title_and_description(self, client):
        _sides, _introduction, token = self.asked(public=True)
        html = page(client.get(reverse("bridges:contact_answer", args=[token])))
        assert "Blomstereng i parken" in html and "PRIVAT-TEKST-A" in html
        assert "Annelise Hemmeligsen" not in html

    def test_yes_accepts_and_the_link_dies(self, client):
        _sides, introduction, token = self.asked()
        url = reverse("bridges:contact_answer", args=[token])
        response = client.post(url, {"answer": "yes"})
        assert response.status_code == 200
        assert "I har begge sagt ja" in page(response)
        assert reload(introduction).status == IntroductionStatus.ACCEPTED
        for again in (client.get(url), client.post(url, {"answer": "no"})):
            assert again.status_code == 404
            assert "Linket virker ikke" in page(again)
        assert reload(introduction).status == IntroductionStatus.ACCEPTED

    def test_no_closes_it(self, client):
        _sides, introduction, token = self.asked()
        response = client.post(reverse("bridges:contact_answer", args=[token]), {"answer": "no"})
        assert "Intet om dig er givet videre" in page(response)
        assert reload(introduction).status == IntroductionStatus.DECLINED

    def test_an_expired_link_shows_a_danish_page_and_changes_nothing(self, client):
        _sides, introduction, token = self.asked()
        url = reverse("bridges:contact_answer", args=[token])
        with time_machine.travel(introduction.expires_at + timedelta(seconds=1)):
            for response in (client.get(url), client.post(url, {"answer": "yes"})):
                assert response.status_code == 410
                assert "Fristen for at svare er udløbet" in page(response)
        assert reload(introduction).other_answer == ""

    def test_an_unknown_link_shows_a_danish_page(self, client):
        response = client.get(reverse("bridges:contact_answer", args=["ukendt"]))
        assert response.status_code == 404 and "Linket virker ikke" in page(response)

    def test_a_bad_answer_changes_nothing(self, client):
        _sides, introduction, token = self.asked()
        url = reverse("bridges:contact_answer", args=[token])
        response = client.post(url, {"answer": "måske"}, follow=True)
        assert "Svar ja eller nej." in page(response)
        assert reload(introduction).status == IntroductionStatus.ASKING_OTHER


class TestPropose:
    def post(self, client, initiative, **data):
        return client.post(reverse("bridges:propose", args=[initiative.pk]), data)

    def test_the_include_renders_the_form(self, rf):
        sides = with_contact()
        suggestion = Suggestion(
            kind="contact",
            target_id=sides.contact.pk,
            title="x",
            score=0.8123,
            reason="Samme emne: Natur",
        )
        html = render_to_string(
            "bridges/includes/propose_form.html",
            {"initiative": sides.initiative, "suggestion": suggestion},
        )
        assert reverse("bridges:propose", args=[sides.initiative.pk]) in html
        assert f'name="target_id" value="{sides.contact.pk}"' in html
        assert 'name="score" value="0.8123"' in html
        assert 'name="reason" value="Samme emne: Natur"' in html
        assert "Hvorfor I to?" in html and "Foreslå introduktion" in html

    def test_staff_propose_from_a_suggestion(self, client_for):
        sides = with_contact()
        client = client_for(sides.staff)
        response = self.post(
            client,
            sides.initiative,
            kind="contact",
            target_id=sides.contact.pk,
            note=NOTE,
            reason="Samme emne: Natur",
            score="0.75",
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("bridges:suggestions", args=[sides.initiative.pk])
        introduction = Introduction.objects.get()
        assert introduction.note == NOTE and introduction.score == 0.75
        assert introduction.reason == "Samme emne: Natur"
        assert introduction.proposed_by == sides.staff

    def test_a_duplicate_is_refused_on_the_page(self, client_for):
        sides = with_contact()
        propose(sides)
        response = self.post(
            client_for(sides.staff),
            sides.initiative,
            kind="contact",
            target_id=sides.contact.pk,
        )
        assert response.status_code == 409
        assert "allerede blevet introduceret" in page(response)
        assert Introduction.objects.count() == 1

    def test_another_idea_is_proposed_too(self, client_for):
        sides = with_other_idea()
        self.post(
            client_for(sides.staff),
            sides.initiative,
            kind="initiative",
            target_id=sides.other.pk,
        )
        assert Introduction.objects.get().other_initiative == sides.other

    def test_bad_input_is_refused_in_danish(self, client_for):
        sides = with_contact()
        client = client_for(sides.staff)
        for data in (
            {"kind": "organisation", "target_id": 1},
            {"kind": "contact", "target_id": 999},
        ):
            response = self.post(client, sides.initiative, **data)
            assert response.status_code == 400
        assert "Vælg en kontakt eller en anden idé" in page(
            self.post(client, sides.initiative, kind="x", target_id=sides.contact.pk)
        )
        assert not Introduction.objects.exists()

    def test_citizens_cannot_propose(self, client, client_for):
        sides = with_contact()
        data = {"kind": "contact", "target_id": sides.contact.pk}
        assert self.post(client_for(sides.owner), sides.initiative, **data).status_code == 403
        assert self.post(client, sides.initiative, **data).status_code == 302
        assert not Introduction.objects.exists()


class TestRequestContact:
    @pytest.fixture
    def similar(self):
        base = direction(1)
        sides = with_other_idea(public_b=True)
        store_idea_vector(sides.initiative, base)
        store_idea_vector(sides.other, near(base, 0.3, 1))
        return sides

    def test_the_owner_sees_similar_public_ideas_and_asks_for_contact(self, similar, client_for):
        client = client_for(similar.owner)
        html = page(client.get(similar.initiative.get_absolute_url()))
        assert "Idéer der ligner din" in html and "Bier i byen" in html
        assert "Bed om kontakt" in html
        response = client.post(
            reverse("bridges:request_contact", args=[similar.initiative.pk]),
            {"other_initiative": similar.other.pk, "note": "Skal vi mødes?"},
            follow=True,
        )
        assert "Vi har spurgt den anden idés idéhavere" in page(response)
        introduction = Introduction.objects.get()
        assert introduction.requested_by_owner
        assert introduction.status == IntroductionStatus.ASKING_OTHER
        assert "Der er bedt om kontakt" in page(response)
        assert "I har bedt om kontakt med dem." in page(response)  # waiting for the other side
        other_page = page(client_for(similar.other_owner).get(similar.other.get_absolute_url()))
        assert "har bedt om kontakt med jer" in other_page and "Skal vi mødes?" in other_page

    def test_others_do_not_see_the_similar_ideas(self, similar, client_for):
        for user in (UserFactory(), similar.staff):
            html = page(client_for(user).get(similar.other.get_absolute_url()))
            assert "Idéer der ligner din" not in html

    def test_a_non_owner_cannot_ask(self, similar, client_for):
        response = client_for(UserFactory()).post(
            reverse("bridges:request_contact", args=[similar.initiative.pk]),
            {"other_initiative": similar.other.pk},
        )
        assert response.status_code in (403, 404)
        assert not Introduction.objects.exists()

    def test_a_private_or_missing_idea_is_refused_alike(self, similar, client_for):
        client = client_for(similar.owner)
        private = InitiativeFactory(is_public=False)
        answers = [
            client.post(
                reverse("bridges:request_contact", args=[similar.initiative.pk]),
                {"other_initiative": pk},
            )
            for pk in (private.pk, 99999)
        ]
        assert [a.status_code for a in answers] == [400, 400]
        assert all("Vi kan ikke finde en offentlig idé" in page(a) for a in answers)
        assert not Introduction.objects.exists()

    def test_the_sixth_open_request_is_refused(self, similar, client_for):
        client = client_for(similar.owner)
        for _ in range(services.OPEN_REQUESTS_MAX):
            services.introduction_request(
                actor=similar.owner,
                initiative=similar.initiative,
                other_initiative=InitiativeFactory(is_public=True),
            )
        response = client.post(
            reverse("bridges:request_contact", args=[similar.initiative.pk]),
            {"other_initiative": similar.other.pk},
        )
        assert response.status_code == 429
        assert "højst have 5 åbne" in page(response)


class TestWithdrawAndOverview:
    def test_staff_withdraw_from_the_overview(self, client_for):
        sides = with_contact()
        introduction = propose(sides)
        client = client_for(sides.staff)
        html = page(client.get(reverse("bridges:overview")))
        assert "Blomstereng i parken" in html and "Venter på idéhaverne" in html
        assert introduction.expires_at.strftime("%Y") in html
        response = client.post(
            reverse("bridges:withdraw", args=[introduction.pk]),
            {"next": reverse("bridges:overview")},
            follow=True,
        )
        assert "Introduktionen er trukket tilbage" in page(response)
        assert reload(introduction).status == IntroductionStatus.WITHDRAWN
        assert "Lukket de seneste 30 dage" in page(response)

    def test_withdraw_does_not_redirect_elsewhere(self, client_for):
        sides = with_contact()
        introduction = propose(sides)
        response = client_for(sides.staff).post(
            reverse("bridges:withdraw", args=[introduction.pk]),
            {"next": "https://evil.example/"},
        )
        assert response["Location"] == reverse("bridges:overview")

    def test_citizens_cannot_withdraw_or_see_the_overview(self, client, client_for):
        sides = with_contact()
        introduction = propose(sides)
        owner = client_for(sides.owner)
        assert owner.post(reverse("bridges:withdraw", args=[introduction.pk])).status_code == 403
        assert owner.get(reverse("bridges:overview")).status_code == 403
        assert client.get(reverse("bridges:overview")).status_code == 302
        assert reload(introduction).is_open

    def test_the_overview_says_whom_we_wait_for_and_links_on(self, client_for):
        waiting_for_contact = with_contact()
        introduction = propose(waiting_for_contact)
        services.introduction_answer_owner(
            actor=waiting_for_contact.owner, introduction=introduction, answer=Answer.YES
        )
        html = page(client_for(StaffFactory()).get(reverse("bridges:overview")))
        assert "Venter på kontakten" in html and "Kirsten Kontaktsen" in html
        for name in ("bridges:staff_directory", "bridges:import_upload", "bridges:figures"):
            assert reverse(name) in html

    def test_the_staff_overview_query_count_is_bounded(
        self, client_for, django_assert_max_num_queries
    ):
        staff = StaffFactory()
        for _ in range(8):
            services.introduction_propose(
                actor=staff, initiative=InitiativeFactory(), contact=ContactFactory()
            )
        client = client_for(staff)
        with django_assert_max_num_queries(6):
            assert client.get(reverse("bridges:overview")).status_code == 200


def test_the_idea_page_stays_within_its_query_bound_for_staff(
    client_for, django_assert_max_num_queries
):
    sides = with_contact()
    for _ in range(5):
        sides.contact = ContactFactory()
        propose(sides)
    client = client_for(StaffFactory())
    with django_assert_max_num_queries(16):
        assert client.get(sides.initiative.get_absolute_url()).status_code == 200


def test_the_anonymous_idea_page_asks_nothing_of_bridges(client, django_assert_max_num_queries):
    sides = with_contact(public=True)
    propose(sides)
    with django_assert_max_num_queries(8):
        assert client.get(sides.initiative.get_absolute_url()).status_code == 200
