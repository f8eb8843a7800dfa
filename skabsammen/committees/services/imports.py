"""Reading published minutes into a meeting: all of it, or nothing."""

import hashlib
import re
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common.permissions import require

from ..minutes import Minutes, MinutesError, read_minutes
from ..models import (
    NAME_MAX,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    MemberGroup,
    Presence,
)
from .bodies import _overlapping, _seats, body_create, membership_add

_DEFINITE = re.compile(r"^(\w{5,}?)(et|en)$")


def _normal(name: str) -> str:
    """ "Opgaveudvalget Vi skaber sammen" and "Opgaveudvalg Vi Skaber Sammen" are one body."""
    words = re.sub(r"\(.*?\)", " ", name).casefold().split()
    if words:
        words[0] = _DEFINITE.sub(r"\1", words[0])
    return " ".join(words)


def _guess_kind(name: str) -> str:
    """ "Opgaveudvalg …", "Aarhus Byråd", "Grønt Råd", "Teknisk Udvalg"."""
    words = _normal(name).split()
    if any(w.startswith("opgaveudvalg") for w in words):
        return BodyKind.TASK_COMMITTEE
    if any(w.startswith(("byråd", "kommunalbestyrelse")) for w in words):
        return BodyKind.MUNICIPAL_COUNCIL
    if words and words[-1].startswith("råd"):
        return BodyKind.COUNCIL
    return BodyKind.STANDING_COMMITTEE


def body_for_name(name: str) -> Body | None:
    """The body whose name, or one of its other names, is `name`."""
    wanted = _normal(name)
    for body in Body.objects.exclude(kind=BodyKind.WORKING_GROUP):
        if any(_normal(n) == wanted for n in body.names):
            return body
    return None


def _duplicate(meeting: Meeting) -> ValidationError:
    return ValidationError(
        _("These minutes have already been imported: %(meeting)s.")
        % {"meeting": f"{meeting.body.name}, {timezone.localtime(meeting.starts_at):%d-%m-%Y}"},
        code="duplicate",
    )


def _read(data: bytes, filename: str) -> Minutes:
    limit = settings.MINUTES_IMPORT_MAX_MB
    if len(data) > limit * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": limit}, code="too_large"
        )
    try:
        return read_minutes(data, filename)
    except MinutesError as error:
        raise ValidationError(error.message, code=error.code) from error


@transaction.atomic
def meeting_import(*, actor, data: bytes, filename: str = "", body: Body | None = None) -> Meeting:
    """Read minutes (or an agenda) into a new meeting: all of it, or nothing.

    `actor` None is an operator at the command line. The meeting keeps a report of what
    was read and what was not understood (`import_report`).
    """
    if actor is not None:
        require("committees.import_minutes", actor)
    minutes = _read(data, filename)
    digest = hashlib.sha256(data).hexdigest()
    if earlier := Meeting.objects.filter(source_sha256=digest).select_related("body").first():
        raise _duplicate(earlier)
    created_body = False
    if body is None and (body := body_for_name(minutes.body)) is None:
        body = body_create(actor=actor, name=minutes.body, kind=_guess_kind(minutes.body))
        created_body = True
    starts_at = timezone.make_aware(minutes.starts_at)
    if earlier := Meeting.objects.filter(body=body, starts_at=starts_at).first():
        raise _duplicate(earlier)
    meeting = _create_meeting(body, minutes, starts_at, digest)
    notes = list(minutes.notes)
    notes += _create_items(meeting, minutes)
    _create_attendance(meeting, minutes)
    groups = _create_working_groups(meeting, minutes, actor)
    meeting.import_report = {
        "layout": minutes.layout,
        "kind": minutes.kind,
        "filename": filename[:200],
        "body_created": created_body,
        "items": len(minutes.items),
        "closed_items": sum(item.closed for item in minutes.items),
        "attachments": sum(len(item.attachments) for item in minutes.items),
        "present": len(minutes.present),
        "absent": len(minutes.absent),
        "working_groups": groups,
        "notes": notes,
        "not_understood": list(minutes.not_understood),
    }
    meeting.save(update_fields=["import_report"])
    audit_record(
        actor=actor, action="meeting.import", obj=meeting, sha256=digest, layout=minutes.layout
    )
    return meeting


def _create_meeting(body: Body, minutes: Minutes, starts_at: datetime, digest: str) -> Meeting:
    is_minutes = minutes.kind == "minutes"
    return Meeting.objects.create(
        body=body,
        number=minutes.number,
        starts_at=starts_at,
        ends_at=timezone.make_aware(minutes.ends_at) if minutes.ends_at else None,
        place=minutes.place[:200],
        status=MeetingStatus.MINUTES_APPROVED if is_minutes else MeetingStatus.AGENDA_PUBLISHED,
        closing_note=minutes.closing_note[:300],
        agenda_published_at=timezone.now(),
        minutes_approved_at=timezone.now() if is_minutes else None,
        source_sha256=digest,
        source_layout=minutes.layout,
    )


def _create_items(meeting: Meeting, minutes: Minutes) -> list[str]:
    """The items and their attachments; returns notes on case IDs in another format."""
    notes = []
    pattern = re.compile(settings.CASE_ID_PATTERN)
    for parsed in minutes.items:
        if parsed.case_id and not pattern.match(parsed.case_id):
            notes.append(
                _("Item %(n)d: the case ID %(id)s is not in the format %(example)s.")
                % {"n": parsed.number, "id": parsed.case_id, "example": settings.CASE_ID_EXAMPLE}
            )
        closed = parsed.closed
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=parsed.number,
            title=parsed.title[:300],
            is_closed=closed,
            case_id=parsed.case_id[:40],
            summary=parsed.summary,
            background=parsed.background,
            recommendation_intro=parsed.recommendation_intro,
            recommendations=list(parsed.recommendations),
            previous_decisions=parsed.previous_decisions,
            decisions=parsed.decisions,
            other_sections=dict(parsed.other_sections),
        )
        Attachment.objects.bulk_create(
            Attachment(
                item=item,
                number=attachment.number,
                title=attachment.title[:300],
                document_id=attachment.document_id[:60],
                text=minutes.appendix_texts.get(attachment.document_id, "")
                if attachment.document_id
                else "",
            )
            for attachment in parsed.attachments
        )
    return notes


def _create_attendance(meeting: Meeting, minutes: Minutes) -> None:
    seats = _seats(meeting.body, timezone.localdate(meeting.starts_at))
    rows = [(name, Presence.PRESENT, "") for name in minutes.present]
    for name in minutes.absent:
        substitute = minutes.substitutes.get(name, "")
        rows.append((name, Presence.SUBSTITUTED if substitute else Presence.ABSENT, substitute))
    seen = set()
    for name, presence, substitute in rows:
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        Attendance.objects.create(
            meeting=meeting,
            membership=seats.get(name.casefold()),
            name=name[:200],
            presence=presence,
            substitute=substitute[:200],
        )


def _create_working_groups(meeting: Meeting, minutes: Minutes, actor) -> list[str]:
    """The working groups the decisions set up, with their members from that day."""
    body = meeting.body
    on = timezone.localdate(meeting.starts_at)
    seats = _seats(body, on)
    names = []
    for parsed in minutes.working_groups:
        group = body.working_groups.filter(name__iexact=parsed.name[:NAME_MAX]).first()
        if group is None:
            group = body_create(
                actor=actor, name=parsed.name[:NAME_MAX], kind=BodyKind.WORKING_GROUP, parent=body
            )
        for member in parsed.members:
            seat = seats.get(member.casefold())
            if _overlapping(
                group, user=seat.user if seat else None, name=member, starts_on=on, ends_on=None
            ):
                continue
            membership_add(
                actor=actor,
                body=group,
                name=member,
                starts_on=on,
                group=seat.group if seat else MemberGroup.CITIZEN,
                email=seat.email if seat else "",
                user=seat.user if seat else None,
            )
        names.append(group.name)
    return names
