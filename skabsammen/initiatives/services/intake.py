"""How an idea arrives and who owns it: on the web, by staff on a citizen's behalf,
and co-owners invited by an owner."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.accounts.models import SignInLink, User, normalize_email
from skabsammen.accounts.services import (
    register_arrival_handler,
    sign_in_link_create,
    sign_in_link_revoke,
    sign_in_link_url,
)
from skabsammen.audit.services import audit_record
from skabsammen.common.errors import INVALID_EMAIL
from skabsammen.common.permissions import require
from skabsammen.mail.services import email_queue
from skabsammen.municipality.models import District, Topic

from ..models import Channel, Initiative, Ownership, Status, TimelineEvent
from .base import (
    clean_content,
    intake_staff,
    limit_ideas,
    locked,
    notify,
    response_targets,
)
from .workflow import set_contact_person

OWNERSHIP_LINK_LIFETIME = timedelta(days=14)
CONFIRM_LINK_LIFETIME = timedelta(hours=24)


def _create(
    *,
    actor: User | None,
    content: dict,
    topics,
    district,
    is_public: bool,
    channel: str,
    **extra,
) -> Initiative:
    initiative = Initiative.objects.create(
        **content, district=district, is_public=is_public, channel=channel, **extra
    )
    initiative.topics.set(topics)
    TimelineEvent.objects.create(
        initiative=initiative,
        kind=TimelineEvent.Kind.SUBMITTED,
        actor=actor,
        status=Status.RECEIVED,
        code=channel if channel != Channel.WEB else "",
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
    limit_ideas(actor)
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
    notify([actor], "initiative_received", initiative, **response_targets())
    notify(intake_staff(), "initiative_new_for_staff", initiative)
    return initiative


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
        payload={
            **content,
            "topic_ids": [topic.pk for topic in topics],
            "district_id": district.pk if district else None,
            "is_public": is_public,
        },
        client=client,
        lifetime=CONFIRM_LINK_LIFETIME,
    )
    url = sign_in_link_url(token)
    email_queue(
        to=link.email,
        kind="initiative_confirm",
        language=language,
        secret=url,
        context={
            "url": url,
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

    The one who registers it becomes its contact person. The citizen is invited by
    e-mail to take ownership; until then she hears of messages and decisions at that
    address, and nobody can edit the idea's text.
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
    else:
        if _works_for_the_municipality(citizen_email):
            errors["citizen_email"] = ValidationError(
                _("The idea must be owned by the citizen, not by the municipality's staff."),
                code="staff_cannot_own",
            )
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
        pending_owner_email=normalize_email(citizen_email),
        pending_owner_name=citizen_name[:150],
    )
    set_contact_person(initiative, actor, actor)
    audit_record(actor=actor, action="initiative.register", obj=initiative, channel=channel)
    _send_ownership_link(initiative, email=citizen_email, name=citizen_name, invited_by=actor)
    return initiative


def _works_for_the_municipality(email: str) -> bool:
    user = User.objects.filter(email=normalize_email(email)).first()
    return user is not None and user.is_municipal_staff


def _send_ownership_link(
    initiative: Initiative,
    *,
    email: str,
    name: str,
    invited_by: User,
    kind: str = "initiative_take_ownership",
) -> None:
    link, token = sign_in_link_create(
        email=email,
        name=name[:150],
        purpose=SignInLink.Purpose.TAKE_OWNERSHIP,
        payload={"initiative_id": initiative.pk, "title": initiative.title},
        created_by=invited_by,
        lifetime=OWNERSHIP_LINK_LIFETIME,
    )
    url = sign_in_link_url(token)
    email_queue(
        to=link.email,
        kind=kind,
        secret=url,
        context={
            "initiative": initiative,
            "url": url,
            "name": name,
            "invited_by": invited_by,
            "days": OWNERSHIP_LINK_LIFETIME.days,
        },
    )


def _invitation_pending(initiative: Initiative, email: str) -> bool:
    return SignInLink.objects.filter(
        purpose=SignInLink.Purpose.TAKE_OWNERSHIP,
        email=normalize_email(email),
        payload__initiative_id=initiative.pk,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists()


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
    if initiative.owners.filter(email=normalize_email(email)).exists():
        raise ValidationError(
            {
                "email": ValidationError(
                    _("That person already owns the idea."), code="already_owner"
                )
            }
        )
    if _invitation_pending(initiative, email):
        raise ValidationError(
            {
                "email": ValidationError(
                    _("That person has already been invited. The invitation works for 14 days."),
                    code="already_invited",
                )
            }
        )
    _send_ownership_link(
        initiative, email=email, name="", invited_by=actor, kind="initiative_owner_invite"
    )
    audit_record(actor=actor, action="initiative.invite_owner", obj=initiative)


@transaction.atomic
def ownership_invitation_resend(*, actor: User, initiative: Initiative) -> None:
    """Send the citizen a new link to take ownership of an idea registered for her;
    the earlier link stops working."""
    initiative = locked(initiative)
    require("initiatives.resend_ownership_invitation", actor, initiative)
    if initiative.owners.exists() or not initiative.pending_owner_email:
        raise ValidationError(_("The idea already has an owner."), code="already_owned")
    sign_in_link_revoke(
        purpose=SignInLink.Purpose.TAKE_OWNERSHIP,
        email=initiative.pending_owner_email,
        payload_filter={"initiative_id": initiative.pk},
    )
    _send_ownership_link(
        initiative,
        email=initiative.pending_owner_email,
        name=initiative.pending_owner_name,
        invited_by=actor,
    )
    audit_record(actor=actor, action="initiative.resend_ownership_invitation", obj=initiative)


@transaction.atomic
def ownership_add(*, user: User, initiative: Initiative) -> Initiative:
    """Make `user` an owner. The municipality's people on the idea cannot own it:
    staff help, never take over."""
    initiative = locked(initiative)
    if user.pk in (initiative.contact_person_id, initiative.registered_by_id):
        raise ValidationError(
            _("The idea must be owned by the citizen, not by the municipality's staff."),
            code="staff_cannot_own",
        )
    __, created = Ownership.objects.get_or_create(initiative=initiative, user=user)
    if created:
        if initiative.pending_owner_email:
            initiative.pending_owner_email = initiative.pending_owner_name = ""
            initiative.save(update_fields=["pending_owner_email", "pending_owner_name"])
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
