"""One test per rule of the initiative workflow; each fails if its rule breaks."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from skabsammen.accounts.models import SignInLink
from skabsammen.accounts.services import sign_in_link_use
from skabsammen.accounts.tests.factories import StaffFactory, UserFactory
from skabsammen.audit.models import AuditEvent
from skabsammen.initiatives import services
from skabsammen.initiatives.models import (
    Channel,
    Initiative,
    Message,
    Status,
    TimelineEvent,
)
from skabsammen.mail.models import Email
from skabsammen.municipality.tests.factories import DepartmentFactory, DistrictFactory, TopicFactory

from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + timedelta(days=1)


def idea(**overrides):
    return {
        "title": "Fælleshave ved stationen",
        "description": "Vi vil dyrke grøntsager sammen på det tomme græsareal.",
        "help_wanted": ["premises"],
        **overrides,
    }


def edit(actor, initiative, **overrides):
    """An owner's edit: every field given, as the pages and the API give them."""
    fields = {"topics": [], "district": None, "place": "", "is_public": True, **idea()}
    return services.initiative_edit(actor=actor, initiative=initiative, **{**fields, **overrides})


def code_of(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def fresh(initiative: Initiative) -> Initiative:
    return Initiative.objects.get(pk=initiative.pk)


class TestIntake:
    def test_a_signed_in_citizen_submits_and_owns_the_idea(self, citizen):
        topic, district = TopicFactory(), DistrictFactory()
        initiative = services.initiative_submit(
            actor=citizen, topics=[topic], district=district, **idea()
        )
        assert initiative.status == Status.RECEIVED
        assert list(initiative.owners.all()) == [citizen]
        assert list(initiative.topics.all()) == [topic]
        assert initiative.channel == Channel.WEB
        assert initiative.timeline.get().kind == TimelineEvent.Kind.SUBMITTED
        assert AuditEvent.objects.filter(action="initiative.submit").count() == 1
        receipt = Email.objects.get(to=citizen.email)
        assert "Fælleshave ved stationen" in receipt.body

    def test_intake_staff_hear_of_a_new_idea(self, citizen):
        intake = StaffFactory(department=DepartmentFactory(handles_intake=True))
        other = StaffFactory()
        services.initiative_submit(actor=citizen, **idea())
        assert Email.objects.filter(to=intake.email, kind="initiative_new_for_staff").exists()
        assert not Email.objects.filter(to=other.email).exists()

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("title", ""),
            ("title", "   "),
            ("title", "x" * 121),
            ("description", ""),
            ("description", "x" * 5001),
            ("help_wanted", ["money_please"]),
            ("place", "x" * 201),
        ],
    )
    def test_bad_content_is_refused_and_nothing_is_made(self, citizen, field, value):
        with pytest.raises(ValidationError) as caught:
            services.initiative_submit(actor=citizen, **idea(**{field: value}))
        assert field in caught.value.message_dict
        assert not Initiative.objects.exists()

    def test_without_an_account_nothing_exists_until_the_email_is_confirmed(self):
        services.initiative_request_confirmation(
            name="Karen Jensen", email="Karen@Example.dk", **idea()
        )
        assert not Initiative.objects.exists()
        link = SignInLink.objects.get()
        assert link.email == "karen@example.dk"
        email = Email.objects.get(kind="initiative_confirm")
        token = email.readable_body.split("/konto/link/")[1].split("/")[0]

        arrival = sign_in_link_use(token=token)
        user, next_url = arrival.user, arrival.next_url

        initiative = Initiative.objects.get()
        assert user.email == "karen@example.dk" and user.name == "Karen Jensen"
        assert list(initiative.owners.all()) == [user]
        assert next_url == initiative.get_absolute_url()
        with pytest.raises(ValidationError):  # single use
            sign_in_link_use(token=token)
        assert Initiative.objects.count() == 1

    def test_a_confirmation_link_expires(self, time_machine):
        time_machine.move_to(timezone.now(), tick=False)
        services.initiative_request_confirmation(name="Karen", email="k@example.dk", **idea())
        token = Email.objects.get().readable_body.split("/konto/link/")[1].split("/")[0]
        time_machine.shift(timedelta(hours=25))
        with pytest.raises(ValidationError):
            sign_in_link_use(token=token)
        assert not Initiative.objects.exists()

    def test_staff_register_an_idea_and_the_citizen_takes_ownership(self, staff):
        initiative = services.initiative_register_on_behalf(
            actor=staff,
            citizen_name="Ole Madsen",
            citizen_email="ole@example.dk",
            channel=Channel.LIBRARY,
            **idea(),
        )
        assert initiative.channel == Channel.LIBRARY
        assert initiative.registered_by == staff
        assert initiative.contact_person == staff
        assert not initiative.owners.exists()
        email = Email.objects.get(to="ole@example.dk", kind="initiative_take_ownership")
        assert staff.name in email.body
        token = email.readable_body.split("/konto/link/")[1].split("/")[0]

        user = sign_in_link_use(token=token).user

        assert list(initiative.owners.all()) == [user]
        assert user.name == "Ole Madsen"

    def test_registering_on_behalf_needs_a_channel_other_than_the_web(self, staff):
        with pytest.raises(ValidationError) as caught:
            services.initiative_register_on_behalf(
                actor=staff,
                citizen_name="Ole",
                citizen_email="ole@example.dk",
                channel=Channel.WEB,
                **idea(),
            )
        assert "channel" in caught.value.message_dict
        assert not Initiative.objects.exists()

    def test_a_citizen_cannot_register_on_behalf_of_others(self, citizen):
        with pytest.raises(PermissionDenied):
            services.initiative_register_on_behalf(
                actor=citizen,
                citizen_name="Ole",
                citizen_email="ole@example.dk",
                channel=Channel.PHONE,
                **idea(),
            )


class TestListenFirst:
    @pytest.mark.parametrize(
        "status",
        [Status.IN_DIALOGUE, Status.BRIDGING, Status.TRIAL, Status.UNDERWAY, Status.DECLINED],
    )
    def test_nothing_is_decided_before_the_contact_person_has_written(self, staff, status):
        initiative = InitiativeFactory(contact_person=staff)
        with pytest.raises(ValidationError) as caught:
            services.initiative_transition(
                actor=staff,
                initiative=initiative,
                status=status,
                next_step="Møde",
                next_step_due=TOMORROW,
                reason="Nej",
                referral="Foreningen",
            )
        assert code_of(caught.value) == {"listen_first"}
        assert fresh(initiative).status == Status.RECEIVED

    def test_the_first_message_of_the_contact_person_starts_the_dialogue(self, staff):
        initiative = InitiativeFactory(contact_person=staff)
        services.message_post(
            actor=staff,
            initiative=initiative,
            text="Tak for din idé. Hvornår kan vi mødes?",
            next_step="Vi mødes på biblioteket",
            next_step_due=TOMORROW,
        )
        initiative = fresh(initiative)
        assert initiative.status == Status.IN_DIALOGUE
        assert initiative.first_reply_at is not None
        assert initiative.next_step == "Vi mødes på biblioteket"
        assert initiative.next_step_due == TOMORROW
        change = initiative.timeline.get(kind=TimelineEvent.Kind.STATUS_CHANGED)
        assert (change.previous_status, change.status) == (Status.RECEIVED, Status.IN_DIALOGUE)

    def test_the_first_message_needs_a_next_step(self, staff):
        initiative = InitiativeFactory(contact_person=staff)
        with pytest.raises(ValidationError) as caught:
            services.message_post(actor=staff, initiative=initiative, text="Hej")
        assert "next_step" in caught.value.message_dict
        assert not Message.objects.exists()
        assert fresh(initiative).status == Status.RECEIVED

    def test_an_internal_note_does_not_count_as_listening(self, staff):
        initiative = InitiativeFactory(contact_person=staff)
        services.message_post(
            actor=staff, initiative=initiative, text="Ring til Park og Vej", internal=True
        )
        initiative = fresh(initiative)
        assert initiative.status == Status.RECEIVED and initiative.first_reply_at is None

    def test_once_in_dialogue_the_idea_can_move_on(self, staff):
        initiative = InitiativeFactory(contact_person=staff)
        services.message_post(
            actor=staff, initiative=initiative, text="Hej", next_step="Møde", next_step_due=TOMORROW
        )
        services.initiative_transition(
            actor=staff,
            initiative=initiative,
            status=Status.TRIAL,
            next_step="Vi prøver det én lørdag",
            next_step_due=TOMORROW,
        )
        assert fresh(initiative).status == Status.TRIAL


class TestProgressInTheOpen:
    @pytest.mark.parametrize(
        ("next_step", "due", "field", "code"),
        [
            ("", TOMORROW, "next_step", "next_step_required"),
            ("Møde", None, "next_step_due", "next_step_required"),
            ("Møde", timezone.localdate() - timedelta(days=1), "next_step_due", "due_in_past"),
            ("x" * 301, TOMORROW, "next_step", "too_long"),
        ],
    )
    def test_a_status_change_by_staff_carries_a_next_step_and_a_date(
        self, next_step, due, field, code
    ):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        with pytest.raises(ValidationError) as caught:
            services.initiative_transition(
                actor=initiative.contact_person,
                initiative=initiative,
                status=Status.UNDERWAY,
                next_step=next_step,
                next_step_due=due,
            )
        assert field in caught.value.message_dict
        assert code in code_of(caught.value)
        assert fresh(initiative).status == Status.IN_DIALOGUE

    def test_setting_the_same_status_updates_the_next_step(self):
        initiative = InitiativeFactory(status=Status.UNDERWAY)
        services.initiative_transition(
            actor=initiative.contact_person,
            initiative=initiative,
            status=Status.UNDERWAY,
            next_step="Evaluering med borgeren",
            next_step_due=TOMORROW,
        )
        initiative = fresh(initiative)
        assert initiative.next_step == "Evaluering med borgeren"
        assert initiative.timeline.filter(kind=TimelineEvent.Kind.NEXT_STEP).exists()

    def test_a_no_needs_a_reason_and_somewhere_else_to_turn(self):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        for reason, referral in [("", "Foreningen"), ("Det må vi ikke", ""), ("  ", "  ")]:
            with pytest.raises(ValidationError) as caught:
                services.initiative_transition(
                    actor=initiative.contact_person,
                    initiative=initiative,
                    status=Status.DECLINED,
                    reason=reason,
                    referral=referral,
                )
            assert code_of(caught.value) == {"reason_required"}
        assert fresh(initiative).status == Status.IN_DIALOGUE

    def test_a_no_is_recorded_with_its_reason_and_tells_the_owner(self):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        owner = initiative.owners.get()
        services.initiative_transition(
            actor=initiative.contact_person,
            initiative=initiative,
            status=Status.DECLINED,
            reason="Skoven er statens.",
            referral="Naturstyrelsen giver tilladelse.",
        )
        initiative = fresh(initiative)
        assert initiative.status == Status.DECLINED
        assert (initiative.next_step, initiative.next_step_due) == ("", None)
        email = Email.objects.get(to=owner.email, kind="initiative_status")
        assert "Skoven er statens." in email.body
        assert "Naturstyrelsen giver tilladelse." in email.body

    def test_the_municipality_can_reopen_a_no(self):
        initiative = InitiativeFactory(status=Status.DECLINED)
        services.initiative_transition(
            actor=initiative.contact_person,
            initiative=initiative,
            status=Status.IN_DIALOGUE,
            next_step="Vi ser på det igen",
            next_step_due=TOMORROW,
        )
        initiative = fresh(initiative)
        assert initiative.status == Status.IN_DIALOGUE and initiative.decline_reason == ""

    def test_only_the_contact_person_changes_the_status(self, staff):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        with pytest.raises(PermissionDenied):
            services.initiative_transition(
                actor=staff,
                initiative=initiative,
                status=Status.UNDERWAY,
                next_step="Møde",
                next_step_due=TOMORROW,
            )
        assert fresh(initiative).status == Status.IN_DIALOGUE

    def test_an_unknown_status_is_refused(self):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        with pytest.raises(ValidationError) as caught:
            services.initiative_transition(
                actor=initiative.contact_person, initiative=initiative, status="approved"
            )
        assert code_of(caught.value) == {"invalid_status"}


class TestTheCitizenOwnsTheIdea:
    def test_only_owners_edit_the_text(self, staff):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE, contact_person=staff)
        for actor in (staff, UserFactory(), initiative.contact_person):
            with pytest.raises(PermissionDenied):
                edit(actor, initiative, title="Ny")
        assert fresh(initiative).title != "Ny"

    def test_an_owner_edits_the_text(self):
        initiative = InitiativeFactory()
        owner = initiative.owners.get()
        edit(owner, initiative, title="Ny titel")
        assert fresh(initiative).title == "Ny titel"
        assert initiative.timeline.filter(kind=TimelineEvent.Kind.EDITED).exists()

    @pytest.mark.parametrize("status", [Status.PAUSED, Status.WITHDRAWN, Status.REALISED])
    def test_staff_cannot_pause_withdraw_or_complete(self, status):
        initiative = InitiativeFactory(status=Status.UNDERWAY)
        with pytest.raises(PermissionDenied):
            services.initiative_transition(
                actor=initiative.contact_person, initiative=initiative, status=status
            )
        assert fresh(initiative).status == Status.UNDERWAY

    def test_the_owner_pauses_and_resumes_to_where_the_idea_was(self):
        initiative = InitiativeFactory(status=Status.TRIAL)
        owner = initiative.owners.get()
        services.initiative_transition(actor=owner, initiative=initiative, status=Status.PAUSED)
        assert fresh(initiative).status == Status.PAUSED
        with pytest.raises(ValidationError):  # not somewhere else
            services.initiative_transition(
                actor=owner, initiative=initiative, status=Status.UNDERWAY
            )
        services.initiative_transition(actor=owner, initiative=initiative, status=Status.TRIAL)
        initiative = fresh(initiative)
        assert initiative.status == Status.TRIAL and initiative.resume_status == ""

    def test_staff_cannot_move_a_paused_idea(self):
        initiative = InitiativeFactory(status=Status.PAUSED)
        with pytest.raises(ValidationError) as caught:
            services.initiative_transition(
                actor=initiative.contact_person,
                initiative=initiative,
                status=Status.UNDERWAY,
                next_step="Møde",
                next_step_due=TOMORROW,
            )
        assert code_of(caught.value) == {"owner_decides"}

    def test_a_withdrawn_idea_can_be_resumed(self):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        owner = initiative.owners.get()
        services.initiative_transition(actor=owner, initiative=initiative, status=Status.WITHDRAWN)
        services.initiative_transition(
            actor=owner, initiative=initiative, status=Status.IN_DIALOGUE
        )
        assert fresh(initiative).status == Status.IN_DIALOGUE

    def test_the_owner_marks_it_realised_and_the_contact_person_hears_of_it(self):
        initiative = InitiativeFactory(status=Status.UNDERWAY)
        services.initiative_transition(
            actor=initiative.owners.get(), initiative=initiative, status=Status.REALISED
        )
        assert fresh(initiative).status == Status.REALISED
        assert Email.objects.filter(to=initiative.contact_person.email).exists()

    def test_an_owner_adds_a_co_owner_who_accepts_by_link(self):
        initiative = InitiativeFactory()
        owner = initiative.owners.get()
        services.owner_invite(actor=owner, initiative=initiative, email="nabo@example.dk")
        token = (
            Email.objects.get(to="nabo@example.dk")
            .readable_body.split("/konto/link/")[1]
            .split("/")[0]
        )
        co_owner = sign_in_link_use(token=token).user
        assert set(initiative.owners.all()) == {owner, co_owner}
        # the co-owner decides too
        edit(co_owner, initiative, title="Sammen")
        assert fresh(initiative).title == "Sammen"

    def test_inviting_an_existing_owner_is_refused(self):
        initiative = InitiativeFactory()
        owner = initiative.owners.get()
        with pytest.raises(ValidationError) as caught:
            services.owner_invite(actor=owner, initiative=initiative, email=owner.email.upper())
        assert code_of(caught.value) == {"already_owner"}

    def test_staff_record_partner_roles_without_taking_over(self):
        initiative = InitiativeFactory(status=Status.UNDERWAY)
        role = services.partner_role_add(
            actor=initiative.contact_person,
            initiative=initiative,
            kind="premises",
            description="Biblioteket lægger lokale til.",
        )
        assert initiative.timeline.filter(kind=TimelineEvent.Kind.PARTNER_ROLE).exists()
        assert list(initiative.owners.all()) != [initiative.contact_person]
        services.partner_role_remove(actor=initiative.contact_person, role=role)
        assert not initiative.partner_roles.exists()

    def test_a_citizen_cannot_record_partner_roles(self):
        initiative = InitiativeFactory(status=Status.UNDERWAY)
        with pytest.raises(PermissionDenied):
            services.partner_role_add(
                actor=initiative.owners.get(),
                initiative=initiative,
                kind="funding",
                description="x",
            )


class TestDialogue:
    def test_messages_notify_the_other_side(self, staff):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE, contact_person=staff)
        owner = initiative.owners.get()
        services.message_post(actor=owner, initiative=initiative, text="Jeg har et spørgsmål.")
        assert Email.objects.filter(to=staff.email, kind="initiative_message").count() == 1
        assert not Email.objects.filter(to=owner.email).exists()
        services.message_post(actor=staff, initiative=initiative, text="Godt spørgsmål.")
        notice = Email.objects.get(to=owner.email, kind="initiative_message")
        assert "Godt spørgsmål." in notice.body

    def test_internal_notes_send_no_mail(self, staff):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE, contact_person=staff)
        services.message_post(actor=staff, initiative=initiative, text="Intern", internal=True)
        assert not Email.objects.exists()

    def test_a_citizen_cannot_write_internal_notes(self):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        with pytest.raises(PermissionDenied):
            services.message_post(
                actor=initiative.owners.get(), initiative=initiative, text="x", internal=True
            )

    def test_staff_who_are_not_the_contact_person_write_only_internal_notes(self, staff):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        with pytest.raises(PermissionDenied):
            services.message_post(actor=staff, initiative=initiative, text="Hej")
        services.message_post(actor=staff, initiative=initiative, text="Note", internal=True)
        assert Message.objects.get().internal

    def test_staff_messages_record_their_lix(self, staff):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE, contact_person=staff)
        message = services.message_post(
            actor=staff, initiative=initiative, text="Tak for din idé. Vi ses på tirsdag."
        )
        assert message.lix is not None and message.lix < 30

    @pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
    def test_empty_or_too_long_messages_are_refused(self, text):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        with pytest.raises(ValidationError):
            services.message_post(actor=initiative.owners.get(), initiative=initiative, text=text)
        assert not Message.objects.exists()


class TestAssign:
    def test_the_contact_person_is_named_and_both_sides_are_told(self, staff, secretariat):
        initiative = InitiativeFactory()
        owner = initiative.owners.get()
        services.initiative_assign(actor=secretariat, initiative=initiative, contact_person=staff)
        initiative = fresh(initiative)
        assert initiative.contact_person == staff and initiative.contact_assigned_at
        assert staff.name in Email.objects.get(to=owner.email).body
        assert Email.objects.filter(to=staff.email, kind="initiative_assigned_contact").exists()

    def test_the_contact_person_must_work_for_the_municipality(self, staff, citizen):
        initiative = InitiativeFactory()
        with pytest.raises(ValidationError) as caught:
            services.initiative_assign(actor=staff, initiative=initiative, contact_person=citizen)
        assert code_of(caught.value) == {"unknown_contact_person"}

    def test_a_citizen_cannot_assign(self, staff):
        initiative = InitiativeFactory()
        with pytest.raises(PermissionDenied):
            services.initiative_assign(
                actor=initiative.owners.get(), initiative=initiative, contact_person=staff
            )
        assert fresh(initiative).contact_person is None


def test_every_change_is_in_the_audit_log(staff):
    initiative = InitiativeFactory(contact_person=staff)
    owner = initiative.owners.get()
    services.message_post(
        actor=staff, initiative=initiative, text="Hej", next_step="Møde", next_step_due=TOMORROW
    )
    services.initiative_transition(actor=owner, initiative=initiative, status=Status.PAUSED)
    edit(owner, initiative)
    actions = list(
        AuditEvent.objects.filter(object_id=str(initiative.pk)).values_list("action", "actor")
    )
    assert ("initiative.message", staff.pk) in actions
    assert ("initiative.transition", staff.pk) in actions
    assert ("initiative.transition", owner.pk) in actions
    assert ("initiative.edit", owner.pk) in actions
