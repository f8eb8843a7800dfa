"""Reads of bodies and meetings that depend on who looks."""

from dataclasses import dataclass

import rules
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.accounts.models import AgeBand

from .models import (
    AgendaItem,
    Attachment,
    Body,
    BodyKind,
    Education,
    Gender,
    Meeting,
    MeetingStatus,
    Membership,
    Principle,
    PrincipleComment,
)


def can_see_closed(user) -> bool:
    return rules.test_rule("committees.view_closed_items", user)


def meetings_for(user) -> QuerySet[Meeting]:
    """Meetings whose agenda or minutes this person may read: planned ones are the
    secretariat's drafts."""
    meetings = Meeting.objects.select_related("body")
    if not rules.test_rule("committees.view_planned_meetings", user):
        meetings = meetings.exclude(status=MeetingStatus.PLANNED)
    return meetings


def bodies_by_kind() -> list[tuple[str, list[Body]]]:
    """Every body but working groups, grouped by kind in a fixed order."""
    bodies = Body.objects.exclude(kind=BodyKind.WORKING_GROUP)
    groups = []
    for kind, label in BodyKind.choices:
        members = [b for b in bodies if b.kind == kind]
        if members:
            groups.append((label, members))
    return groups


def body_page(*, slug: str) -> Body | None:
    """A body with today's members, its principles and its working groups, in 4 queries."""
    seats = Membership.objects.active_on(timezone.localdate()).order_by("role", "name")
    return (
        Body.objects.filter(slug=slug)
        .select_related("parent")
        .prefetch_related(
            Prefetch("memberships", queryset=seats, to_attr="members"),
            "principles",
            Prefetch(
                "working_groups",
                queryset=Body.objects.prefetch_related(
                    Prefetch("memberships", queryset=seats, to_attr="members")
                ),
                to_attr="groups",
            ),
        )
        .first()
    )


@dataclass(frozen=True)
class ItemView:
    """An agenda item as this reader may see it. A closed item the reader may not see
    in full is its number and title alone: nothing else is even handed to a template,
    a document or the API."""

    pk: int
    number: int
    title: str
    is_closed: bool
    shows_content: bool
    case_id: str = ""
    summary: str = ""
    background: str = ""
    recommendation_intro: str = ""
    recommendations: tuple[str, ...] = ()
    previous_decisions: str = ""
    decisions: str = ""
    other_sections: tuple[tuple[str, str], ...] = ()
    attachments: tuple[Attachment, ...] = ()

    @classmethod
    def of(cls, item: AgendaItem, *, full: bool, decisions: bool = True) -> "ItemView":
        """`decisions` False leaves out the decisions of minutes not yet approved."""
        head = {"pk": item.pk, "number": item.number, "title": item.title}
        if item.is_closed and not full:
            return cls(**head, is_closed=True, shows_content=False)
        return cls(
            **head,
            is_closed=item.is_closed,
            shows_content=True,
            case_id=item.case_id,
            summary=item.summary,
            background=item.background,
            recommendation_intro=item.recommendation_intro,
            recommendations=tuple(item.recommendations),
            previous_decisions=item.previous_decisions,
            decisions=item.decisions if decisions else "",
            other_sections=tuple(item.other_sections.items()),
            attachments=tuple(item.attachments.all()),
        )


def meeting_page(*, user, pk: int, public: bool = False) -> tuple[Meeting, list[ItemView]] | None:
    """The meeting and its items as `user` may read them; `public` asks for the public
    version even when the user could read closed items."""
    meeting = meetings_for(user).filter(pk=pk).first()
    if meeting is None:
        return None
    full = can_see_closed(user) and not public
    decisions = full or meeting.minutes_are_public
    items = meeting.items.prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("number", "id"))
    )
    return meeting, [ItemView.of(item, full=full, decisions=decisions) for item in items]


def attachment_for(*, user, pk: int) -> Attachment | None:
    """An attachment this person may open: not one of a closed item, nor of a draft."""
    attachments = Attachment.objects.select_related("item__meeting").filter(
        item__meeting__in=meetings_for(user)
    )
    if not can_see_closed(user):
        attachments = attachments.filter(item__is_closed=False)
    return attachments.filter(pk=pk).first()


def archive(*, user, body: Body | None = None, year: int | None = None) -> QuerySet[Meeting]:
    meetings = meetings_for(user)
    if body is not None:
        meetings = meetings.filter(body=body)
    if year is not None:
        meetings = meetings.filter(starts_at__year=year)
    return meetings.order_by("-starts_at")


def import_report_lines(meeting: Meeting) -> list[str]:
    """The import report as sentences, for the command line."""
    report = meeting.import_report
    start = timezone.localtime(meeting.starts_at)
    lines = [
        _("Imported: %(body)s, %(when)s, %(place)s")
        % {"body": meeting.body.name, "when": f"{start:%d-%m-%Y %H:%M}", "place": meeting.place},
        _("Layout: %(layout)s; %(kind)s")
        % {
            "layout": report["layout"],
            "kind": _("minutes") if report["kind"] == "minutes" else _("agenda"),
        },
        _("%(items)d items (%(closed)d closed), %(attachments)d attachments")
        % {
            "items": report["items"],
            "closed": report["closed_items"],
            "attachments": report["attachments"],
        },
        _("%(present)d present, %(absent)d absent")
        % {"present": report["present"], "absent": report["absent"]},
    ]
    if report["body_created"]:
        lines.append(_("New body: %(body)s") % {"body": meeting.body.name})
    if report["working_groups"]:
        lines.append(
            _("Working groups: %(names)s") % {"names": "; ".join(report["working_groups"])}
        )
    lines += [_("Read with care: %(note)s") % {"note": note} for note in report["notes"]]
    lines += [_("Not understood: %(line)s") % {"line": line} for line in report["not_understood"]]
    return lines


def meeting_document(*, user, pk: int, kind: str, public: bool = False):
    """The agenda or minutes of a meeting as this person may read them, or None.

    The minutes exist once they are approved (the secretariat may see a draft once the
    meeting is held); the secretariat's version has closed items in full unless it asks
    for the public one.
    """
    from .documents import MINUTES, MeetingDocument

    found = meeting_page(user=user, pk=pk, public=public)
    if found is None:
        return None
    meeting, items = found
    full = can_see_closed(user) and not public
    draft_minutes = can_see_closed(user) and meeting.status == MeetingStatus.HELD
    if kind == MINUTES and not (meeting.minutes_are_public or draft_minutes):
        return None
    return MeetingDocument(
        meeting=meeting,
        items=items,
        kind=kind,
        full=full,
        attendance=tuple(meeting.attendance.all()) if kind == MINUTES else (),
    )


def applications_for(body: Body):
    return body.applications.select_related("applicant", "district", "invited_to").order_by(
        "status", "created_at"
    )


@dataclass(frozen=True)
class Figure:
    label: str
    rows: list[tuple[str, int]]


def applicant_figures(body: Body) -> list[Figure]:
    """How the applicants are spread over age, gender, district and education: what a
    fair selection must balance. Counted in the database, one query per attribute."""
    applications = body.applications.exclude(status="withdrawn")
    figures = []
    for label, field, choices in (
        (_("Age band"), "age_band", dict(AgeBand.choices)),
        (_("Gender"), "gender", dict(Gender.choices)),
        (_("District"), "district__name", None),
        (_("Education"), "education", dict(Education.choices)),
    ):
        counts = applications.values(field).annotate(n=Count("id")).order_by(field)
        rows = [
            ((choices or {}).get(row[field], row[field]) or _("Not given"), row["n"])
            for row in counts
        ]
        figures.append(Figure(label, rows))
    return figures


def principles_versions(document) -> list:
    """Every version, newest first, with its principles and their comments: a fixed
    number of queries however many there are."""
    comments = PrincipleComment.objects.select_related("author")
    principles = Principle.objects.prefetch_related(Prefetch("comments", queryset=comments))
    return list(
        document.versions.prefetch_related(Prefetch("principles", queryset=principles)).order_by(
            "-number"
        )
    )
