"""Read a register extract (CSV or XLSX) into a header and rows, and refuse a file
that holds CPR numbers, before anything else is looked at.

The reading itself (CSV as Danish systems write it, or XLSX) is shared with other
imports in `skabsammen.common.sheets`; the limits and the CPR checks are outreach's.
"""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from skabsammen.common import sheets
from skabsammen.common.sheets import Sheet, normal_name

__all__ = ["Sheet", "max_bytes", "normal_name", "read_sheet", "refuse_cpr"]

CPR_HEADERS = ("cpr", "cprnr", "cprnummer", "personnummer", "personnr", "cprno")
CPR_DASHED = re.compile(r"(\d{2})(\d{2})(\d{2})-\d{4}")
CPR_DIGITS = re.compile(r"(\d{2})(\d{2})(\d{2})\d{4}")
# A column is taken for CPR numbers when this share of its filled cells look like one
# (random 10-digit ids start with a valid date about one time in 27).
CPR_SHARE = 0.5


def max_bytes() -> int:
    return settings.OUTREACH_REGISTER_MAX_MB * 1024 * 1024


def read_sheet(data: bytes) -> Sheet:
    """Read the file's first sheet, whatever its format; refuse what is not one."""
    return sheets.read_sheet(
        data,
        max_mb=settings.OUTREACH_REGISTER_MAX_MB,
        no_rows=_("The file has a header row but no people in it."),
    )


# CPR numbers -----------------------------------------------------------------------------


def _valid_ddmmyy(day: str, month: str, year: str) -> bool:
    for century in (1900, 2000):
        try:
            date(century + int(year), int(month), int(day))
        except ValueError:
            continue
        return True
    return False


def _looks_like_cpr(value: str) -> bool:
    value = value.replace(" ", "")
    if len(value) == 9 and value.isdigit():  # the leading zero lost in a spreadsheet
        value = "0" + value
    match = CPR_DASHED.fullmatch(value) or CPR_DIGITS.fullmatch(value)
    return bool(match) and _valid_ddmmyy(*match.groups())


def _cpr_error(column: str) -> ValidationError:
    return ValidationError(
        _(
            "The file was not imported: the column «%(column)s» looks like CPR numbers. "
            "Skab Sammen must never hold CPR numbers. Make a new extract in which each "
            "person has a pseudonymous id (a serial number) instead: the municipality keeps "
            "the key from that id to the CPR number in its own systems, for Digital Post."
        )
        % {"column": column},
        code="cpr",
    )


def refuse_cpr(sheet: Sheet) -> None:
    """Refuse the whole file if a column is named or filled like CPR numbers."""
    for name in sheet.header:
        normal = normal_name(name)
        if normal in CPR_HEADERS or normal.startswith("cpr"):
            raise _cpr_error(name)
    for index, name in enumerate(sheet.header):
        filled = looking = 0
        for _number, cells in sheet.rows:
            value = cells[index] if index < len(cells) else ""
            if not value:
                continue
            filled += 1
            if _looks_like_cpr(value):
                if (
                    "-" in value
                ):  # six digits, a dash, four digits: a CPR number whatever the rest holds
                    raise _cpr_error(name or str(index + 1))
                looking += 1
        if filled and looking / filled >= CPR_SHARE:
            raise _cpr_error(name or str(index + 1))
