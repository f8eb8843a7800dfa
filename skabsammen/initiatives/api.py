"""/api/v1/initiatives: the same services and rules as the pages."""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, responses
from pydantic import field_validator

from skabsammen.accounts.models import normalize_email
from skabsammen.api.base import ApiToken, OptionalApiToken, StrictSchema, not_null
from skabsammen.common.permissions import require
from skabsammen.municipality.models import District, Topic

from . import selectors, services
from .models import (
    DESCRIPTION_MAX,
    MESSAGE_MAX,
    NEXT_STEP_MAX,
    PLACE_MAX,
    TITLE_MAX,
    Initiative,
    Message,
    Status,
    TimelineEvent,
)

router = Router(tags=["initiatives"])
PAGE_SIZE_MAX = 100


class ContactPersonOut(Schema):
    name: str
    department: str | None


class TimelineEventOut(Schema):
    at: datetime
    kind: str
    status: str | None
    next_step: str | None
    next_step_due: date | None
    text: str | None


class PartnerRoleOut(Schema):
    kind: str
    description: str


class InitiativeOut(Schema):
    id: int
    url: str
    title: str
    description: str
    status: str
    status_label: str
    help_wanted: list[str]
    topics: list[str]
    district: str | None
    place: str
    public: bool
    channel: str
    submitted_at: datetime
    contact_person: ContactPersonOut | None
    next_step: str | None
    next_step_due: date | None


class InitiativeDetailOut(InitiativeOut):
    decline_reason: str | None
    decline_referral: str | None
    partner_roles: list[PartnerRoleOut]
    timeline: list[TimelineEventOut]


class InitiativePage(Schema):
    count: int
    items: list[InitiativeOut]


class InitiativeIn(StrictSchema):
    title: str = Field(max_length=TITLE_MAX)
    description: str = Field(max_length=DESCRIPTION_MAX)
    help_wanted: list[str] = []
    topics: list[str] = Field(default=[], description="Topic slugs")
    district: str | None = Field(default=None, description="District slug")
    place: str = Field(default="", max_length=PLACE_MAX)
    public: bool = True


class InitiativePatch(StrictSchema):
    """Only the fields given change; `district: null` clears the district."""

    title: str | None = Field(default=None, max_length=TITLE_MAX)
    description: str | None = Field(default=None, max_length=DESCRIPTION_MAX)
    help_wanted: list[str] | None = None
    topics: list[str] | None = None
    district: str | None = None
    place: str | None = Field(default=None, max_length=PLACE_MAX)
    public: bool | None = None

    _given_fields_have_values = field_validator(
        "title", "description", "help_wanted", "topics", "place", "public", mode="before"
    )(not_null)


class MessageIn(StrictSchema):
    text: str = Field(max_length=MESSAGE_MAX)
    internal: bool = False
    next_step: str = Field(
        default="",
        max_length=NEXT_STEP_MAX,
        description="Required with the contact person's first message to the citizen.",
    )
    next_step_due: date | None = None


class MessageOut(Schema):
    id: int
    author: str | None
    text: str
    internal: bool
    lix: float | None
    created_at: datetime


class AssignIn(StrictSchema):
    contact_person: str = Field(description="The staff member's e-mail address")


class TransitionIn(StrictSchema):
    status: str
    next_step: str = Field(default="", max_length=NEXT_STEP_MAX)
    next_step_due: date | None = None
    reason: str = ""
    referral: str = ""


class Filters(Schema):
    status: str | None = None
    topic: str | None = Field(default=None, description="Topic slug")
    district: str | None = Field(default=None, description="District slug")
    q: str | None = Field(default=None, description="Search words", max_length=200)
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=20, ge=1, le=PAGE_SIZE_MAX)


def _out(initiative: Initiative) -> dict:
    contact = initiative.contact_person
    showing_next_step = initiative.is_active and bool(initiative.next_step)
    return {
        "id": initiative.pk,
        "url": settings.SITE_URL + initiative.get_absolute_url(),
        "title": initiative.title,
        "description": initiative.description,
        "status": initiative.status,
        "status_label": str(Status(initiative.status).label),
        "help_wanted": initiative.help_wanted,
        "topics": [topic.slug for topic in initiative.topics.all()],
        "district": initiative.district.slug if initiative.district else None,
        "place": initiative.place,
        "public": initiative.is_public,
        "channel": initiative.channel,
        "submitted_at": initiative.submitted_at,
        "contact_person": {
            "name": contact.get_full_name(),
            "department": str(contact.department) if contact.department_id else None,
        }
        if contact
        else None,
        "next_step": initiative.next_step if showing_next_step else None,
        "next_step_due": initiative.next_step_due if showing_next_step else None,
    }


def _detail_out(initiative: Initiative) -> dict:
    declined = initiative.status == Status.DECLINED
    return {
        **_out(initiative),
        "decline_reason": initiative.decline_reason if declined else None,
        "decline_referral": initiative.decline_referral if declined else None,
        "partner_roles": [
            {"kind": role.kind, "description": role.description}
            for role in initiative.partner_roles.all()
        ],
        "timeline": [_event_out(event) for event in initiative.timeline.all()],
    }


def _event_out(event: TimelineEvent) -> dict:
    return {
        "at": event.created_at,
        "kind": event.kind,
        "status": event.status or None,
        "next_step": event.next_step or None,
        "next_step_due": event.next_step_due,
        "text": event.text or None,
    }


def _message_out(message: Message) -> dict:
    return {
        "id": message.pk,
        "author": message.author.get_full_name() if message.author else None,
        "text": message.text,
        "internal": message.internal,
        "lix": message.lix,
        "created_at": message.created_at,
    }


def _invalid_filter(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_filter")


def _topics(slugs: list[str]) -> list[Topic]:
    topics = list(Topic.objects.filter(slug__in=slugs))
    if missing := sorted(set(slugs) - {topic.slug for topic in topics}):
        raise ValidationError(
            {
                "topics": ValidationError(
                    _("Unknown topic: %(slugs)s") % {"slugs": ", ".join(missing)},
                    code="unknown_topic",
                )
            }
        )
    return topics


def _district(slug: str | None) -> District | None:
    if not slug:
        return None
    district = District.objects.filter(slug=slug).first()
    if district is None:
        raise ValidationError(
            {
                "district": ValidationError(
                    _("Unknown district: %(slug)s") % {"slug": slug}, code="unknown_district"
                )
            }
        )
    return district


def _get(request, initiative_id: int) -> Initiative:
    initiative = selectors.initiative_detail(user=request.user, pk=initiative_id)
    if initiative is None:
        raise Http404
    return initiative


@router.get("", response=InitiativePage, auth=OptionalApiToken(), summary="List ideas")
def list_initiatives(request, filters: Query[Filters]):
    """Public ideas (and, with a token, your own private ones; staff see all), newest first."""
    if filters.status and filters.status not in Status.values:
        raise _invalid_filter(_("Unknown status: %(status)s") % {"status": filters.status})
    topic = None
    if filters.topic:
        topic = Topic.objects.filter(slug=filters.topic).first()
        if topic is None:
            raise _invalid_filter(_("Unknown topic: %(slugs)s") % {"slugs": filters.topic})
    district = None
    if filters.district:
        district = District.objects.filter(slug=filters.district).first()
        if district is None:
            raise _invalid_filter(_("Unknown district: %(slug)s") % {"slug": filters.district})
    initiatives = selectors.initiative_list(
        user=request.user,
        status=filters.status,
        topic=topic,
        district=district,
        query=filters.q or "",
    )
    start = (filters.page - 1) * filters.page_size
    return {
        "count": selectors.counted(initiatives),
        "items": [_out(i) for i in initiatives[start : start + filters.page_size]],
    }


@router.get(
    "/{int:initiative_id}",
    response=InitiativeDetailOut,
    auth=OptionalApiToken(),
    summary="One idea",
)
def get_initiative(request, initiative_id: int):
    return _detail_out(_get(request, initiative_id))


@router.post("", response={201: InitiativeDetailOut}, auth=ApiToken(), summary="Submit an idea")
def create_initiative(request, payload: InitiativeIn):
    initiative = services.initiative_submit(
        actor=request.user,
        title=payload.title,
        description=payload.description,
        help_wanted=payload.help_wanted,
        topics=_topics(payload.topics),
        district=_district(payload.district),
        place=payload.place,
        is_public=payload.public,
    )
    return responses.Status(201, _detail_out(_get(request, initiative.pk)))


@router.patch(
    "/{int:initiative_id}", response=InitiativeDetailOut, auth=ApiToken(), summary="Edit an idea"
)
def edit_initiative(request, initiative_id: int, payload: InitiativePatch):
    """Only the idea's owners may edit it."""
    initiative = _get(request, initiative_id)
    require(
        "initiatives.edit",
        request.user,
        initiative,
        _("Only the idea's owners can change its text. Write a message to propose a change."),
    )
    changes = payload.dict(exclude_unset=True)
    services.initiative_edit(
        actor=request.user,
        initiative=initiative,
        title=changes.get("title", initiative.title),
        description=changes.get("description", initiative.description),
        help_wanted=changes.get("help_wanted", initiative.help_wanted),
        topics=_topics(changes["topics"]) if "topics" in changes else initiative.topics.all(),
        district=_district(changes["district"]) if "district" in changes else initiative.district,
        place=changes.get("place", initiative.place),
        is_public=changes.get("public", initiative.is_public),
    )
    return _detail_out(_get(request, initiative_id))


@router.get(
    "/{int:initiative_id}/messages",
    response=list[MessageOut],
    auth=ApiToken(),
    summary="The dialogue",
)
def list_messages(request, initiative_id: int):
    """For owners and staff; internal notes only for staff."""
    initiative = _get(request, initiative_id)
    require("initiatives.view_dialogue", request.user, initiative)
    return [
        _message_out(message)
        for message in selectors.dialogue(user=request.user, initiative=initiative)
    ]


@router.post(
    "/{int:initiative_id}/messages",
    response={201: MessageOut},
    auth=ApiToken(),
    summary="Write a message",
)
def create_message(request, initiative_id: int, payload: MessageIn):
    message = services.message_post(
        actor=request.user,
        initiative=_get(request, initiative_id),
        text=payload.text,
        internal=payload.internal,
        next_step=payload.next_step,
        next_step_due=payload.next_step_due,
    )
    return responses.Status(201, _message_out(message))


@router.post(
    "/{int:initiative_id}/assign",
    response=InitiativeDetailOut,
    auth=ApiToken(),
    summary="Name the contact person",
)
def assign(request, initiative_id: int, payload: AssignIn):
    initiative = _get(request, initiative_id)
    require("initiatives.assign", request.user, initiative)
    email = normalize_email(payload.contact_person)
    contact = selectors.municipal_staff().filter(email=email).first()
    if contact is None:  # the same answer for a citizen's address and an unknown one
        raise ValidationError(
            {
                "contact_person": ValidationError(
                    _("No one at the municipality has that e-mail address."),
                    code="unknown_contact_person",
                )
            }
        )
    services.initiative_assign(actor=request.user, initiative=initiative, contact_person=contact)
    return _detail_out(_get(request, initiative_id))


@router.post(
    "/{int:initiative_id}/transition",
    response=InitiativeDetailOut,
    auth=ApiToken(),
    summary="Change status",
)
def transition(request, initiative_id: int, payload: TransitionIn):
    """The contact person sets in_dialogue, bridging, trial, underway or declined (with
    reason and referral); owners set paused, withdrawn or realised, and resume by
    setting the status the idea had before."""
    services.initiative_transition(
        actor=request.user,
        initiative=_get(request, initiative_id),
        status=payload.status,
        next_step=payload.next_step,
        next_step_due=payload.next_step_due,
        reason=payload.reason,
        referral=payload.referral,
    )
    return _detail_out(_get(request, initiative_id))
