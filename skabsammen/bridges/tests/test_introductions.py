"""Introductions through the services: who may propose, answer, request and withdraw, in
which state; side A first; one e-mail with everybody's details when both said yes."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from skabsammen.accounts.tests.factories import StaffFactory, UserFactory
from skabsammen.audit.models import AuditEvent
from skabsammen.bridges.models import Answer, Introduction, IntroductionStatus, token_hash
from skabsammen.bridges.services import introductions as services
from skabsammen.common.permissions import Forbidden
from skabsammen.initiatives.models import Ownership, Status, TimelineEvent
from skabsammen.initiatives.tests.factories import InitiativeFactory
from skabsammen.mail.models import SECRET_MARK, Email

from .factories import ContactFactory
from .introduction_helpers import (
    NOTE,
    contact_token,
    emails_to,
    propose,
    reload,
    with_contact,
    with_other_idea,
)

pytestmark = pytest.mark.django_db


def code_of(error) -> str:
    return error.value.error_list[0].code if hasattr(error.value, "error_list") else ""


def yes_from_a(sides, introduction):
    return services.introduction_answer_owner(
        actor=sides.owner, introduction=introduction, answer=Answer.YES
    )


class TestPropose:
    def test_the_owners_are_asked_first_by_an_email_naming_the_organisation(self):
        sides = with_contact()
        introduction = propose(sides)
        assert introduction.status == IntroductionStatus.ASKING_OWNERS
        assert introduction.pair_key == f"{sides.initiative.pk}-c{sides.contact.pk}"
        assert introduction.organisation == sides.contact.organisation
        assert introduction.expires_at == introduction.asked_at + timedelta(
            days=settings.BRIDGES_ANSWER_DAYS
        )
        (email,) = emails_to(sides.owner.email)
        assert email.kind == "bridges_intro_asked_owners"
        assert "Ordrup Naturvenner" in email.body and NOTE in email.body
        assert sides.initiative.get_absolute_url() in email.body
        assert "Kirsten" not in email.body
        # The contact hears nothing until the owners said yes.
        assert emails_to(sides.contact.email) == []
        assert AuditEvent.objects.filter(action="bridges.introduction_propose").exists()

    def test_another_private_idea_is_named_only_as_another_citizens_idea(self):
        sides = with_other_idea()
        propose(sides)
        (email,) = emails_to(sides.owner.email)
        assert "Bier i byen" not in email.body
        assert "en anden borgers idé" in email.body
        assert emails_to(sides.other_owner.email) == []

    def test_another_public_idea_is_named_by_its_title(self):
        sides = with_other_idea(public_b=True)
        propose(sides)
        (email,) = emails_to(sides.owner.email)
        assert "Bier i byen" in email.body

    def test_only_staff_propose(self):
        sides = with_contact()
        sides.staff = UserFactory()
        with pytest.raises(Forbidden):
            propose(sides)
        assert not Introduction.objects.exists()

    def test_a_duplicate_is_refused(self):
        sides = with_contact()
        propose(sides)
        with pytest.raises(ValidationError) as error:
            propose(sides)
        assert code_of(error) == services.DUPLICATE
        assert "allerede" in error.value.messages[0]
        assert Introduction.objects.count() == 1

    def test_a_pair_of_ideas_is_the_same_pair_either_way_round(self):
        sides = with_other_idea()
        propose(sides)
        with pytest.raises(ValidationError) as error:
            services.introduction_propose(
                actor=sides.staff, initiative=sides.other, other_initiative=sides.initiative
            )
        assert code_of(error) == services.DUPLICATE

    def test_the_database_refuses_a_duplicate_that_slips_past_the_check(self, monkeypatch):
        sides = with_contact()
        propose(sides)
        real = services._check_pair_is_free
        calls = []

        def first_time_blind(pair_key):
            calls.append(pair_key)
            if len(calls) > 1:
                real(pair_key)

        monkeypatch.setattr(services, "_check_pair_is_free", first_time_blind)
        with pytest.raises(ValidationError) as error:
            propose(sides)
        assert code_of(error) == services.DUPLICATE
        assert Introduction.objects.count() == 1

    def test_the_constraint_holds_in_the_database(self):
        sides = with_contact()
        introduction = propose(sides)
        with pytest.raises(IntegrityError), transaction.atomic():
            Introduction.objects.create(
                initiative=sides.initiative,
                contact=sides.contact,
                pair_key=introduction.pair_key,
                expires_at=timezone.now(),
            )

    @pytest.mark.parametrize("ending", ["expired", "withdrawn"])
    def test_after_an_expired_or_withdrawn_one_the_pair_may_be_proposed_again(self, ending):
        sides = with_contact()
        introduction = propose(sides)
        if ending == "expired":
            services.introductions_close_expired(now=introduction.expires_at)
        else:
            services.introduction_withdraw(actor=sides.staff, introduction=introduction)
        assert propose(sides).status == IntroductionStatus.ASKING_OWNERS

    def test_a_declined_pair_is_not_proposed_again(self):
        sides = with_contact()
        introduction = propose(sides)
        services.introduction_answer_owner(
            actor=sides.owner, introduction=introduction, answer=Answer.NO
        )
        with pytest.raises(ValidationError):
            propose(sides)

    def test_an_inactive_contact_is_refused(self):
        sides = with_contact()
        sides.contact.is_active = False
        sides.contact.save()
        with pytest.raises(ValidationError) as error:
            propose(sides)
        assert code_of(error) == "contact_inactive"

    def test_a_contact_of_an_inactive_organisation_is_refused(self):
        sides = with_contact()
        sides.contact.organisation.is_active = False
        sides.contact.organisation.save()
        with pytest.raises(ValidationError):
            propose(sides)

    def test_an_idea_with_no_owner_yet_is_refused(self):
        sides = with_contact()
        Ownership.objects.filter(initiative=sides.initiative).delete()
        sides.initiative.pending_owner_email = "invited@example.dk"
        sides.initiative.save()
        with pytest.raises(ValidationError) as error:
            propose(sides)
        assert code_of(error) == "initiative_no_owner"
        assert not Email.objects.exists()

    def test_the_same_idea_is_refused(self):
        sides = with_other_idea()
        sides.other = sides.initiative
        with pytest.raises(ValidationError) as error:
            propose(sides)
        assert code_of(error) == "same_initiative"

    def test_a_withdrawn_other_idea_is_refused(self):
        sides = with_other_idea()
        sides.other.status = Status.WITHDRAWN
        sides.other.save()
        with pytest.raises(ValidationError) as error:
            propose(sides)
        assert code_of(error) == "other_withdrawn"

    def test_ideas_with_the_same_owners_are_refused(self):
        sides = with_other_idea()
        Ownership.objects.filter(initiative=sides.other).update(user=sides.owner)
        with pytest.raises(ValidationError) as error:
            propose(sides)
        assert code_of(error) == "same_owners"

    def test_neither_or_both_other_sides_are_refused(self):
        sides = with_contact()
        with pytest.raises(ValidationError):
            services.introduction_propose(actor=sides.staff, initiative=sides.initiative)
        with pytest.raises(ValidationError):
            services.introduction_propose(
                actor=sides.staff,
                initiative=sides.initiative,
                contact=sides.contact,
                other_initiative=InitiativeFactory(),
            )

    def test_a_note_too_long_is_refused(self):
        sides = with_contact()
        with pytest.raises(ValidationError) as error:
            propose(sides, note="x" * 1001)
        assert "note" in error.value.message_dict
        assert not Introduction.objects.exists()


class TestOwnersAnswer:
    def test_yes_asks_the_contact_with_a_single_use_link_and_a_new_deadline(self):
        sides = with_contact()
        introduction = propose(sides)
        with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
            introduction = yes_from_a(sides, introduction)
            assert introduction.expires_at == timezone.now() + timedelta(
                days=settings.BRIDGES_ANSWER_DAYS
            )
        assert introduction.status == IntroductionStatus.ASKING_OTHER
        assert introduction.owners_answered_by == sides.owner
        (email,) = emails_to(sides.contact.email)
        token = contact_token(introduction)
        assert introduction.contact_token_hash == token_hash(token)
        assert token not in email.body and SECRET_MARK in email.body
        assert "/broer/svar/" in email.body
        assert "Annelise" not in email.body and "PRIVAT-TEKST-A" not in email.body

    def test_a_public_idea_is_described_to_the_contact(self):
        sides = with_contact(public=True)
        yes_from_a(sides, propose(sides))
        (email,) = emails_to(sides.contact.email)
        assert "Blomstereng i parken" in email.body and "PRIVAT-TEKST-A" in email.body
        assert "Annelise Hemmeligsen" not in email.body

    def test_yes_asks_the_other_ideas_owners_on_their_page(self):
        sides = with_other_idea()
        introduction = yes_from_a(sides, propose(sides))
        assert introduction.status == IntroductionStatus.ASKING_OTHER
        (email,) = emails_to(sides.other_owner.email)
        assert email.kind == "bridges_intro_asked_other_owners"
        assert sides.other.get_absolute_url() in email.body
        assert "Blomstereng" not in email.body and "Annelise" not in email.body

    def test_no_closes_it_and_nobody_else_is_told(self):
        sides = with_contact()
        introduction = services.introduction_answer_owner(
            actor=sides.owner, introduction=propose(sides), answer=Answer.NO
        )
        assert introduction.status == IntroductionStatus.DECLINED
        assert introduction.closed_at is not None
        assert emails_to(sides.contact.email) == []
        assert [e.kind for e in emails_to(sides.owner.email)] == ["bridges_intro_asked_owners"]

    def test_any_one_owner_answers_for_the_side(self):
        sides = with_contact()
        co_owner = UserFactory()
        Ownership.objects.create(initiative=sides.initiative, user=co_owner)
        introduction = propose(sides)
        assert len(emails_to(co_owner.email)) == 1
        services.introduction_answer_owner(
            actor=co_owner, introduction=introduction, answer=Answer.YES
        )
        with pytest.raises(ValidationError) as error:
            services.introduction_answer_owner(
                actor=sides.owner, introduction=introduction, answer=Answer.NO
            )
        assert code_of(error) == services.ALREADY_ANSWERED
        assert reload(introduction).status == IntroductionStatus.ASKING_OTHER

    def test_answering_twice_is_refused_and_changes_nothing(self):
        sides = with_contact()
        introduction = yes_from_a(sides, propose(sides))
        before = Email.objects.count()
        with pytest.raises(ValidationError) as error:
            yes_from_a(sides, introduction)
        assert code_of(error) == services.ALREADY_ANSWERED
        assert "allerede" in error.value.messages[0]
        assert Email.objects.count() == before
        assert reload(introduction).contact_token_hash == introduction.contact_token_hash

    def test_answering_from_a_stale_copy_is_refused(self):
        """Two answers read the same open row; the lock makes the second see the first."""
        sides = with_contact()
        introduction = propose(sides)
        stale = Introduction.objects.get(pk=introduction.pk)
        yes_from_a(sides, introduction)
        with pytest.raises(ValidationError):
            services.introduction_answer_owner(
                actor=sides.owner, introduction=stale, answer=Answer.NO
            )
        assert reload(introduction).status == IntroductionStatus.ASKING_OTHER

    def test_a_non_owner_cannot_answer(self):
        sides = with_contact()
        introduction = propose(sides)
        for somebody in (UserFactory(), StaffFactory()):
            with pytest.raises(Forbidden):
                services.introduction_answer_owner(
                    actor=somebody, introduction=introduction, answer=Answer.YES
                )
        assert reload(introduction).owners_answer == ""

    def test_the_other_ideas_owners_cannot_answer_before_they_are_asked(self):
        sides = with_other_idea()
        introduction = propose(sides)
        with pytest.raises(Forbidden):
            services.introduction_answer_owner(
                actor=sides.other_owner, introduction=introduction, answer=Answer.YES
            )
        assert reload(introduction).other_answer == ""

    def test_a_closed_one_cannot_be_answered(self):
        sides = with_contact()
        introduction = propose(sides)
        services.introduction_withdraw(actor=sides.staff, introduction=introduction)
        with pytest.raises(ValidationError) as error:
            yes_from_a(sides, introduction)
        assert code_of(error) == services.CLOSED
        assert reload(introduction).status == IntroductionStatus.WITHDRAWN

    def test_past_the_deadline_it_cannot_be_answered_even_before_it_is_closed(self):
        sides = with_contact()
        introduction = propose(sides)
        late = introduction.expires_at + timedelta(minutes=1)
        with time_machine.travel(late), pytest.raises(ValidationError) as error:
            yes_from_a(sides, introduction)
        assert code_of(error) == services.CLOSED
        assert reload(introduction).owners_answer == ""

    def test_a_bad_answer_is_refused(self):
        sides = with_contact()
        with pytest.raises(ValidationError) as error:
            services.introduction_answer_owner(
                actor=sides.owner, introduction=propose(sides), answer="maybe"
            )
        assert error.value.message_dict["answer"] == ["Svar ja eller nej."]


class TestBothSaidYes:
    def test_a_contact_saying_yes_shares_everybodys_details_in_one_email(self):
        sides = with_contact()
        introduction = yes_from_a(sides, propose(sides))
        token = contact_token(introduction)
        introduction = services.introduction_answer_contact(token=token, answer=Answer.YES)
        assert introduction.status == IntroductionStatus.ACCEPTED
        assert introduction.contact_token_hash == ""
        accepted = Email.objects.get(kind="bridges_intro_accepted")
        assert accepted.to == sides.owner.email and accepted.cc == sides.contact.email
        for text in (
            "Annelise Hemmeligsen",
            "annelise.hemmelig@example.dk",
            "Kirsten Kontaktsen",
            "kirsten.kontaktsen@naturvenner.example",
            "99 88 77 66",
            "Skjult kasserer",
            "Ordrup Naturvenner",
            NOTE,
        ):
            assert text in accepted.body, text

    def test_the_timeline_names_the_organisation_and_no_person(self):
        sides = with_contact()
        introduction = yes_from_a(sides, propose(sides))
        services.introduction_answer_contact(token=contact_token(introduction), answer="yes")
        event = TimelineEvent.objects.get(kind=TimelineEvent.Kind.BRIDGE)
        assert event.initiative == sides.initiative
        assert event.text == "Ordrup Naturvenner" and event.code == "organisation"
        assert event.actor is None

    @pytest.mark.parametrize("public", [True, False])
    def test_two_ideas_both_get_the_bridge_naming_the_other_only_if_public(self, public):
        sides = with_other_idea(public_a=public, public_b=public)
        introduction = yes_from_a(sides, propose(sides))
        services.introduction_answer_owner(
            actor=sides.other_owner, introduction=introduction, answer=Answer.YES
        )
        events = {
            e.initiative_id: e.text
            for e in TimelineEvent.objects.filter(kind=TimelineEvent.Kind.BRIDGE)
        }
        if public:
            assert events == {
                sides.initiative.pk: "Bier i byen",
                sides.other.pk: "Blomstereng i parken",
            }
        else:
            assert events == {sides.initiative.pk: "", sides.other.pk: ""}
        accepted = Email.objects.get(kind="bridges_intro_accepted")
        assert {accepted.to, accepted.cc} == {sides.owner.email, sides.other_owner.email}

    def test_every_owner_of_both_ideas_is_in_the_one_email(self):
        sides = with_other_idea()
        extra_a, extra_b = UserFactory(), UserFactory()
        Ownership.objects.create(initiative=sides.initiative, user=extra_a)
        Ownership.objects.create(initiative=sides.other, user=extra_b)
        introduction = yes_from_a(sides, propose(sides))
        services.introduction_answer_owner(
            actor=extra_b, introduction=introduction, answer=Answer.YES
        )
        accepted = Email.objects.get(kind="bridges_intro_accepted")
        everybody = {sides.owner.email, extra_a.email, sides.other_owner.email, extra_b.email}
        assert {accepted.to, *accepted.cc.split(", ")} == everybody
        assert all(person.name in accepted.body for person in (extra_a, extra_b))


class TestContactLink:
    def test_the_link_works_once(self):
        sides = with_contact()
        introduction = yes_from_a(sides, propose(sides))
        token = contact_token(introduction)
        services.introduction_answer_contact(token=token, answer=Answer.NO)
        with pytest.raises(ValidationError) as error:
            services.introduction_answer_contact(token=token, answer=Answer.YES)
        assert code_of(error) == "link_invalid"
        assert reload(introduction).status == IntroductionStatus.DECLINED

    def test_an_unknown_link_changes_nothing(self):
        sides = with_contact()
        introduction = yes_from_a(sides, propose(sides))
        with pytest.raises(ValidationError):
            services.introduction_answer_contact(token="not-a-token", answer=Answer.YES)
        assert reload(introduction).status == IntroductionStatus.ASKING_OTHER

    def test_an_expired_link_changes_nothing(self):
        sides = with_contact()
        introduction = yes_from_a(sides, propose(sides))
        token = contact_token(introduction)
        late = introduction.expires_at + timedelta(seconds=1)
        with time_machine.travel(late), pytest.raises(ValidationError) as error:
            services.introduction_answer_contact(token=token, answer=Answer.YES)
        assert code_of(error) == services.CLOSED
        assert reload(introduction).other_answer == ""


class TestNotThisTime:
    def test_a_no_and_no_answer_are_told_in_identical_words(self):
        sides = with_contact()
        told = {}
        for how in ("declined", "expired", "withdrawn"):
            sides.contact = ContactFactory(organisation=sides.contact.organisation)
            introduction = yes_from_a(sides, propose(sides))
            if how == "declined":
                token = contact_token(introduction)
                services.introduction_answer_contact(token=token, answer="no")
            elif how == "expired":
                services.introductions_close_expired(now=introduction.expires_at)
            else:
                services.introduction_withdraw(actor=sides.staff, introduction=introduction)
            assert reload(introduction).status == how
            # The contact who did not say yes is told nothing more.
            assert [e.kind for e in emails_to(sides.contact.email)] == [
                "bridges_intro_asked_contact"
            ]
            told[how] = Email.objects.filter(kind="bridges_intro_not_this_time").latest("pk")
        declined, expired, withdrawn = told["declined"], told["expired"], told["withdrawn"]
        assert declined.pk != expired.pk != withdrawn.pk
        assert declined.to == expired.to == sides.owner.email
        assert declined.subject == expired.subject == withdrawn.subject
        assert declined.body == expired.body == withdrawn.body
        assert "Introduktionen blev ikke til noget denne gang" in declined.body


class TestRequest:
    def test_an_owner_asks_for_contact_and_the_other_owners_are_asked_at_once(self):
        sides = with_other_idea(public_b=True)
        introduction = services.introduction_request(
            actor=sides.owner,
            initiative=sides.initiative,
            other_initiative=sides.other,
            note="Vi kunne lave noget sammen.",
        )
        assert introduction.requested_by_owner
        assert introduction.owners_answer == Answer.YES
        assert introduction.status == IntroductionStatus.ASKING_OTHER
        (email,) = emails_to(sides.other_owner.email)
        assert "Vi kunne lave noget sammen." in email.body
        assert "Annelise" not in email.body and "Blomstereng" not in email.body

    def test_only_an_owner_may_ask(self):
        sides = with_other_idea(public_b=True)
        for somebody in (UserFactory(), sides.other_owner, sides.staff):
            with pytest.raises(Forbidden):
                services.introduction_request(
                    actor=somebody, initiative=sides.initiative, other_initiative=sides.other
                )
        assert not Introduction.objects.exists()

    def test_a_private_idea_is_refused_as_if_it_did_not_exist(self):
        sides = with_other_idea()
        with pytest.raises(ValidationError) as error:
            services.introduction_request(
                actor=sides.owner, initiative=sides.initiative, other_initiative=sides.other
            )
        assert code_of(error) == "not_public"
        assert "Bier" not in error.value.messages[0]

    def test_a_withdrawn_idea_is_refused(self):
        sides = with_other_idea(public_b=True)
        sides.other.status = Status.WITHDRAWN
        sides.other.save()
        with pytest.raises(ValidationError):
            services.introduction_request(
                actor=sides.owner, initiative=sides.initiative, other_initiative=sides.other
            )

    def test_her_own_idea_is_refused(self):
        sides = with_other_idea(public_b=True)
        own = InitiativeFactory(owner=sides.owner)
        with pytest.raises(ValidationError) as error:
            services.introduction_request(
                actor=sides.owner, initiative=sides.initiative, other_initiative=own
            )
        assert code_of(error) == "own_initiative"
        with pytest.raises(ValidationError):
            services.introduction_request(
                actor=sides.owner,
                initiative=sides.initiative,
                other_initiative=sides.initiative,
            )

    def test_at_most_five_open_requests_per_idea(self):
        sides = with_other_idea(public_b=True)
        for _ in range(services.OPEN_REQUESTS_MAX):
            services.introduction_request(
                actor=sides.owner,
                initiative=sides.initiative,
                other_initiative=InitiativeFactory(is_public=True),
            )
        with pytest.raises(ValidationError) as error:
            services.introduction_request(
                actor=sides.owner, initiative=sides.initiative, other_initiative=sides.other
            )
        assert code_of(error) == "rate_limited"
        assert "højst have 5 åbne" in error.value.messages[0]
        # A closed one frees a place.
        services.introductions_close_expired(now=timezone.now() + timedelta(days=30))
        services.introduction_request(
            actor=sides.owner, initiative=sides.initiative, other_initiative=sides.other
        )

    def test_the_other_owners_say_yes_and_both_are_introduced(self):
        sides = with_other_idea(public_b=True)
        introduction = services.introduction_request(
            actor=sides.owner, initiative=sides.initiative, other_initiative=sides.other
        )
        services.introduction_answer_owner(
            actor=sides.other_owner, introduction=introduction, answer=Answer.YES
        )
        assert reload(introduction).status == IntroductionStatus.ACCEPTED
        assert Email.objects.filter(kind="bridges_intro_accepted").count() == 1


class TestWithdraw:
    def test_staff_withdraw_and_the_contacts_link_dies(self):
        sides = with_contact()
        introduction = yes_from_a(sides, propose(sides))
        token = contact_token(introduction)
        services.introduction_withdraw(actor=sides.staff, introduction=introduction)
        introduction = reload(introduction)
        assert introduction.status == IntroductionStatus.WITHDRAWN
        assert introduction.contact_token_hash == ""
        assert services.introduction_by_token(token) is None
        assert [e.kind for e in emails_to(sides.contact.email)] == ["bridges_intro_asked_contact"]

    def test_only_staff_withdraw_and_only_an_open_one(self):
        sides = with_contact()
        introduction = propose(sides)
        with pytest.raises(Forbidden):
            services.introduction_withdraw(actor=sides.owner, introduction=introduction)
        services.introduction_withdraw(actor=sides.staff, introduction=introduction)
        with pytest.raises(ValidationError) as error:
            services.introduction_withdraw(actor=sides.staff, introduction=introduction)
        assert code_of(error) == services.CLOSED


class TestExpiry:
    def test_closing_the_expired_is_idempotent(self):
        sides = with_contact()
        late = yes_from_a(sides, propose(sides))
        on_time = propose(with_other_idea())
        now = late.expires_at + timedelta(minutes=1)
        assert on_time.expires_at < now  # both past: proposed at the same moment
        assert services.introductions_close_expired(now=now) == 2
        assert services.introductions_close_expired(now=now) == 0
        assert reload(late).status == IntroductionStatus.EXPIRED
        assert Email.objects.filter(kind="bridges_intro_not_this_time").count() == 1

    def test_an_introduction_within_its_deadline_stays_open(self):
        introduction = propose(with_contact())
        assert (
            services.introductions_close_expired(now=introduction.expires_at - timedelta(minutes=1))
            == 0
        )
        assert reload(introduction).status == IntroductionStatus.ASKING_OWNERS

    def test_the_command_closes_them_once(self):
        introduction = propose(with_contact())
        with time_machine.travel(introduction.expires_at + timedelta(hours=1)):
            out = StringIO()
            call_command("close_expired_introductions", stdout=out)
            assert out.getvalue().strip().endswith(": 1")
            out = StringIO()
            call_command("close_expired_introductions", stdout=out)
            assert out.getvalue().strip().endswith(": 0")
        assert reload(introduction).status == IntroductionStatus.EXPIRED

    def test_the_daily_task_is_queued_by_serve_and_closes_them(self):
        from skabsammen.bridges.tasks import introductions_close_expired_daily
        from skabsammen.common.management.commands.serve import DAILY_TASKS

        assert introductions_close_expired_daily in DAILY_TASKS
        introduction = propose(with_contact())
        with time_machine.travel(introduction.expires_at + timedelta(hours=1)):
            assert introductions_close_expired_daily.enqueue().return_value == 1
        assert reload(introduction).status == IntroductionStatus.EXPIRED

    def test_the_deploy_guide_runs_it_from_cron(self):
        guide = (Path(settings.BASE_DIR) / "docs" / "deploy.md").read_text()
        assert "manage.py close_expired_introductions" in guide


def test_the_contact_sees_only_topics_and_district_of_a_private_idea():
    from skabsammen.municipality.tests.factories import DistrictFactory, TopicFactory

    sides = with_contact()
    topic, district = TopicFactory(name="Natur"), DistrictFactory(name="Ordrup")
    sides.initiative.topics.add(topic)
    sides.initiative.district = district
    sides.initiative.save()
    yes_from_a(sides, propose(sides))
    (email,) = emails_to(sides.contact.email)
    assert "Natur" in email.body and "Ordrup" in email.body and NOTE in email.body
    assert "Blomstereng i parken" not in email.body


def test_the_contacts_organisation_is_kept_for_the_figures_if_the_contact_goes():
    sides = with_contact()
    introduction = propose(sides)
    sides.contact.delete()
    assert reload(introduction).organisation.name == "Ordrup Naturvenner"


def test_a_contact_answer_needs_a_contact_introduction():
    ContactFactory()
    with pytest.raises(ValidationError):
        services.introduction_answer_contact(token="", answer="yes")
