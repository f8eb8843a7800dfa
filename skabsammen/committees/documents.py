"""A meeting's agenda ("Dagsorden med bilag") and minutes ("Referat") as PDF and DOCX.

Both are laid out like Gentofte's documents: a title block, the time and place, for the
minutes the closing line and who attended, a table of contents with page numbers, then
each item with its sections and attachments. The PDF is WeasyPrint over an HTML template;
the DOCX is written with python-docx from the same `MeetingDocument`, so the two hold the
same text in the same order. A public version shows closed items by their title alone.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Attendance, Meeting, Presence
from .selectors import ItemView

AGENDA, MINUTES = "agenda", "minutes"


@dataclass(frozen=True)
class MeetingDocument:
    meeting: Meeting
    items: list[ItemView]
    kind: str  # AGENDA or MINUTES
    full: bool  # closed items in full: the secretariat's version
    attendance: tuple[Attendance, ...] = ()

    @property
    def is_minutes(self) -> bool:
        return self.kind == MINUTES

    @property
    def is_draft(self) -> bool:
        """Minutes not yet approved, or an agenda not yet published."""
        if self.is_minutes:
            return not self.meeting.minutes_are_public
        return not self.meeting.agenda_is_public

    @property
    def has_closed_content(self) -> bool:
        return self.full and any(item.is_closed for item in self.items)

    @property
    def heading(self) -> str:
        body = self.meeting.body.name
        if self.is_minutes:
            return _("Minutes of the meeting of %(body)s") % {"body": body}
        return _("Agenda for the meeting of %(body)s") % {"body": body}

    @property
    def warnings(self) -> list[str]:
        """Printed at the top, so that a draft or an internal version is not sent out."""
        lines = []
        if self.is_draft:
            lines.append(_("DRAFT: not approved or published."))
        if self.has_closed_content:
            lines.append(_("Internal version: contains closed items. Not for publication."))
        return lines

    @property
    def present(self) -> list[Attendance]:
        return [a for a in self.attendance if a.presence == Presence.PRESENT]

    @property
    def absent(self) -> list[Attendance]:
        return [a for a in self.attendance if a.presence != Presence.PRESENT]

    def filename(self, extension: str) -> str:
        start = timezone.localtime(self.meeting.starts_at)
        kind = _("minutes") if self.is_minutes else _("agenda")
        marks = (["udkast"] if self.is_draft else []) + (
            ["intern"] if self.has_closed_content else []
        )
        suffix = "".join(f"-{mark}" for mark in marks)
        return f"{kind}-{self.meeting.body.slug}-{start:%Y-%m-%d}{suffix}.{extension}"


def render_html(document: MeetingDocument) -> str:
    return render_to_string(
        "committees/documents/meeting.html",
        {
            "doc": document,
            "meeting": document.meeting,
            "items": document.items,
            "present": document.present,
            "absent": document.absent,
            "municipality": settings.MUNICIPALITY_NAME,
        },
    )


def render_pdf(document: MeetingDocument) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which takes a moment

    return HTML(string=render_html(document)).write_pdf()


# DOCX -----------------------------------------------------------------------------------


def _toc_field(document, items: list[ItemView], label) -> None:
    """A Word table of contents over the item headings. Word fills in the page numbers
    when it opens the file (the settings ask it to update fields); until then the field
    shows the items' titles."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(paragraph, element):
        run = paragraph.add_run()
        run._r.append(element)
        return run

    def fld_char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    first = document.add_paragraph()
    run_with(first, fld_char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "2-2" \\h \\z \\u'
    run_with(first, instruction)
    run_with(first, fld_char("separate"))
    first.add_run(label(items[0]) if items else "")
    for item in items[1:]:
        document.add_paragraph(label(item))
    last = document.add_paragraph()
    run_with(last, fld_char("end"))
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _item_label(item: ItemView) -> str:
    state = _("Closed") if item.is_closed else _("Open")
    return f"{item.number} ({state}) {item.title}"


def _paragraphs(document, text: str) -> None:
    for block in text.split("\n\n"):
        lines = block.strip("\n").split("\n")
        if all(line.startswith("- ") for line in lines if line.strip()):
            for line in filter(str.strip, lines):
                document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph("\n".join(lines))


def _section(document, title: str, text: str) -> None:
    document.add_heading(title, level=3)
    _paragraphs(document, text or "–")


def _docx_item(document, doc: MeetingDocument, item: ItemView) -> None:
    from docx.enum.text import WD_BREAK

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(_item_label(item), level=2)
    if not item.shows_content:
        document.add_paragraph(_("Closed item: only its title is public."))
        return
    if item.case_id:
        document.add_paragraph().add_run(f"{_('Case ID')}: {item.case_id}").bold = True
    if item.summary:
        _section(document, _("Summary"), item.summary)
    if item.background:
        _section(document, _("Background"), item.background)
    if item.recommendation_intro or item.recommendations:
        _section(document, _("Recommendation"), item.recommendation_intro)
        for point in item.recommendations:
            document.add_paragraph(point, style="List Bullet")
    _section(document, _("Previous decisions"), item.previous_decisions)
    if doc.is_minutes:
        _section(document, _("Decisions"), item.decisions)
    for title, text in item.other_sections:
        _section(document, title, text)
    if item.attachments:
        document.add_heading(_("Attachments"), level=3)
        for a in item.attachments:
            ids = f" ({a.document_id}{f' - {item.case_id}' if item.case_id else ''})"
            number = f"{a.number}. " if a.number else ""
            document.add_paragraph(f"{number}{a.title}{ids if a.document_id else ''}")
        if not doc.is_minutes:  # "Dagsorden med bilag": the appendices' text follows
            for a in (a for a in item.attachments if a.text):
                _section(document, f"{_('Attachment')} {a.number or ''}: {a.title}", a.text)


def render_docx(doc: MeetingDocument) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = doc.heading
    document.core_properties.author = settings.MUNICIPALITY_NAME
    document.styles["Normal"].font.size = Pt(10.5)
    document.add_paragraph(settings.MUNICIPALITY_NAME.upper())
    for warning in doc.warnings:
        document.add_paragraph().add_run(warning).bold = True
    document.add_heading(doc.heading, level=1)
    meeting = doc.meeting
    facts = [
        (_("Time of meeting"), f"{timezone.localtime(meeting.starts_at):%d-%m-%Y %H:%M}"),
        (_("Meeting venue"), meeting.place or "–"),
    ]
    if doc.is_minutes:
        if meeting.closing_note:
            facts.append((_("Closing"), meeting.closing_note))
        facts.append((_("Present"), ", ".join(a.name for a in doc.present) or "–"))
        facts.append((_("Absent"), ", ".join(_absent(a) for a in doc.absent) or "–"))
    if not doc.full:
        facts.append((_("Version"), _("Public version: closed items show only their title.")))
    table = document.add_table(rows=0, cols=2)
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value
    # Not a heading: the table of contents lists the items' headings only.
    document.add_paragraph().add_run(_("Contents")).bold = True
    _toc_field(document, doc.items, _item_label)
    for item in doc.items:
        _docx_item(document, doc, item)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _absent(attendance: Attendance) -> str:
    if attendance.substitute:
        return _("%(name)s (substitute: %(substitute)s)") % {
            "name": attendance.name,
            "substitute": attendance.substitute,
        }
    return attendance.name
