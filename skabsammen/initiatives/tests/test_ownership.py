"""Who owns an idea: invited owners, co-owners, and why staff never do."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from skabsammen.accounts.models import SignInLink
from skabsammen.accounts.services import sign_in_link_use
from skabsammen.accounts.tests.factories import StaffFactory, UserFactory
from skabsammen.initiatives import services
from skabsammen.initiatives.models import Initiative, Status
from skabsammen.mail.models import Email

from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + timedelta(days=1)


def token_in(email: Email) -> str:
    return email.readable_body.split("/konto/link/")[1].split("/")[0]


def register(staff, email="inger@example.dk", **overrides):
    return services.initiative_register_on_behalf(
        actor=staff,
        citizen_name="Inger Poulsen",
        citizen_email=email,
        channel="phone",
        title="Bænk ved søen",
        description="En bænk på stien.",
        **overrides,
    )


class TestAnIdeaRegisteredForACitizen:
    def test_she_hears_of_messages_and_decisions_before_she_takes_ownership(self, staff):
        initiative = register(staff)
        Email.objects.all().delete()
        services.message_post(
            actor=staff,
            initiative=initiative,
            text="Tak for en god snak i telefonen.",
            next_step="Jeg ringer igen",
            next_step_due=TOMORROW,
        )
        message = Email.objects.get(to="inger@example.dk", kind="initiative_message")
        assert "Tak for en god snak i telefonen." in message.body
        services.initiative_transition(
            actor=staff,
            initiative=initiative,
            status=Status.DECLINED,
            reason="Stien er statens.",
            referral="Naturstyrelsen.",
        )
        assert "Stien er statens." in Email.objects.get(kind="initiative_status").body

    def test_taking_ownership_ends_the_invitation(self, staff):
        initiative = register(staff)
        user = sign_in_link_use(token=token_in(Email.objects.get(to="inger@example.dk"))).user
        initiative.refresh_from_db()
        assert list(initiative.owners.all()) == [user]
        assert initiative.pending_owner_email == ""

    def test_staff_send_the_invitation_again_and_the_old_link_stops_working(self, staff):
        initiative = register(staff)
        old = token_in(Email.objects.get(to="inger@example.dk"))
        services.ownership_invitation_resend(actor=StaffFactory(), initiative=initiative)
        with pytest.raises(ValidationError):
            sign_in_link_use(token=old)
        new = Email.objects.filter(to="inger@example.dk").order_by("-pk").first()
        sign_in_link_use(token=token_in(new))
        assert initiative.owners.get().email == "inger@example.dk"
        with pytest.raises(ValidationError) as caught:  # nothing to re-send now
            services.ownership_invitation_resend(actor=staff, initiative=initiative)
        assert caught.value.code == "already_owned"

    def test_citizens_cannot_send_the_invitation_again(self, staff):
        initiative = register(staff)
        with pytest.raises(PermissionDenied):
            services.ownership_invitation_resend(actor=UserFactory(), initiative=initiative)

    def test_the_resend_button_is_on_the_page_for_staff(self, client_for, staff):
        initiative = register(staff)
        client = client_for(staff)
        assert (
            "Send invitationen igen" in client.get(initiative.get_absolute_url()).content.decode()
        )
        client.post(reverse("initiatives:resend_ownership_invitation", args=[initiative.pk]))
        assert Email.objects.filter(to="inger@example.dk").count() == 2


class TestStaffNeverTakeOver:
    def test_staff_cannot_register_an_idea_in_their_own_name(self, staff):
        with pytest.raises(ValidationError) as caught:
            register(staff, email=staff.email.upper())
        assert caught.value.error_dict["citizen_email"][0].code == "staff_cannot_own"
        assert not Initiative.objects.exists()

    def test_the_contact_person_cannot_become_owner(self, staff):
        initiative = InitiativeFactory(contact_person=staff)
        with pytest.raises(ValidationError):
            services.ownership_add(user=staff, initiative=initiative)
        assert not initiative.owners.filter(pk=staff.pk).exists()

    def test_an_owner_cannot_become_contact_person(self, staff):
        colleague = StaffFactory()
        initiative = InitiativeFactory(owner=colleague)  # staff may have ideas as citizens
        with pytest.raises(ValidationError) as caught:
            services.initiative_assign(actor=staff, initiative=initiative, contact_person=colleague)
        assert caught.value.error_dict["contact_person"][0].code == "owner_cannot_be_contact_person"


class TestInvitations:
    def test_the_same_person_is_invited_once_while_the_invitation_works(self):
        initiative = InitiativeFactory()
        owner = initiative.owners.get()
        services.owner_invite(actor=owner, initiative=initiative, email="nabo@example.dk")
        with pytest.raises(ValidationError) as caught:
            services.owner_invite(actor=owner, initiative=initiative, email="Nabo@Example.dk")
        assert caught.value.error_dict["email"][0].code == "already_invited"
        assert Email.objects.filter(to="nabo@example.dk").count() == 1

    def test_one_person_sends_a_limited_number_of_invitations(self, settings):
        settings.INVITATIONS_PER_HOUR = 3
        initiative = InitiativeFactory()
        owner = initiative.owners.get()
        for n in range(3):
            services.owner_invite(actor=owner, initiative=initiative, email=f"n{n}@example.dk")
        with pytest.raises(ValidationError) as caught:
            services.owner_invite(actor=owner, initiative=initiative, email="n9@example.dk")
        assert caught.value.code == "rate_limited"
        assert Email.objects.count() == 3

    def test_invitations_do_not_use_up_anyones_sign_in_attempts(self, client):
        target = "chef@gentofte.dk"
        for _ in range(5):  # the most invitations one address can get in an hour
            initiative = InitiativeFactory()
            services.owner_invite(
                actor=initiative.owners.get(), initiative=initiative, email=target
            )
        response = client.post(reverse("accounts:sign_in"), {"email": target})
        assert response.status_code == 302
        assert Email.objects.filter(to=target, kind="sign_in").exists()

    def test_too_many_invitations_on_the_page_is_429_with_a_message(self, client_for, settings):
        settings.INVITATIONS_PER_HOUR = 1
        initiative = InitiativeFactory()
        client = client_for(initiative.owners.get())
        url = reverse("initiatives:invite_owner", args=[initiative.pk])
        assert client.post(url, {"email": "a@example.dk"}).status_code == 302
        response = client.post(url, {"email": "b@example.dk"})
        assert response.status_code == 429
        assert "For mange forsøg" in response.content.decode()

    def test_a_long_address_gets_a_message_not_an_error(self, client_for):
        initiative = InitiativeFactory()
        response = client_for(initiative.owners.get()).post(
            reverse("initiatives:invite_owner", args=[initiative.pk]),
            {"email": "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "dk"},
        )
        assert response.status_code == 400
        assert not SignInLink.objects.exists()


class TestLimits:
    def test_one_person_submits_a_limited_number_of_ideas_an_hour(self, settings, citizen):
        settings.IDEAS_PER_HOUR = 2
        for n in range(2):
            services.initiative_submit(actor=citizen, title=f"Idé {n}", description="x")
        with pytest.raises(ValidationError) as caught:
            services.initiative_submit(actor=citizen, title="Idé 3", description="x")
        assert caught.value.code == "rate_limited"
        assert Initiative.objects.count() == 2

    def test_one_person_writes_a_limited_number_of_messages_an_hour(self, settings):
        settings.MESSAGES_PER_HOUR = 2
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        owner = initiative.owners.get()
        for _ in range(2):
            services.message_post(actor=owner, initiative=initiative, text="Hej")
        with pytest.raises(ValidationError) as caught:
            services.message_post(actor=owner, initiative=initiative, text="Hej igen")
        assert caught.value.code == "rate_limited"


class TestNobodyGoesUnheard:
    def test_an_owners_message_without_a_contact_person_reaches_intake_staff(self):
        from skabsammen.municipality.tests.factories import DepartmentFactory

        intake = StaffFactory(department=DepartmentFactory(handles_intake=True))
        initiative = InitiativeFactory()
        services.message_post(actor=initiative.owners.get(), initiative=initiative, text="Hallo?")
        assert Email.objects.filter(to=intake.email, kind="initiative_message").exists()

    def test_a_contact_person_who_has_left_gets_no_mail(self):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        contact = initiative.contact_person
        contact.is_active = False
        contact.save(update_fields=["is_active"])
        services.message_post(actor=initiative.owners.get(), initiative=initiative, text="Hej")
        assert not Email.objects.filter(to=contact.email).exists()
