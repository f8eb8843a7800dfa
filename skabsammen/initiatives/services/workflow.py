"""An idea's life after it arrives: the owner's decisions, the municipality's part,
and the dialogue between them.

- Lytter først: nothing is accepted or declined before the contact person has written.
- Sikrer fremdrift: every status change by staff (other than a no) carries a next step
  with a date; a no comes quickly, with a reason and somewhere else to turn.
- Fastholder virkelysten: the owner decides about the idea; staff help, never take over.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.accounts.models import User
from skabsammen.audit.services import audit_record
from skabsammen.common.errors import too_long
from skabsammen.common.permissions import require
from skabsammen.municipality.models import District
from skabsammen.plainlanguage import assess

from ..models import (
    MESSAGE_MAX,
    NEEDS_DIALOGUE,
    OWNER_STATUSES,
    PARTNER_ROLE_MAX,
    REASON_MAX,
    STAFF_STATUSES,
    HelpKind,
    Initiative,
    Message,
    PartnerRole,
    Status,
    TimelineEvent,
)
from ..rules import is_owner
from .base import (
    citizens,
    clean_content,
    clean_next_step,
    limit_messages,
    locked,
    municipality_side,
    notify,
    response_targets,
)

# The owner's decisions -------------------------------------------------------------


@transaction.atomic
def initiative_edit(
    *,
    actor: User,
    initiative: Initiative,
    title: str,
    description: str,
    help_wanted: list[str],
    topics,
    district: District | None,
    place: str,
    is_public: bool,
) -> Initiative:
    """Only an owner changes the idea's text; staff comment and propose instead.
    Every field is given, so that leaving one out cannot change it by accident."""
    initiative = locked(initiative)
    require(
        "initiatives.edit",
        actor,
        initiative,
        _("Only the idea's owners can change its text. Write a message to propose a change."),
    )
    content = clean_content(
        title=title, description=description, help_wanted=help_wanted, place=place
    )
    values = {**content, "district": district, "is_public": is_public}
    changed = [field for field, value in values.items() if getattr(initiative, field) != value]
    topics_changed = set(topics) != set(initiative.topics.all())
    if not changed and not topics_changed:
        return initiative
    for field in changed:
        setattr(initiative, field, values[field])
    initiative.save(update_fields=[*changed, "updated_at"])
    if topics_changed:
        initiative.topics.set(topics)
    TimelineEvent.objects.create(initiative=initiative, kind=TimelineEvent.Kind.EDITED, actor=actor)
    audit_record(
        actor=actor,
        action="initiative.edit",
        obj=initiative,
        fields=changed + (["topics"] if topics_changed else []),
    )
    return initiative


def _owner_transition(actor: User, initiative: Initiative, status: str) -> None:
    require(
        "initiatives.owner_transition",
        actor,
        initiative,
        _("Only the idea's owners can pause, resume, withdraw or complete it."),
    )
    current = initiative.status
    if status == current:
        raise ValidationError(_("The idea already has that status."), code="same_status")
    resuming = current in OWNER_STATUSES and status not in OWNER_STATUSES
    if resuming and status != initiative.resume_status:
        raise ValidationError(
            _("A paused, withdrawn or realised idea can only return to where it was."),
            code="invalid_transition",
        )
    if current in (Status.WITHDRAWN, Status.REALISED) and not resuming:
        raise ValidationError(
            _("Resume the idea first; it has been withdrawn or realised."),
            code="invalid_transition",
        )
    if current not in OWNER_STATUSES:
        initiative.resume_status = current
    initiative.status = status
    if resuming:
        initiative.resume_status = ""
    initiative.save(update_fields=["status", "resume_status", "updated_at"])
    _record_status_change(actor, initiative, current)
    notify(
        [*municipality_side(initiative), *citizens(initiative)],
        "initiative_status",
        initiative,
        previous=Status(current).label,
        actor=actor,
    )


def _record_status_change(actor: User, initiative: Initiative, previous: str, **fields) -> None:
    TimelineEvent.objects.create(
        initiative=initiative,
        kind=TimelineEvent.Kind.STATUS_CHANGED,
        actor=actor,
        status=initiative.status,
        previous_status=previous,
        **fields,
    )
    audit_record(
        actor=actor,
        action="initiative.transition",
        obj=initiative,
        previous=previous,
        status=initiative.status,
        **{key: value for key, value in fields.items() if key != "text"},
    )


# The municipality's part -----------------------------------------------------------


def _staff_transition(
    actor: User,
    initiative: Initiative,
    status: str,
    next_step: str,
    next_step_due: date | None,
    reason: str,
    referral: str,
) -> None:
    require(
        "initiatives.staff_transition",
        actor,
        initiative,
        _("Only the idea's contact person can change its status."),
    )
    current = initiative.status
    _check_staff_may_move(initiative, status)
    if status == Status.DECLINED:
        _decline(initiative, reason, referral)
        fields = {"text": initiative.decline_reason}
    else:
        initiative.next_step, initiative.next_step_due = clean_next_step(next_step, next_step_due)
        initiative.decline_reason = initiative.decline_referral = ""
        fields = {"next_step": initiative.next_step, "next_step_due": initiative.next_step_due}
    initiative.status = status
    initiative.save(
        update_fields=[
            "status",
            "next_step",
            "next_step_due",
            "decline_reason",
            "decline_referral",
            "updated_at",
        ]
    )
    if status == current:
        TimelineEvent.objects.create(
            initiative=initiative, kind=TimelineEvent.Kind.NEXT_STEP, actor=actor, **fields
        )
        audit_record(actor=actor, action="initiative.next_step", obj=initiative, **fields)
    else:
        _record_status_change(actor, initiative, current, **fields)
    notify(
        citizens(initiative),
        "initiative_status",
        initiative,
        previous=Status(current).label,
        actor=actor,
    )


def _check_staff_may_move(initiative: Initiative, status: str) -> None:
    if initiative.status in OWNER_STATUSES:
        raise ValidationError(
            _(
                "The owner has paused, withdrawn or completed the idea; "
                "only the owner can resume it."
            ),
            code="owner_decides",
        )
    if status not in STAFF_STATUSES and status != initiative.status:
        raise ValidationError(_("That status cannot be set here."), code="invalid_status")
    if status in NEEDS_DIALOGUE and initiative.first_reply_at is None:
        raise ValidationError(
            _(
                "Listen first: write to the citizen before the idea can move on. "
                "The idea goes into dialogue with your first message."
            ),
            code="listen_first",
        )


def _decline(initiative: Initiative, reason: str, referral: str) -> None:
    reason, referral = (reason or "").strip(), (referral or "").strip()
    errors = {}
    for field, value, missing in (
        ("reason", reason, _("Say why the municipality is not taking part.")),
        ("referral", referral, _("Say where else the citizen can turn.")),
    ):
        if not value:
            errors[field] = ValidationError(missing, code="reason_required")
        elif len(value) > REASON_MAX:
            errors[field] = too_long(_("The text"), REASON_MAX)
    if errors:
        raise ValidationError(errors)
    initiative.decline_reason, initiative.decline_referral = reason, referral
    initiative.next_step, initiative.next_step_due = "", None


@transaction.atomic
def initiative_transition(
    *,
    actor: User,
    initiative: Initiative,
    status: str,
    next_step: str = "",
    next_step_due: date | None = None,
    reason: str = "",
    referral: str = "",
) -> Initiative:
    """Move an idea to `status`. Owners pause, resume, withdraw and complete;
    the contact person does the rest. Setting the current status again updates
    the next step."""
    if status not in Status.values:
        raise ValidationError(
            _("Unknown status: %(status)s") % {"status": status}, code="invalid_status"
        )
    initiative = locked(initiative)
    owner_move = status in OWNER_STATUSES or (
        initiative.status in OWNER_STATUSES and is_owner(actor, initiative)
    )
    if owner_move:
        _owner_transition(actor, initiative, status)
    else:
        _staff_transition(actor, initiative, status, next_step, next_step_due, reason, referral)
    return initiative


def set_contact_person(initiative: Initiative, contact_person: User, actor: User) -> None:
    initiative.contact_person = contact_person
    initiative.contact_assigned_at = initiative.contact_assigned_at or timezone.now()
    initiative.save(update_fields=["contact_person", "contact_assigned_at", "updated_at"])
    TimelineEvent.objects.create(
        initiative=initiative,
        kind=TimelineEvent.Kind.CONTACT_ASSIGNED,
        actor=actor,
        text=contact_person.get_full_name(),
    )


@transaction.atomic
def initiative_assign(*, actor: User, initiative: Initiative, contact_person: User) -> Initiative:
    """Name the person in the municipality the citizen talks to."""
    initiative = locked(initiative)
    require("initiatives.assign", actor, initiative)
    if not contact_person.is_municipal_staff:
        raise ValidationError(
            {
                "contact_person": ValidationError(
                    _("No one at the municipality has that e-mail address."),
                    code="unknown_contact_person",
                )
            }
        )
    if initiative.owners.filter(pk=contact_person.pk).exists():
        raise ValidationError(
            {
                "contact_person": ValidationError(
                    _("An owner of the idea cannot also be its contact person."),
                    code="owner_cannot_be_contact_person",
                )
            }
        )
    if initiative.contact_person_id == contact_person.pk:
        return initiative
    set_contact_person(initiative, contact_person, actor)
    audit_record(
        actor=actor, action="initiative.assign", obj=initiative, contact_person=contact_person.email
    )
    notify(citizens(initiative), "initiative_assigned_owner", initiative, **response_targets())
    if contact_person.pk != actor.pk:
        notify([contact_person], "initiative_assigned_contact", initiative, actor=actor)
    return initiative


@transaction.atomic
def message_post(
    *,
    actor: User,
    initiative: Initiative,
    text: str,
    internal: bool = False,
    next_step: str = "",
    next_step_due: date | None = None,
) -> Message:
    """Write in an idea's dialogue, or an internal note only staff can read.

    The contact person's first message to the citizen takes the idea into dialogue,
    with a next step and its date.
    """
    initiative = locked(initiative)
    if internal:
        require("initiatives.write_internal_note", actor, initiative)
    else:
        require(
            "initiatives.write_message",
            actor,
            initiative,
            _("Only the idea's owners and its contact person write in the dialogue."),
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ValidationError(_("Write a message."), code="required")})
    if len(text) > MESSAGE_MAX:
        raise ValidationError({"text": too_long(_("A message"), MESSAGE_MAX)})
    limit_messages(actor)
    enters_dialogue = not internal and initiative.awaits_first_reply_from(actor)
    if enters_dialogue:
        next_step, next_step_due = clean_next_step(next_step, next_step_due)
    message = Message.objects.create(
        initiative=initiative,
        author=actor,
        text=text,
        internal=internal,
        lix=assess(text).lix if actor.is_municipal_staff else None,
    )
    if not internal and initiative.first_reply_at is None and actor.is_municipal_staff:
        initiative.first_reply_at = message.created_at
        initiative.save(update_fields=["first_reply_at", "updated_at"])
    if enters_dialogue:
        initiative.status = Status.IN_DIALOGUE
        initiative.next_step, initiative.next_step_due = next_step, next_step_due
        initiative.save(update_fields=["status", "next_step", "next_step_due", "updated_at"])
        _record_status_change(
            actor, initiative, Status.RECEIVED, next_step=next_step, next_step_due=next_step_due
        )
    audit_record(actor=actor, action="initiative.message", obj=initiative, internal=internal)
    if not internal:
        recipients = [*municipality_side(initiative), *citizens(initiative)]
        notify(
            [person for person in recipients if person.email != actor.email],
            "initiative_message",
            initiative,
            message=message,
        )
    return message


@transaction.atomic
def partner_role_add(
    *, actor: User, initiative: Initiative, kind: str, description: str
) -> PartnerRole:
    """Record what the municipality contributes; the idea stays the citizen's."""
    initiative = locked(initiative)
    require("initiatives.manage_partner_roles", actor, initiative)
    description = (description or "").strip()
    errors = {}
    if kind not in HelpKind.values:
        errors["kind"] = ValidationError(
            _("Choose what the municipality contributes."), code="invalid_choice"
        )
    if not description:
        errors["description"] = ValidationError(
            _("Describe what the municipality does."), code="required"
        )
    elif len(description) > PARTNER_ROLE_MAX:
        errors["description"] = too_long(_("The description"), PARTNER_ROLE_MAX)
    if errors:
        raise ValidationError(errors)
    role = PartnerRole.objects.create(
        initiative=initiative, kind=kind, description=description, created_by=actor
    )
    TimelineEvent.objects.create(
        initiative=initiative,
        kind=TimelineEvent.Kind.PARTNER_ROLE,
        actor=actor,
        code=kind,
        text=description,
    )
    audit_record(actor=actor, action="initiative.partner_role_add", obj=initiative, kind=kind)
    return role


@transaction.atomic
def partner_role_remove(*, actor: User, role: PartnerRole) -> None:
    initiative = locked(role.initiative)
    require("initiatives.manage_partner_roles", actor, initiative)
    TimelineEvent.objects.create(
        initiative=initiative,
        kind=TimelineEvent.Kind.PARTNER_ROLE_ENDED,
        actor=actor,
        code=role.kind,
        text=role.description,
    )
    audit_record(
        actor=actor, action="initiative.partner_role_remove", obj=initiative, kind=role.kind
    )
    role.delete()
