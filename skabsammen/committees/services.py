"""Changes to bodies, memberships and meetings. Every write checks its rule and is audited."""

import hashlib
import re
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common.calendar import work_calendar
from skabsammen.common.errors import too_long
from skabsammen.common.permissions import require
from skabsammen.common.text import danish_slug

from .files import KINDS, sniff
from .minutes import Minutes, MinutesError, read_minutes
from .models import (
    NAME_MAX,
    PLACE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    MemberGroup,
    MemberRole,
    Membership,
    Presence,
)


def _unique_slug(name: str, parent: Body | None = None) -> str:
    base = danish_slug(f"{parent.slug} {name}" if parent else name)[:80].strip("-") or "organ"
    slug, n = base, 2
    while Body.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def body_create(
    *,
    actor,
    name: str,
    kind: str,
    parent: Body | None = None,
    mandate: str = "",
    period_start: date | None = None,
    period_end: date | None = None,
    other_names: str = "",
) -> Body:
    if actor is not None:
        require("committees.manage", actor)
    name = name.strip()
    if not name:
        raise ValidationError({"name": ValidationError(_("Give the body a name."), "required")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": too_long(_("The name"), NAME_MAX)})
    if (kind == BodyKind.WORKING_GROUP) != (parent is not None):
        raise ValidationError(
            _("A working group belongs under a body; other bodies do not."), code="parent"
        )
    if period_start and period_end and period_end < period_start:
        raise ValidationError(
            {"period_end": ValidationError(_("The period ends before it starts."), "period")}
        )
    body = Body.objects.create(
        name=name,
        slug=_unique_slug(name, parent),
        kind=kind,
        parent=parent,
        mandate=mandate.strip(),
        period_start=period_start,
        period_end=period_end,
        other_names=other_names.strip(),
    )
    audit_record(actor=actor, action="body.create", obj=body, name=name, kind=kind)
    return body


def _overlapping(body: Body, *, user, name: str, starts_on: date, ends_on: date | None):
    same_person = Q(user=user) if user is not None else Q(user__isnull=True, name__iexact=name)
    overlap = Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    if ends_on is not None:
        overlap &= Q(starts_on__lte=ends_on)
    return body.memberships.filter(same_person, overlap)


@transaction.atomic
def membership_add(
    *,
    actor,
    body: Body,
    name: str,
    starts_on: date,
    ends_on: date | None = None,
    role: str = MemberRole.MEMBER,
    group: str = MemberGroup.CITIZEN,
    email: str = "",
    user=None,
) -> Membership:
    """Give a person a seat; the same person cannot hold two seats in a body at once."""
    if actor is not None:
        require("committees.manage", actor)
    name = (name or (user.name if user else "")).strip()
    if not name:
        raise ValidationError({"name": ValidationError(_("Give the member's name."), "required")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": too_long(_("The name"), NAME_MAX)})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(
            {"ends_on": ValidationError(_("The membership ends before it starts."), "period")}
        )
    if clash := _overlapping(body, user=user, name=name, starts_on=starts_on, ends_on=ends_on):
        seat = clash.first()
        raise ValidationError(
            _("%(name)s is already a member of %(body)s from %(start)s.")
            % {"name": seat.name, "body": body.name, "start": seat.starts_on.strftime("%d-%m-%Y")},
            code="overlapping_membership",
        )
    membership = Membership.objects.create(
        body=body,
        user=user,
        name=name,
        email=(email or (user.email if user else "")).strip(),
        role=role,
        group=group,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit_record(actor=actor, action="membership.add", obj=membership, body=body.pk, name=name)
    return membership


# Importing minutes ------------------------------------------------------------------

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
        body = body_create(actor=None, name=minutes.body, kind=_guess_kind(minutes.body))
        created_body = True
    starts_at = timezone.make_aware(minutes.starts_at)
    if earlier := Meeting.objects.filter(body=body, starts_at=starts_at).first():
        raise _duplicate(earlier)
    meeting = _create_meeting(body, minutes, starts_at, digest)
    notes = list(minutes.notes)
    notes += _create_items(meeting, minutes)
    _create_attendance(meeting, minutes)
    groups = _create_working_groups(meeting, minutes)
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


def seats_on(body: Body, on: date):
    """The memberships of `body` on the day `on`."""
    return (
        body.memberships.filter(starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("role", "name")
    )


def _seats(body: Body, on: date) -> dict[str, Membership]:
    active = body.memberships.filter(starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )
    return {m.name.casefold(): m for m in active}


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


def _create_working_groups(meeting: Meeting, minutes: Minutes) -> list[str]:
    """The working groups the decisions set up, with their members from that day."""
    body = meeting.body
    on = timezone.localdate(meeting.starts_at)
    seats = _seats(body, on)
    names = []
    for parsed in minutes.working_groups:
        group = body.working_groups.filter(name__iexact=parsed.name[:NAME_MAX]).first()
        if group is None:
            group = body_create(
                actor=None, name=parsed.name[:NAME_MAX], kind=BodyKind.WORKING_GROUP, parent=body
            )
        for member in parsed.members:
            seat = seats.get(member.casefold())
            if _overlapping(
                group, user=seat.user if seat else None, name=member, starts_on=on, ends_on=None
            ):
                continue
            membership_add(
                actor=None,
                body=group,
                name=member,
                starts_on=on,
                group=seat.group if seat else MemberGroup.CITIZEN,
                email=seat.email if seat else "",
                user=seat.user if seat else None,
            )
        names.append(group.name)
    return names


# Meetings, agendas and minutes ---------------------------------------------------------


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
    meeting = Meeting.objects.create(
        body=body, starts_at=starts_at, ends_at=ends_at, place=place.strip(), number=number
    )
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
    cleaned["recommendations"] = points
    cleaned["is_closed"] = bool(fields.get("is_closed", False))
    return cleaned


ITEM_TEXTS = ("summary", "background", "recommendation_intro", "previous_decisions")


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
    return late


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
                name=name[:NAME_MAX],
                presence=presence,
                substitute=substitute[:NAME_MAX] if presence == Presence.SUBSTITUTED else "",
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
    title = (title.strip() or file.name.rsplit(".", 1)[0]).strip()
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
