"""Every change to an idea goes through here: the rule, the permission, the audit, the mail.

The rules come from the committee's principles:
- Lytter først: nothing is accepted or declined before the contact person has written.
- Sikrer fremdrift: every status change by staff (other than a no) carries a next step
  with a date; a no comes quickly, with a reason and somewhere else to turn.
- Fastholder virkelysten: the owner decides about the idea; staff help, never take over.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.accounts.models import SignInLink, User
from skabsammen.accounts.services import (
    register_arrival_handler,
    sign_in_link_create,
    sign_in_link_url,
)
from skabsammen.audit.services import audit_record
from skabsammen.common.errors import INVALID_EMAIL, too_long
from skabsammen.common.permissions import require
from skabsammen.mail.services import email_queue
from skabsammen.municipality.models import District, Topic
from skabsammen.plainlanguage import assess

from .models import (
    DESCRIPTION_MAX,
    MESSAGE_MAX,
    NEEDS_DIALOGUE,
    NEXT_STEP_MAX,
    OWNER_STATUSES,
    STAFF_STATUSES,
    TITLE_MAX,
    Channel,
    HelpKind,
    Initiative,
    Message,
    Ownership,
    PartnerRole,
    Reminder,
    Status,
    TimelineEvent,
)
from .rules import is_contact_person, is_owner

OWNERSHIP_LINK_LIFETIME = timedelta(days=14)
CONFIRM_LINK_LIFETIME = timedelta(hours=24)


# Content ---------------------------------------------------------------------------


def clean_content(
    *,
    title: str,
    description: str,
    help_wanted: list[str] | None = None,
    place: str = "",
) -> dict:
    """Check an idea's text fields and return them stripped; raise field errors."""
    errors: dict[str, ValidationError] = {}
    title, description, place = title.strip(), description.strip(), place.strip()
    if not title:
        errors["title"] = ValidationError(_("Give your idea a title."), code="required")
    elif len(title) > TITLE_MAX:
        errors["title"] = too_long(_("The title"), TITLE_MAX)
    if not description:
        errors["description"] = ValidationError(_("Describe your idea."), code="required")
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = too_long(_("The description"), DESCRIPTION_MAX)
    if len(place) > 200:
        errors["place"] = too_long(_("The place"), 200)
    help_wanted = list(dict.fromkeys(help_wanted or []))
    if unknown := [code for code in help_wanted if code not in HelpKind.values]:
        errors["help_wanted"] = ValidationError(
            _("Unknown kind of help: %(codes)s") % {"codes": ", ".join(unknown)},
            code="invalid_choice",
        )
    if errors:
        raise ValidationError(errors)
    return {"title": title, "description": description, "help_wanted": help_wanted, "place": place}


def _clean_next_step(next_step: str, next_step_due: date | None) -> tuple[str, date]:
    next_step = (next_step or "").strip()
    errors = {}
    if next_step_due is not None and next_step_due < timezone.localdate():
        errors["next_step_due"] = ValidationError(
            _("The date of the next step cannot be in the past."), code="due_in_past"
        )
    elif next_step_due is None:
        errors["next_step_due"] = ValidationError(
            _("Give the date of the next step."), code="next_step_required"
        )
    if not next_step:
        errors["next_step"] = ValidationError(
            _("Write the next step, so the citizen can see what happens."),
            code="next_step_required",
        )
    elif len(next_step) > NEXT_STEP_MAX:
        errors["next_step"] = too_long(_("The next step"), NEXT_STEP_MAX)
    if errors:
        raise ValidationError(errors)
    return next_step, next_step_due


def _locked(initiative: Initiative) -> Initiative:
    """Re-read the idea inside the transaction, locked, so two changes cannot cross."""
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


# Notifications ---------------------------------------------------------------------


def _notify(recipients, kind: str, initiative: Initiative, **context) -> None:
    url = settings.SITE_URL + initiative.get_absolute_url()
    for person in {person.pk: person for person in recipients if person is not None}.values():
        email_queue(
            to=person.email,
            kind=kind,
            language=person.language,
            context={"initiative": initiative, "url": url, "recipient": person, **context},
        )


def _owners(initiative: Initiative) -> list[User]:
    return list(initiative.owners.filter(is_active=True))


def _intake_staff() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, department__handles_intake=True, role__in=["staff", "secretariat"]
        )
    )


# Intake ----------------------------------------------------------------------------


def _create(
    *,
    actor: User | None,
    content: dict,
    topics,
    district,
    is_public: bool,
    channel: str,
    registered_by: User | None = None,
) -> Initiative:
    initiative = Initiative.objects.create(
        **content,
        district=district,
        is_public=is_public,
        channel=channel,
        registered_by=registered_by,
    )
    initiative.topics.set(topics)
    TimelineEvent.objects.create(
        initiative=initiative,
        kind=TimelineEvent.Kind.SUBMITTED,
        actor=actor,
        status=Status.RECEIVED,
        text=Channel(channel).label if channel != Channel.WEB else "",
    )
    return initiative


@transaction.atomic
def initiative_submit(
    *,
    actor: User,
    title: str,
    description: str,
    help_wanted: list[str] | None = None,
    topics=(),
    district: District | None = None,
    place: str = "",
    is_public: bool = True,
) -> Initiative:
    """A signed-in citizen submits an idea; she owns it from the start."""
    require("initiatives.submit", actor)
    content = clean_content(
        title=title, description=description, help_wanted=help_wanted, place=place
    )
    initiative = _create(
        actor=actor,
        content=content,
        topics=topics,
        district=district,
        is_public=is_public,
        channel=Channel.WEB,
    )
    Ownership.objects.create(initiative=initiative, user=actor)
    audit_record(actor=actor, action="initiative.submit", obj=initiative, channel=Channel.WEB)
    _notify([actor], "initiative_received", initiative, **_targets())
    _notify(_intake_staff(), "initiative_new_for_staff", initiative)
    return initiative


def _targets() -> dict:
    return {
        "contact_days": settings.RESPONSE_TARGET_CONTACT_PERSON_DAYS,
        "reply_days": settings.RESPONSE_TARGET_FIRST_REPLY_DAYS,
    }


def _payload(content: dict, topics, district: District | None, is_public: bool) -> dict:
    return {
        **content,
        "topic_ids": [topic.pk for topic in topics],
        "district_id": district.pk if district else None,
        "is_public": is_public,
    }


@transaction.atomic
def initiative_request_confirmation(
    *,
    name: str,
    email: str,
    title: str,
    description: str,
    help_wanted: list[str] | None = None,
    topics=(),
    district: District | None = None,
    place: str = "",
    is_public: bool = True,
    client: str = "",
    language: str | None = None,
) -> None:
    """Someone without an account submits an idea: nothing is created until she
    confirms her e-mail address by following the link we send."""
    content = clean_content(
        title=title, description=description, help_wanted=help_wanted, place=place
    )
    name = name.strip()
    if not name:
        raise ValidationError({"name": ValidationError(_("Enter your name."), code="required")})
    link, token = sign_in_link_create(
        email=email,
        name=name[:150],
        purpose=SignInLink.Purpose.SUBMIT_INITIATIVE,
        payload=_payload(content, topics, district, is_public),
        client=client,
        lifetime=CONFIRM_LINK_LIFETIME,
    )
    email_queue(
        to=link.email,
        kind="initiative_confirm",
        language=language,
        context={
            "url": sign_in_link_url(token),
            "title": content["title"],
            "name": name,
            "hours": int(CONFIRM_LINK_LIFETIME.total_seconds() // 3600),
        },
    )


def _arrive_with_submission(user: User, link: SignInLink) -> str:
    payload = link.payload
    initiative = initiative_submit(
        actor=user,
        title=payload["title"],
        description=payload["description"],
        help_wanted=payload.get("help_wanted", []),
        topics=Topic.objects.filter(pk__in=payload.get("topic_ids", [])),
        district=District.objects.filter(pk=payload.get("district_id")).first(),
        place=payload.get("place", ""),
        is_public=payload.get("is_public", True),
    )
    return initiative.get_absolute_url()


@transaction.atomic
def initiative_register_on_behalf(
    *,
    actor: User,
    citizen_name: str,
    citizen_email: str,
    channel: str,
    title: str,
    description: str,
    help_wanted: list[str] | None = None,
    topics=(),
    district: District | None = None,
    place: str = "",
    is_public: bool = True,
) -> Initiative:
    """Staff write down an idea told to them at the library, by phone or at an event.

    The one who registers it becomes its contact person. The citizen gets an e-mail
    with a link to take ownership; until then nobody can edit the idea's text.
    """
    require("initiatives.register_on_behalf", actor)
    errors = {}
    if channel not in Channel.values or channel == Channel.WEB:
        errors["channel"] = ValidationError(
            _("Choose where you met the citizen."), code="invalid_choice"
        )
    citizen_name = citizen_name.strip()
    if not citizen_name:
        errors["citizen_name"] = ValidationError(_("Enter the citizen's name."), code="required")
    try:
        validate_email(citizen_email)
    except ValidationError:
        errors["citizen_email"] = ValidationError(INVALID_EMAIL, code="invalid_email")
    try:
        content = clean_content(
            title=title, description=description, help_wanted=help_wanted, place=place
        )
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    initiative = _create(
        actor=actor,
        content=content,
        topics=topics,
        district=district,
        is_public=is_public,
        channel=channel,
        registered_by=actor,
    )
    _set_contact_person(initiative, actor, actor)
    audit_record(actor=actor, action="initiative.register", obj=initiative, channel=channel)
    _send_ownership_link(
        initiative,
        email=citizen_email,
        name=citizen_name,
        invited_by=actor,
        kind="initiative_take_ownership",
    )
    return initiative


def _send_ownership_link(
    initiative: Initiative, *, email: str, name: str, invited_by: User, kind: str
) -> None:
    link, token = sign_in_link_create(
        email=email,
        name=name[:150],
        purpose=SignInLink.Purpose.TAKE_OWNERSHIP,
        payload={"initiative_id": initiative.pk, "title": initiative.title},
        lifetime=OWNERSHIP_LINK_LIFETIME,
    )
    email_queue(
        to=link.email,
        kind=kind,
        context={
            "initiative": initiative,
            "url": sign_in_link_url(token),
            "name": name,
            "invited_by": invited_by,
            "days": OWNERSHIP_LINK_LIFETIME.days,
        },
    )


@transaction.atomic
def owner_invite(*, actor: User, initiative: Initiative, email: str) -> None:
    """An owner invites a co-owner; the invitee becomes owner by following the link."""
    require("initiatives.add_owner", actor, initiative)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": ValidationError(INVALID_EMAIL, code="invalid_email")}
        ) from None
    if initiative.owners.filter(email=email.strip().lower()).exists():
        raise ValidationError(
            {
                "email": ValidationError(
                    _("That person already owns the idea."), code="already_owner"
                )
            }
        )
    _send_ownership_link(
        initiative, email=email, name="", invited_by=actor, kind="initiative_owner_invite"
    )
    audit_record(actor=actor, action="initiative.invite_owner", obj=initiative)


@transaction.atomic
def ownership_add(*, user: User, initiative: Initiative) -> Initiative:
    _, created = Ownership.objects.get_or_create(initiative=initiative, user=user)
    if created:
        TimelineEvent.objects.create(
            initiative=initiative, kind=TimelineEvent.Kind.OWNER_ADDED, actor=user
        )
        audit_record(actor=user, action="initiative.add_owner", obj=initiative)
    return initiative


def _arrive_as_owner(user: User, link: SignInLink) -> str:
    initiative = Initiative.objects.filter(pk=link.payload.get("initiative_id")).first()
    if initiative is None:
        raise ValidationError(_("The idea no longer exists."), code="not_found")
    ownership_add(user=user, initiative=initiative)
    return initiative.get_absolute_url()


register_arrival_handler(SignInLink.Purpose.SUBMIT_INITIATIVE, _arrive_with_submission)
register_arrival_handler(SignInLink.Purpose.TAKE_OWNERSHIP, _arrive_as_owner)


# The owner's decisions -------------------------------------------------------------


@transaction.atomic
def initiative_edit(
    *,
    actor: User,
    initiative: Initiative,
    title: str,
    description: str,
    help_wanted: list[str] | None = None,
    topics=None,
    district: District | None = None,
    place: str = "",
    is_public: bool = True,
) -> Initiative:
    """Only an owner changes the idea's text; staff comment and propose instead."""
    initiative = _locked(initiative)
    require(
        "initiatives.edit",
        actor,
        initiative,
        _("Only the idea's owners can change its text. Write a message to propose a change."),
    )
    content = clean_content(
        title=title, description=description, help_wanted=help_wanted, place=place
    )
    for field, value in {**content, "district": district, "is_public": is_public}.items():
        setattr(initiative, field, value)
    initiative.save(update_fields=[*content, "district", "is_public", "updated_at"])
    if topics is not None:
        initiative.topics.set(topics)
    TimelineEvent.objects.create(initiative=initiative, kind=TimelineEvent.Kind.EDITED, actor=actor)
    audit_record(actor=actor, action="initiative.edit", obj=initiative)
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
    _notify(
        [initiative.contact_person, *_owners(initiative)],
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
    if current in OWNER_STATUSES:
        raise ValidationError(
            _(
                "The owner has paused, withdrawn or completed the idea; "
                "only the owner can resume it."
            ),
            code="owner_decides",
        )
    if status not in STAFF_STATUSES and status != current:
        raise ValidationError(_("That status cannot be set here."), code="invalid_status")
    if status in NEEDS_DIALOGUE and initiative.first_reply_at is None:
        raise ValidationError(
            _(
                "Listen first: write to the citizen before the idea can move on. "
                "The idea goes into dialogue with your first message."
            ),
            code="listen_first",
        )
    if status == Status.DECLINED:
        _decline(initiative, reason, referral)
        fields = {"text": initiative.decline_reason}
    else:
        initiative.next_step, initiative.next_step_due = _clean_next_step(next_step, next_step_due)
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
    _notify(
        _owners(initiative),
        "initiative_status",
        initiative,
        previous=Status(current).label,
        actor=actor,
    )


def _decline(initiative: Initiative, reason: str, referral: str) -> None:
    reason, referral = (reason or "").strip(), (referral or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = ValidationError(
            _("Say why the municipality is not taking part."), code="reason_required"
        )
    if not referral:
        errors["referral"] = ValidationError(
            _("Say where else the citizen can turn."), code="reason_required"
        )
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
    initiative = _locked(initiative)
    owner_move = status in OWNER_STATUSES or (
        initiative.status in OWNER_STATUSES and is_owner(actor, initiative)
    )
    if owner_move:
        _owner_transition(actor, initiative, status)
    else:
        _staff_transition(actor, initiative, status, next_step, next_step_due, reason, referral)
    return initiative


def _set_contact_person(initiative: Initiative, contact_person: User, actor: User) -> None:
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
    initiative = _locked(initiative)
    require("initiatives.assign", actor, initiative)
    if not contact_person.is_municipal_staff:
        raise ValidationError(
            {
                "contact_person": ValidationError(
                    _("The contact person must work for the municipality."), code="not_staff"
                )
            }
        )
    if initiative.contact_person_id == contact_person.pk:
        return initiative
    _set_contact_person(initiative, contact_person, actor)
    audit_record(
        actor=actor, action="initiative.assign", obj=initiative, contact_person=contact_person.email
    )
    _notify(_owners(initiative), "initiative_assigned_owner", initiative, **_targets())
    if contact_person.pk != actor.pk:
        _notify([contact_person], "initiative_assigned_contact", initiative, actor=actor)
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
    initiative = _locked(initiative)
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
    first_reply = (
        not internal and initiative.first_reply_at is None and is_contact_person(actor, initiative)
    )
    enters_dialogue = first_reply and initiative.status == Status.RECEIVED
    if enters_dialogue:
        next_step, next_step_due = _clean_next_step(next_step, next_step_due)
    message = Message.objects.create(
        initiative=initiative,
        author=actor,
        text=text,
        internal=internal,
        lix=assess(text).lix if actor.is_municipal_staff else None,
    )
    if first_reply:
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
        recipients = [initiative.contact_person, *_owners(initiative)]
        _notify(
            [person for person in recipients if person and person.pk != actor.pk],
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
    initiative = _locked(initiative)
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
    elif len(description) > 300:
        errors["description"] = too_long(_("The description"), 300)
    if errors:
        raise ValidationError(errors)
    role = PartnerRole.objects.create(
        initiative=initiative, kind=kind, description=description, created_by=actor
    )
    TimelineEvent.objects.create(
        initiative=initiative,
        kind=TimelineEvent.Kind.PARTNER_ROLE,
        actor=actor,
        text=f"{role.get_kind_display()}: {description}",
    )
    audit_record(actor=actor, action="initiative.partner_role_add", obj=initiative, kind=kind)
    return role


@transaction.atomic
def partner_role_remove(*, actor: User, role: PartnerRole) -> None:
    initiative = _locked(role.initiative)
    require("initiatives.manage_partner_roles", actor, initiative)
    TimelineEvent.objects.create(
        initiative=initiative,
        kind=TimelineEvent.Kind.PARTNER_ROLE_ENDED,
        actor=actor,
        text=f"{role.get_kind_display()}: {role.description}",
    )
    audit_record(
        actor=actor, action="initiative.partner_role_remove", obj=initiative, kind=role.kind
    )
    role.delete()


# Reminders -------------------------------------------------------------------------


def reminders_send(*, today: date | None = None) -> int:
    """Remind each contact person of their overdue ideas, and intake staff of ideas
    without a contact person. Safe to run more than once a day: each reminder is
    recorded before its e-mail is queued, and one per person, kind and day is sent.
    Return the number of reminders sent."""
    today = today or timezone.localdate()
    overdue = list(
        Initiative.objects.overdue(today).select_related("contact_person").order_by("submitted_at")
    )
    by_contact: dict[int, tuple[User, list[Initiative]]] = {}
    unassigned = []
    for initiative in overdue:
        if initiative.contact_person is None:
            unassigned.append(initiative)
        else:
            person = initiative.contact_person
            by_contact.setdefault(person.pk, (person, []))[1].append(initiative)
    sent = 0
    for person, initiatives in by_contact.values():
        sent += _remind(person, "overdue", today, initiatives)
    if unassigned:
        for person in _intake_staff():
            sent += _remind(person, "unassigned", today, unassigned)
    return sent


@transaction.atomic
def _remind(person: User, kind: str, today: date, initiatives: list[Initiative]) -> int:
    reminder, created = Reminder.objects.get_or_create(recipient=person, kind=kind, day=today)
    if not created or not person.is_active:
        return 0
    reminder.initiatives.set(initiatives)
    email_queue(
        to=person.email,
        kind=f"reminder_{kind}",
        language=person.language,
        context={
            "recipient": person,
            "initiatives": initiatives,
            "days": settings.RESPONSE_TARGET_CONTACT_PERSON_DAYS,
        },
    )
    return 1
