"""Every role × every status × every action, through the services.

The two tables below are the specification: who may do what (PERMITTED), and in
which statuses a permitted action is still refused by the workflow (REFUSED_IN).
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from skabsammen.accounts.tests.factories import (
    AdministratorFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)
from skabsammen.initiatives import services
from skabsammen.initiatives.models import OWNER_STATUSES, Status
from skabsammen.initiatives.selectors import initiative_detail

from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "owner", "staff", "contact_person", "secretariat", "administrator"]
MUNICIPAL = {"staff", "contact_person", "secretariat", "administrator"}
ACTIONS = [
    "view_private",
    "edit",
    "invite_owner",
    "pause",
    "write_message",
    "write_internal_note",
    "assign",
    "move_underway",
    "decline",
    "add_partner_role",
]

PERMITTED = {
    "view_private": {"owner"} | MUNICIPAL,
    "edit": {"owner"},
    "invite_owner": {"owner"},
    "pause": {"owner"},
    "write_message": {"owner", "contact_person"},
    "write_internal_note": MUNICIPAL,
    "assign": MUNICIPAL,
    "move_underway": {"contact_person"},
    "decline": {"contact_person"},
    "add_partner_role": {"contact_person"},
}
REFUSED_IN = {
    # The owner's own decisions: a paused idea is paused already; a withdrawn or
    # realised one must be resumed first.
    "pause": set(OWNER_STATUSES),
    # Listen first (received), and the owner decides while paused, withdrawn or realised.
    "move_underway": {Status.RECEIVED, *OWNER_STATUSES},
    "decline": {Status.RECEIVED, *OWNER_STATUSES},
}
# An owner asking for a staff status while the idea is paused, withdrawn or realised
# is told that it can only return to where it was: a refusal, not a permission error.
OWNER_RESUMING = {("owner", "move_underway"), ("owner", "decline")}

TOMORROW = timezone.localdate() + timedelta(days=1)


def expected(role: str, action: str, status: str) -> str:
    if role not in PERMITTED[action]:
        if (role, action) in OWNER_RESUMING and status in OWNER_STATUSES:
            return "refused"
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


def perform(action: str, actor, initiative) -> None:
    match action:
        case "view_private":
            if initiative_detail(user=actor, pk=initiative.pk) is None:
                raise PermissionDenied
        case "edit":
            services.initiative_edit(
                actor=actor, initiative=initiative, title="Ny titel", description="Ny tekst"
            )
        case "invite_owner":
            services.owner_invite(actor=actor, initiative=initiative, email="ny@example.dk")
        case "pause":
            services.initiative_transition(actor=actor, initiative=initiative, status=Status.PAUSED)
        case "write_message" | "write_internal_note":
            services.message_post(
                actor=actor,
                initiative=initiative,
                text="Hej",
                internal=action == "write_internal_note",
                next_step="Vi mødes",
                next_step_due=TOMORROW,
            )
        case "assign":
            services.initiative_assign(
                actor=actor, initiative=initiative, contact_person=StaffFactory()
            )
        case "move_underway":
            services.initiative_transition(
                actor=actor,
                initiative=initiative,
                status=Status.UNDERWAY,
                next_step="Vi går i gang",
                next_step_due=TOMORROW,
            )
        case "decline":
            services.initiative_transition(
                actor=actor,
                initiative=initiative,
                status=Status.DECLINED,
                reason="Det må kommunen ikke.",
                referral="Spørg foreningen.",
            )
        case "add_partner_role":
            services.partner_role_add(
                actor=actor, initiative=initiative, kind="premises", description="Et lokale"
            )


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, status, action):
    initiative = InitiativeFactory(status=status, is_public=False, contact_person=StaffFactory())
    actor = actor_for(role, initiative)
    outcome = "done"
    try:
        perform(action, actor, initiative)
    except PermissionDenied:
        outcome = "forbidden"
    except ValidationError:
        outcome = "refused"
    assert outcome == expected(role, action, status)
