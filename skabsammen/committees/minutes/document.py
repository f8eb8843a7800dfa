"""What a read meeting-minutes document holds, and the ways reading it can fail.

Plain dataclasses with no Django import, so the reader can be used and tested
on its own; the import into the database maps them onto models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Protocol


@dataclass
class Attachment:
    """An appendix (bilag) listed under an agenda item."""

    title: str
    number: int | None = None
    document_id: str = ""


@dataclass
class Item:
    """One agenda item (dagsordenspunkt) with its sections."""

    number: int
    title: str
    closed: bool = False
    case_id: str = ""
    summary: str = ""
    background: str = ""
    recommendation_intro: str = ""
    recommendations: list[str] = field(default_factory=list)
    previous_decisions: str = ""
    decisions: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    other_sections: dict[str, str] = field(default_factory=dict)


@dataclass
class WorkingGroup:
    """A working group (arbejdsgruppe) the decisions establish."""

    name: str
    members: list[str]


@dataclass
class Minutes:
    """A meeting's minutes (referat) or agenda (dagsorden)."""

    layout: str
    kind: str
    body: str
    starts_at: datetime
    place: str = ""
    ends_at: datetime | None = None
    closing_note: str = ""
    number: int | None = None
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    substitutes: dict[str, str] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    working_groups: list[WorkingGroup] = field(default_factory=list)
    appendix_texts: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)


class LayoutParser(Protocol):
    """One document layout: says whether it recognises a text, and reads it."""

    layout: str
    source_kinds: tuple[str, ...]

    def recognises(self, text: str) -> bool: ...

    def parse(self, text: str) -> Minutes: ...


class MinutesError(ValueError):
    """A document could not be read; `message` is Danish, for a person."""

    code: ClassVar[str] = "error"
    default_message: ClassVar[str] = "Dokumentet kunne ikke læses."

    def __init__(self, message: str = "", *, code: str = "") -> None:
        self.message = message or self.default_message
        if code:
            self.code = code
        super().__init__(self.message)


class UnknownLayout(MinutesError):
    code = "unknown_layout"
    default_message = (
        "Dokumentet har et layout, vi ikke kan læse. Vi kan læse referater fra "
        "Gentofte Kommune og fra FirstAgenda (fx Aarhus Kommune)."
    )


class IncompleteDocument(MinutesError):
    code = "incomplete"
    default_message = "Dokumentet er ufuldstændigt."


class UnreadableDocument(MinutesError):
    code = "unreadable"
    default_message = "Filen kunne ikke læses."
