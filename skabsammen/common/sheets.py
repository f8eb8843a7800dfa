"""Read a spreadsheet someone exported (CSV or XLSX) into a header and rows.

CSV as Danish systems write it: comma, semicolon or tab separated; UTF-8 with or
without BOM, Windows-1252 or Latin-1. XLSX: the first sheet, with dates and numbers as
Excel stores them. A file that is none of these, empty, too large or without a header
row is refused whole with a Danish message, before any row is looked at.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from skabsammen.committees.files import sniff

CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


@dataclass
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the file, cells)
    format: str
    notes: list[str] = field(default_factory=list)


def normal_name(name: str) -> str:
    """A column's name as compared: casefolded, without spaces, dashes, dots, underscores."""
    return re.sub(r"[\s\-_.]+", "", name.casefold())


def _decode(data: bytes) -> tuple[str, str]:
    """Return the text and the name of its encoding (UTF-8, with or without BOM, else
    Windows-1252 as Excel writes it, else Latin-1)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if CP1252_UNDEFINED.isdisjoint(data):
            return data.decode("cp1252"), "Windows-1252"
        return data.decode("latin-1"), "Latin-1"
    return text, "UTF-8" + (" med BOM" if data.startswith(codecs.BOM_UTF8) else "")


def _read_csv(data: bytes) -> Sheet:
    if b"\x00" in data[:4096]:
        raise _wrong_type()
    text, encoding = _decode(data)
    # A stray NUL further in is dropped: PostgreSQL stores no NUL in text or JSON.
    text = text.replace("\x00", "")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    if first.count("\t") > max(first.count(";"), first.count(",")):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
        rows = []
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, [cell.strip() for cell in cells]))
    except csv.Error as error:
        # The csv module's own words are English: say what is wrong in Danish.
        if "field limit" in str(error):
            message = _(
                "The file could not be read as CSV: a cell on line %(line)d is too long. "
                "Check that every quotation mark in the file is closed."
            )
        else:
            message = _(
                "The file could not be read as CSV (line %(line)d). Save it again as CSV "
                "from the spreadsheet."
            )
        raise ValidationError(message % {"line": reader.line_num}, code="file_type") from error
    names = {";": _("semicolon"), ",": _("comma"), "\t": _("tab")}
    return Sheet(
        [name.strip() for name in header],
        rows,
        _("CSV (%(delimiter)s separated, %(encoding)s)")
        % {"delimiter": names[delimiter], "encoding": encoding},
    )


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\x00", "").strip()


def _read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(
            _("The Excel file could not be opened. Save it again as .xlsx or as CSV."),
            code="file_type",
        ) from error
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [_cell(value) for value in next(lines, ())]
        rows = []
        for number, values in enumerate(lines, start=2):
            cells = [_cell(value) for value in values]
            if any(cells):
                rows.append((number, cells))
        notes = []
        if len(workbook.worksheets) > 1:
            notes.append(
                _("The workbook has %(count)d sheets; only the first, «%(name)s», was read.")
                % {"count": len(workbook.worksheets), "name": sheet.title}
            )
    finally:
        workbook.close()
    while header and not header[-1]:
        header.pop()
    return Sheet(header, rows, _("Excel (XLSX)"), notes)


def _wrong_type() -> ValidationError:
    return ValidationError(
        _(
            "The file is neither CSV nor Excel (.xlsx). Export the register extract as CSV "
            "(comma or semicolon separated) or as an .xlsx workbook."
        ),
        code="file_type",
    )


def too_large(max_mb: int) -> ValidationError:
    return ValidationError(
        _("The file is larger than %(mb)d MB.") % {"mb": max_mb}, code="too_large"
    )


def read_sheet(data: bytes, *, max_mb: int, no_rows: str) -> Sheet:
    """Read the file's first sheet, whatever its format; refuse what is not one.

    `max_mb` is the largest file taken; `no_rows` the message for a file with a header
    row and nothing under it (it names what the rows should have been).
    """
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > max_mb * 1024 * 1024:
        raise too_large(max_mb)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _("The file is in the old Excel format (.xls). Save it as .xlsx or as CSV."),
            code="file_type",
        )
    kind = sniff(io.BytesIO(data))
    if kind == "xlsx":
        sheet = _read_xlsx(data)
    elif kind is None and not data.startswith(b"PK\x03\x04"):
        sheet = _read_csv(data)
    else:
        raise _wrong_type()
    if not any(sheet.header):
        raise ValidationError(
            _("The file has no header row: the first row must name the columns."), code="empty"
        )
    if not sheet.rows:
        raise ValidationError(no_rows, code="empty")
    return sheet
