"""Read existing meeting minutes and agendas into plain dataclasses.

`read_minutes(data, filename)` turns a PDF, HTML page or text file into a
`Minutes`, picking the layout parser that recognises the document. There is
no Django import here: the import into the database maps the result.
"""

from __future__ import annotations

from .document import (
    Attachment,
    IncompleteDocument,
    Item,
    LayoutParser,
    Minutes,
    MinutesError,
    UnknownLayout,
    UnreadableDocument,
    WorkingGroup,
)
from .firstagenda import FirstAgendaHtmlParser, FirstAgendaPdfParser
from .gentofte import GentofteParser
from .sources import read_source

PARSERS: tuple[LayoutParser, ...] = (
    GentofteParser(),
    FirstAgendaPdfParser(),
    FirstAgendaHtmlParser(),
)

__all__ = [
    "PARSERS",
    "Attachment",
    "IncompleteDocument",
    "Item",
    "Minutes",
    "MinutesError",
    "UnknownLayout",
    "UnreadableDocument",
    "WorkingGroup",
    "read_minutes",
]


def read_minutes(data: bytes, filename: str = "") -> Minutes:
    """Read a minutes or agenda document; raise a MinutesError if it cannot be read."""
    source = read_source(data, filename)
    for parser in PARSERS:
        if source.kind in parser.source_kinds and parser.recognises(source.text):
            return parser.parse(source.text)
    raise UnknownLayout()
