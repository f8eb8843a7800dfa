"""Every role × every status × every action.

The tables below are the specification: who may do what (PERMITTED), and in which
statuses a permitted action is still refused by the workflow (REFUSED_IN). Actions
run through the services, or through the page where the action is reading. An action
that is done is checked by its effect, not only by the absence of an error.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from skabsammen.accounts.tests.factories import (
    AdministratorFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)
from skabsammen.initiatives import services
from skabsammen.initiatives.models import OWNER_STATUSES, Initiative, Message, PartnerRole, Status
from skabsammen.initiatives.selectors import initiative_detail
from skabsammen.mail.models import Email

from .factories import InitiativeFactory, MessageFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "owner", "staff", "contact_person", "secretariat", "administrator"]
MUNICIPAL = {"staff", "contact_person", "secretariat", "administrator"}
EVERY_STATUS = set(Status)

PERMITTED = {
    "view_private": {"owner"} | MUNICIPAL,
    "read_dialogue": {"owner"} | MUNICIPAL,
    "read_internal_notes": MUNICIPAL,
    "edit": {"owner"},
    "invite_owner": {"owner"},
    "pause": {"owner"},
    "withdraw": {"owner"},
    "realise": {"owner"},
    "write_message": {"owner", "contact_person"},
    "write_internal_note": MUNICIPAL,
    "assign": MUNICIPAL,
    "move_underway": {"contact_person"},
    "update_next_step": {"contact_person"},
    "decline": {"contact_person"},
    "add_partner_role": {"contact_person"},
    "remove_partner_role": {"contact_person"},
    "register_on_behalf": MUNICIPAL,
    "resend_invitation": MUNICIPAL,
}
REFUSED_IN = {
    # The owner's own decisions: paused is paused already; withdrawn and realised ideas
    # must be resumed first.
    "pause": set(OWNER_STATUSES),
    "withdraw": {Status.WITHDRAWN, Status.REALISED},
    "realise": {Status.WITHDRAWN, Status.REALISED},
    # Listen first (received), and the owner decides while paused, withdrawn or realised.
    "move_underway": {Status.RECEIVED, *OWNER_STATUSES},
    "decline": {Status.RECEIVED, *OWNER_STATUSES},
    # A no is updated with a reason, not a next step.
    "update_next_step": {Status.DECLINED},
    # These ideas have an owner already: there is no invitation to send again.
    "resend_invitation": EVERY_STATUS,
}
# Paused, withdrawn and realised are the owner's statuses: asking for one of them
# again is the owner's business, so the contact person is not permitted to.
FORBIDDEN_IN = {"update_next_step": set(OWNER_STATUSES)}
# An owner asking for a staff status while the idea is paused, withdrawn or realised
# is told that it can only return to where it was: a refusal, not a permission error.
OWNER_RESUMING = {"move_underway", "decline", "update_next_step"}

TOMORROW = timezone.localdate() + timedelta(days=1)


def expected(role: str, action: str, status: str) -> str:
    if role not in PERMITTED[action]:
        if role == "owner" and action in OWNER_RESUMING and status in OWNER_STATUSES:
            return "refused"
        return "forbidden"
    if status in FORBIDDEN_IN.get(action, ()):
        return "forbidden"
    if status in REFUSED_IN.get(action, ()):
        return "refused"
    return "done"


def actor_for(role: str, initiative):
    return {
        "anonymous": AnonymousUser,
        "citizen": UserFactory,
        "owner": lambda: initiative.owners.get(),
        "staff": StaffFactory,
        "contact_person": lambda: initiative.contact_person,
        "secretariat": SecretariatFactory,
        "administrator": AdministratorFactory,
    }[role]()


def page_shows(actor, initiative, text: str) -> None:
    client = Client()
    if actor.is_authenticated:
        client.force_login(actor, backend="skabsammen.accounts.backends.EmailLinkBackend")
    response = client.get(initiative.get_absolute_url())
    if response.status_code != 200 or text not in response.content.decode():
        raise PermissionDenied


def transition(actor, initiative, status, **fields):
    services.initiative_transition(actor=actor, initiative=initiative, status=status, **fields)


def perform(action: str, actor, initiative) -> None:
    step = {"next_step": "Nyt skridt", "next_step_due": TOMORROW}
    match action:
        case "view_private":
            if initiative_detail(user=actor, pk=initiative.pk) is None:
                raise PermissionDenied
        case "read_dialogue":
            page_shows(actor, initiative, "Besked til borgeren")
        case "read_internal_notes":
            page_shows(actor, initiative, "Kun for medarbejdere")
        case "edit":
            services.initiative_edit(
                actor=actor,
                initiative=initiative,
                title="Ny titel",
                description="Ny tekst",
                help_wanted=[],
                topics=[],
                district=None,
                place="",
                is_public=False,
            )
        case "invite_owner":
            services.owner_invite(actor=actor, initiative=initiative, email="ny@example.dk")
        case "pause" | "withdraw" | "realise":
            status = {"pause": Status.PAUSED, "withdraw": Status.WITHDRAWN}.get(
                action, Status.REALISED
            )
            transition(actor, initiative, status)
        case "write_message" | "write_internal_note":
            services.message_post(
                actor=actor,
                initiative=initiative,
                text="Hej fra matricen",
                internal=action == "write_internal_note",
                **step,
            )
        case "assign":
            services.initiative_assign(
                actor=actor, initiative=initiative, contact_person=StaffFactory()
            )
        case "move_underway":
            transition(actor, initiative, Status.UNDERWAY, **step)
        case "update_next_step":
            transition(actor, initiative, initiative.status, **step)
        case "decline":
            transition(
                actor, initiative, Status.DECLINED, reason="Må ikke.", referral="Foreningen."
            )
        case "add_partner_role":
            services.partner_role_add(
                actor=actor, initiative=initiative, kind="premises", description="Et lokale"
            )
        case "remove_partner_role":
            services.partner_role_remove(actor=actor, role=initiative.partner_roles.get())
        case "register_on_behalf":
            services.initiative_register_on_behalf(
                actor=actor,
                citizen_name="Ny Borger",
                citizen_email="ny.borger@example.dk",
                channel="phone",
                title="Registreret idé",
                description="Fra telefonen.",
            )
        case "resend_invitation":
            services.ownership_invitation_resend(actor=actor, initiative=initiative)


EFFECTS = {
    "edit": lambda i: i.title == "Ny titel",
    "invite_owner": lambda i: Email.objects.filter(to="ny@example.dk").exists(),
    "pause": lambda i: i.status == Status.PAUSED,
    "withdraw": lambda i: i.status == Status.WITHDRAWN,
    "realise": lambda i: i.status == Status.REALISED,
    "write_message": lambda i: i.messages.filter(text="Hej fra matricen", internal=False).exists(),
    "write_internal_note": lambda i: i.messages.filter(
        text="Hej fra matricen", internal=True
    ).exists(),
    "assign": lambda i: i.contact_person_id != i.original_contact_person_id,
    "move_underway": lambda i: i.status == Status.UNDERWAY and i.next_step == "Nyt skridt",
    "update_next_step": lambda i: i.next_step == "Nyt skridt",
    "decline": lambda i: i.status == Status.DECLINED and i.decline_reason == "Må ikke.",
    "add_partner_role": lambda i: i.partner_roles.filter(description="Et lokale").exists(),
    "remove_partner_role": lambda i: not i.partner_roles.exists(),
    "register_on_behalf": lambda i: Initiative.objects.filter(title="Registreret idé").exists(),
}


def prepare(status: str) -> Initiative:
    initiative = InitiativeFactory(status=status, is_public=False, contact_person=StaffFactory())
    MessageFactory(
        initiative=initiative, author=initiative.contact_person, text="Besked til borgeren"
    )
    MessageFactory(
        initiative=initiative,
        author=initiative.contact_person,
        text="Kun for medarbejdere",
        internal=True,
    )
    PartnerRole.objects.create(initiative=initiative, kind="funding", description="Tilskud")
    return initiative


@pytest.mark.parametrize("action", list(PERMITTED))
@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, status, action):
    initiative = prepare(status)
    before_messages = Message.objects.count()
    actor = actor_for(role, initiative)
    outcome = "done"
    try:
        perform(action, actor, initiative)
    except PermissionDenied:
        outcome = "forbidden"
    except ValidationError:
        outcome = "refused"
    assert outcome == expected(role, action, status)
    after = Initiative.objects.get(pk=initiative.pk)
    after.original_contact_person_id = initiative.contact_person_id
    if outcome == "done" and action in EFFECTS:
        assert EFFECTS[action](after), f"{action} reported done but changed nothing"
    if outcome != "done":
        assert after.status == status, "a refused action changed the status"
        if action.startswith("write"):
            assert Message.objects.count() == before_messages
