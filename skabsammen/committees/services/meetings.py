"""Meetings from a planned agenda to approved minutes; items and attachments."""

import re
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common.calendar import work_calendar
from skabsammen.common.errors import too_long
from skabsammen.common.permissions import require
from skabsammen.mail.services import email_queue

from ..files import KINDS, sniff
from ..models import (
    NAME_MAX,
    PLACE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    Meeting,
    MeetingStatus,
    Presence,
)
from .bodies import _seats, seats_on


def _locked(meeting: Meeting) -> Meeting:
    """The meeting as it is now, locked until the transaction ends: a page may have
    been open while someone else moved the meeting on."""
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


def _refuse_status(meeting: Meeting, *allowed: str) -> None:
    if meeting.status not in allowed:
        raise ValidationError(
            _("This cannot be done when the meeting's status is “%(status)s”.")
            % {"status": meeting.get_status_display()},
            code="wrong_status",
        )


def _check_time(starts_at: datetime, ends_at: datetime | None) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError(
            {"ends_at": ValidationError(_("The meeting ends before it starts."), "period")}
        )


@transaction.atomic
def meeting_create(
    *,
    actor,
    body: Body,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    number: int | None = None,
) -> Meeting:
    if actor is not None:
        require("committees.manage", actor)
    _check_time(starts_at, ends_at)
    if len(place.strip()) > PLACE_MAX:
        raise ValidationError({"place": too_long(_("The place"), PLACE_MAX)})
    if Meeting.objects.filter(body=body, starts_at=starts_at).exists():
        raise ValidationError(
            {"starts_at": ValidationError(_("The body already meets at that time."), "duplicate")}
        )
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                body=body, starts_at=starts_at, ends_at=ends_at, place=place.strip(), number=number
            )
    except IntegrityError as error:  # the same meeting created a moment ago
        raise ValidationError(
            {"starts_at": ValidationError(_("The body already meets at that time."), "duplicate")}
        ) from error
    audit_record(actor=actor, action="meeting.create", obj=meeting, body=body.pk)
    return meeting


def clean_case_id(case_id: str) -> str:
    case_id = case_id.strip().upper()
    if case_id and not re.match(settings.CASE_ID_PATTERN, case_id):
        raise ValidationError(
            {
                "case_id": ValidationError(
                    _("Write the case ID like %(example)s.")
                    % {"example": settings.CASE_ID_EXAMPLE},
                    "case_id",
                )
            }
        )
    return case_id


MAX_POINTS, POINT_MAX = 50, 2000
ITEM_TEXTS = ("summary", "background", "recommendation_intro", "previous_decisions")


def _clean_item(fields: dict) -> dict:
    title = fields.get("title", "").strip()
    if not title:
        raise ValidationError({"title": ValidationError(_("Give the item a title."), "required")})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": too_long(_("The title"), TITLE_MAX)})
    cleaned = {"title": title, "case_id": clean_case_id(fields.get("case_id", ""))}
    for name in ITEM_TEXTS:
        text = fields.get(name, "").strip()
        if len(text) > TEXT_MAX:
            raise ValidationError({name: too_long(_("The text"), TEXT_MAX)})
        cleaned[name] = text
    points = [p.strip() for p in fields.get("recommendations", []) if p.strip()]
    if len(points) > MAX_POINTS or any(len(p) > POINT_MAX for p in points):
        raise ValidationError(
            {
                "recommendations": ValidationError(
                    _("At most %(n)d points of at most %(max)d characters each.")
                    % {"n": MAX_POINTS, "max": POINT_MAX},
                    "too_long",
                )
            }
        )
    cleaned["recommendations"] = points
    cleaned["is_closed"] = bool(fields.get("is_closed", False))
    return cleaned


@transaction.atomic
def agenda_item_add(*, actor, meeting: Meeting, **fields) -> AgendaItem:
    """A new item at the end of the agenda; the agenda can grow until the meeting is held."""
    if actor is not None:
        require("committees.manage", actor)
    meeting = _locked(meeting)
    _refuse_status(meeting, MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)
    cleaned = _clean_item(fields)
    number = (meeting.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = AgendaItem.objects.create(meeting=meeting, number=number, **cleaned)
    audit_record(actor=actor, action="agenda_item.add", obj=item, meeting=meeting.pk)
    return item


@transaction.atomic
def agenda_item_update(*, actor, item: AgendaItem, **fields) -> AgendaItem:
    """Change an item's text before the minutes are approved."""
    if actor is not None:
        require("committees.manage", actor)
    _refuse_status(_locked(item.meeting), *EDITABLE)
    cleaned = _clean_item(fields)
    for name, value in cleaned.items():
        setattr(item, name, value)
    item.save(update_fields=list(cleaned))
    audit_record(actor=actor, action="agenda_item.update", obj=item, fields=sorted(cleaned))
    return item


EDITABLE = (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)


@transaction.atomic
def agenda_item_decide(*, actor, item: AgendaItem, decisions: str) -> AgendaItem:
    """Write what the meeting decided (Beslutninger); once the meeting has been held."""
    if actor is not None:
        require("committees.manage", actor)
    _refuse_status(_locked(item.meeting), MeetingStatus.HELD)
    decisions = decisions.strip()
    if len(decisions) > TEXT_MAX:
        raise ValidationError({"decisions": too_long(_("The text"), TEXT_MAX)})
    item.decisions = decisions
    item.save(update_fields=["decisions"])
    audit_record(actor=actor, action="agenda_item.decide", obj=item)
    return item


def agenda_notice_deadline(meeting: Meeting) -> date:
    """The last day to publish the agenda: N working days before the meeting."""
    meeting_day = timezone.localdate(meeting.starts_at)
    return work_calendar().subtract_working_days(meeting_day, settings.AGENDA_NOTICE_WORKING_DAYS)


@transaction.atomic
def meeting_publish_agenda(*, actor, meeting: Meeting) -> bool:
    """Make the agenda public. Returns True when it is published late (fewer than the
    notice period's working days before the meeting), so the secretariat can be warned."""
    if actor is not None:
        require("committees.manage", actor)
    meeting = _locked(meeting)
    _refuse_status(meeting, MeetingStatus.PLANNED)
    if not meeting.items.exists():
        raise ValidationError(_("Add at least one item before publishing."), code="no_items")
    late = timezone.localdate() > agenda_notice_deadline(meeting)
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["status", "agenda_published_at", "updated_at"])
    audit_record(actor=actor, action="meeting.publish_agenda", obj=meeting, late=late)
    _tell_members(meeting, "meeting_agenda_published")
    return late


def _tell_members(meeting: Meeting, kind: str) -> None:
    """E-mail the members of the meeting's day who have an address."""
    url = settings.SITE_URL + meeting.get_absolute_url()
    seats = seats_on(meeting.body, timezone.localdate(meeting.starts_at)).select_related("user")
    for seat in seats:
        email = seat.email or (seat.user.email if seat.user_id else "")
        if email:
            email_queue(
                to=email,
                kind=kind,
                context={"name": seat.name, "meeting": meeting, "url": url},
                language=seat.user.language if seat.user_id and seat.user.language else None,
            )


@transaction.atomic
def meeting_record_attendance(
    *, actor, meeting: Meeting, rows: list[tuple[str, str, str]]
) -> list[Attendance]:
    """Who was there: (name, presence, substitute) for each member, replacing what was."""
    if actor is not None:
        require("committees.manage", actor)
    meeting = _locked(meeting)
    _refuse_status(meeting, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("Attendance is recorded once the meeting has begun."), code="not_yet"
        )
    seats = _seats(meeting.body, timezone.localdate(meeting.starts_at))
    seen, records = set(), []
    for name, presence, substitute in rows:
        name, substitute = name.strip(), substitute.strip()
        if not name or name.casefold() in seen:
            continue
        if presence not in Presence.values:
            raise ValidationError(_("Unknown attendance: %(value)s") % {"value": presence})
        if len(name) > NAME_MAX or len(substitute) > NAME_MAX:
            raise ValidationError(too_long(_("A name"), NAME_MAX))
        if presence == Presence.SUBSTITUTED and not substitute:
            raise ValidationError(
                _("Give the substitute's name for %(name)s.") % {"name": name},
                code="substitute_required",
            )
        seen.add(name.casefold())
        records.append(
            Attendance(
                meeting=meeting,
                membership=seats.get(name.casefold()),
                name=name,
                presence=presence,
                substitute=substitute if presence == Presence.SUBSTITUTED else "",
            )
        )
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(records)
    audit_record(actor=actor, action="meeting.attendance", obj=meeting, rows=len(records))
    return records


@transaction.atomic
def meeting_mark_held(*, actor, meeting: Meeting) -> Meeting:
    if actor is not None:
        require("committees.manage", actor)
    meeting = _locked(meeting)
    _refuse_status(meeting, MeetingStatus.AGENDA_PUBLISHED)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The meeting has not begun yet."), code="not_yet")
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="meeting.held", obj=meeting)
    return meeting


@transaction.atomic
def meeting_approve_minutes(*, actor, meeting: Meeting, closing_note: str = "") -> Meeting:
    """Approve and publish the minutes; after this they are not changed."""
    if actor is not None:
        require("committees.manage", actor)
    meeting = _locked(meeting)
    _refuse_status(meeting, MeetingStatus.HELD)
    if not meeting.attendance.exists():
        raise ValidationError(
            _("Record who attended before approving the minutes."), code="no_attendance"
        )
    closing_note = closing_note.strip()
    if len(closing_note) > 300:
        raise ValidationError({"closing_note": too_long(_("The closing line"), 300)})
    meeting.status = MeetingStatus.MINUTES_APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.closing_note = closing_note or meeting.closing_note
    meeting.save(update_fields=["status", "minutes_approved_at", "closing_note", "updated_at"])
    audit_record(actor=actor, action="meeting.approve_minutes", obj=meeting)
    _tell_members(meeting, "meeting_minutes_approved")
    return meeting


@transaction.atomic
def attachment_add(
    *, actor, item: AgendaItem, file, title: str = "", document_id: str = ""
) -> Attachment:
    """Attach a file (Bilag) to an item: PDF, DOCX, XLSX or an image, within the size limit.

    The type is read from the file's content, not its name: a file that calls itself a
    PDF but is not one is refused.
    """
    if actor is not None:
        require("committees.manage", actor)
    _refuse_status(_locked(item.meeting), *EDITABLE)
    limit = settings.ATTACHMENT_MAX_MB
    if file.size > limit * 1024 * 1024:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The file is larger than %(mb)d MB.") % {"mb": limit}, "too_large"
                )
            }
        )
    kind = sniff(file)
    name = (file.name or "").lower()
    if kind is None or not name.endswith(KINDS[kind][1]):
        raise ValidationError(
            {
                "file": ValidationError(
                    _(
                        "Attach a PDF, Word (DOCX) or Excel (XLSX) file or an image "
                        "(PNG, JPEG, GIF, WebP), named for what it is."
                    ),
                    "file_type",
                )
            }
        )
    title = (title.strip() or file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]).strip()
    if not title:
        raise ValidationError(
            {"title": ValidationError(_("Give the attachment a title."), "required")}
        )
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": too_long(_("The title"), TITLE_MAX)})
    if len(document_id.strip()) > 60:
        raise ValidationError({"document_id": too_long(_("The document ID"), 60)})
    number = (item.attachments.aggregate(n=Max("number"))["n"] or 0) + 1
    attachment = Attachment(
        item=item,
        number=number,
        title=title,
        document_id=document_id.strip(),
        content_type=KINDS[kind][0],
        size=file.size,
    )
    attachment.file.save(file.name.rsplit("/", 1)[-1], file, save=False)
    attachment.save()
    audit_record(actor=actor, action="attachment.add", obj=attachment, kind=kind, size=file.size)
    return attachment


@transaction.atomic
def attachment_register(
    *, actor, item: AgendaItem, title: str, document_id: str = ""
) -> Attachment:
    """An attachment known by its title and document ID only, as older minutes list them."""
    if actor is not None:
        require("committees.manage", actor)
    _refuse_status(_locked(item.meeting), *EDITABLE)
    title = title.strip()
    if not title:
        raise ValidationError(
            {"title": ValidationError(_("Give the attachment a title."), "required")}
        )
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": too_long(_("The title"), TITLE_MAX)})
    number = (item.attachments.aggregate(n=Max("number"))["n"] or 0) + 1
    attachment = Attachment.objects.create(
        item=item, number=number, title=title, document_id=document_id.strip()[:60]
    )
    audit_record(actor=actor, action="attachment.register", obj=attachment)
    return attachment
