"""/api/v1/bodies and /api/v1/meetings: public agendas and minutes.

A closed item (Lukket) is its number and title alone, unless the token belongs to the
secretariat: the API reads items through the same selector as the pages.
"""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from skabsammen.api.base import OptionalApiToken

from . import selectors
from .models import Body, Meeting

router = Router(tags=["committees"])
PAGE_SIZE_MAX = 100


class MemberOut(Schema):
    name: str
    role: str
    group: str
    starts_on: date
    ends_on: date | None


class BodyOut(Schema):
    slug: str
    name: str
    kind: str
    parent: str | None
    url: str


class BodyDetailOut(BodyOut):
    mandate: str
    period_start: date | None
    period_end: date | None
    members: list[MemberOut]
    working_groups: list[BodyOut]


class MeetingOut(Schema):
    id: int
    url: str
    body: str
    number: int | None
    starts_at: datetime
    ends_at: datetime | None
    place: str
    status: str


class AttachmentOut(Schema):
    number: int | None
    title: str
    document_id: str
    url: str | None


class ItemOut(Schema):
    number: int
    title: str
    closed: bool
    case_id: str | None = None
    summary: str | None = None
    background: str | None = None
    recommendation_intro: str | None = None
    recommendations: list[str] | None = None
    previous_decisions: str | None = None
    decisions: str | None = None
    attachments: list[AttachmentOut] | None = None


class AttendanceOut(Schema):
    name: str
    presence: str
    substitute: str


class MeetingDetailOut(MeetingOut):
    closing_note: str
    attendance: list[AttendanceOut]
    items: list[ItemOut]


class MeetingPage(Schema):
    count: int
    items: list[MeetingOut]


class MeetingFilters(Schema):
    body: str | None = Field(default=None, description="Body slug")
    year: int | None = Field(default=None, ge=1900, le=2200)
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=20, ge=1, le=PAGE_SIZE_MAX)


def _body_out(body: Body) -> dict:
    return {
        "slug": body.slug,
        "name": body.name,
        "kind": body.kind,
        "parent": body.parent.slug if body.parent_id else None,
        "url": settings.SITE_URL + body.get_absolute_url(),
    }


def _meeting_out(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "url": settings.SITE_URL + meeting.get_absolute_url(),
        "body": meeting.body.slug,
        "number": meeting.number,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "status": meeting.status,
    }


def _item_out(item: selectors.ItemView, minutes_public: bool) -> dict:
    head = {"number": item.number, "title": item.title, "closed": item.is_closed}
    if not item.shows_content:
        return head
    return head | {
        "case_id": item.case_id,
        "summary": item.summary,
        "background": item.background,
        "recommendation_intro": item.recommendation_intro,
        "recommendations": list(item.recommendations),
        "previous_decisions": item.previous_decisions,
        "decisions": item.decisions if minutes_public else "",
        "attachments": [
            {
                "number": a.number,
                "title": a.title,
                "document_id": a.document_id,
                "url": settings.SITE_URL + reverse("committees:attachment", args=[a.pk])
                if a.file or a.text
                else None,
            }
            for a in item.attachments
        ],
    }


@router.get("/bodies", response=list[BodyOut], summary="Bodies: council, committees, councils")
def list_bodies(request):
    return [_body_out(b) for b in Body.objects.select_related("parent")]


@router.get("/bodies/{slug}", response=BodyDetailOut, summary="One body with its members")
def get_body(request, slug: str):
    body = selectors.body_page(slug=slug)
    if body is None:
        raise Http404
    return _body_out(body) | {
        "mandate": body.mandate,
        "period_start": body.period_start,
        "period_end": body.period_end,
        "members": [
            {
                "name": m.name,
                "role": m.role,
                "group": m.group,
                "starts_on": m.starts_on,
                "ends_on": m.ends_on,
            }
            for m in body.members
        ],
        "working_groups": [_body_out(g) for g in body.groups],
    }


@router.get(
    "/meetings", response=MeetingPage, auth=OptionalApiToken(), summary="Published meetings"
)
def list_meetings(request, filters: Query[MeetingFilters]):
    body = None
    if filters.body:
        body = Body.objects.filter(slug=filters.body).first()
        if body is None:
            raise ValidationError(
                _("Unknown body: %(slug)s") % {"slug": filters.body}, code="invalid_filter"
            )
    meetings = selectors.archive(user=request.user, body=body, year=filters.year)
    start = (filters.page - 1) * filters.page_size
    return {
        "count": meetings.count(),
        "items": [_meeting_out(m) for m in meetings[start : start + filters.page_size]],
    }


@router.get(
    "/meetings/{int:meeting_id}",
    response=MeetingDetailOut,
    auth=OptionalApiToken(),
    summary="A meeting's agenda or minutes",
)
def get_meeting(request, meeting_id: int):
    found = selectors.meeting_page(user=request.user, pk=meeting_id)
    if found is None:
        raise Http404
    meeting, items = found
    minutes_public = meeting.minutes_are_public
    return _meeting_out(meeting) | {
        "closing_note": meeting.closing_note if minutes_public else "",
        "attendance": [
            {"name": a.name, "presence": a.presence, "substitute": a.substitute}
            for a in meeting.attendance.all()
        ]
        if minutes_public
        else [],
        "items": [_item_out(item, minutes_public) for item in items],
    }
