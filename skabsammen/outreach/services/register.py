"""Import a register extract (CSV or XLSX) into a campaign: all of it or none of it.

The extract names the people who may be invited: a pseudonymous id, name, address,
postcode, city, district, age (or birth year or birth date), gender and an optional
e-mail address. It must never hold a CPR number: a file with a column that looks like
one is refused whole, before anything else is read, and the message says why.

Every row is checked; if any row is refused, nothing is imported and the report says
which rows and why. The anonymous counts per district, age band and gender are kept on
the campaign (`population`) for comparing the answers with later.
"""

import codecs
import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.committees.files import sniff
from skabsammen.common.permissions import require

from ..models import Campaign, CampaignStatus, RegisterPerson

# What each column may be called (compared casefolded, without spaces, dashes, dots and
# underscores). The first four and gender are required, and one of the age columns.
COLUMNS = {
    "external_id": (
        "id",
        "løbenummer",
        "løbenr",
        "lbnr",
        "pseudonym",
        "pseudonymid",
        "pseudonymtid",
        "pseudonymnummer",
        "reference",
        "referencenummer",
    ),
    "name": ("navn", "name", "fuldtnavn", "fuldenavn"),
    "address": ("adresse", "address", "vejadresse", "bopæl", "bopælsadresse"),
    "postcode": ("postnummer", "postnr", "postcode", "zip"),
    "city": ("by", "bynavn", "postdistrikt", "city", "town"),
    "district": ("bydel", "distrikt", "district", "område", "skoledistrikt", "sogn"),
    "age": ("alder", "age"),
    "birth_year": ("fødselsår", "fodselsar", "foedselsaar", "årgang", "birthyear"),
    "birth_date": ("fødselsdato", "fodselsdato", "foedselsdato", "født", "birthdate"),
    "gender": ("køn", "koen", "kon", "gender", "sex"),
    "email": ("email", "mail", "emailadresse", "epost", "epostadresse", "mailadresse"),
}
REQUIRED = ("external_id", "name", "address", "postcode", "gender")
AGE_COLUMNS = ("age", "birth_date", "birth_year")
CPR_HEADERS = ("cpr", "cprnr", "cprnummer", "personnummer", "personnr", "cprno")
GENDERS = {
    "k": "woman",
    "kvinde": "woman",
    "kvinder": "woman",
    "f": "woman",
    "female": "woman",
    "woman": "woman",
    "m": "man",
    "mand": "man",
    "mænd": "man",
    "male": "man",
    "man": "man",
    "a": "other",
    "andet": "other",
    "x": "other",
    "other": "other",
}
AGE_BANDS = (
    (18, "under_18"),
    (25, "18_24"),
    (35, "25_34"),
    (45, "35_44"),
    (55, "45_54"),
    (65, "55_64"),
    (75, "65_74"),
)
MAX_AGE = 120
LIMITS = {"external_id": 64, "name": 200, "address": 200, "city": 80, "district": 80}
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
CPR_DASHED = re.compile(r"(\d{2})(\d{2})(\d{2})-\d{4}")
CPR_DIGITS = re.compile(r"(\d{2})(\d{2})(\d{2})\d{4}")
# A column is taken for CPR numbers when this share of its filled cells look like one
# (random 10-digit ids start with a valid date about one time in 27).
CPR_SHARE = 0.5
REFUSED_SHOWN = 200


class RegisterRefused(ValidationError):
    """The file was read but some rows were refused; `report` says which and why."""

    def __init__(self, message: str, report: dict):
        super().__init__(message, code="rows")
        self.report = report


@dataclass
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the file, cells)
    format: str
    notes: list[str] = field(default_factory=list)


def max_bytes() -> int:
    return settings.OUTREACH_REGISTER_MAX_MB * 1024 * 1024


# Reading the file ------------------------------------------------------------------------


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
        raise ValidationError(
            _("The file could not be read as CSV (line %(line)d): %(error)s")
            % {"line": reader.line_num, "error": error},
            code="file_type",
        ) from error
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
    return str(value).strip()


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


def read_sheet(data: bytes, filename: str) -> Sheet:
    """Read the file's first sheet, whatever its format; refuse what is not one."""
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > max_bytes():
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": settings.OUTREACH_REGISTER_MAX_MB},
            code="too_large",
        )
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
        raise ValidationError(_("The file has a header row but no people in it."), code="empty")
    return sheet


# CPR numbers -----------------------------------------------------------------------------


def _normal(name: str) -> str:
    return re.sub(r"[\s\-_.]+", "", name.casefold())


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
        normal = _normal(name)
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
                if "-" in value:  # DDMMYY-XXXX is a CPR number whatever the rest holds
                    raise _cpr_error(name or str(index + 1))
                looking += 1
        if filled and looking / filled >= CPR_SHARE:
            raise _cpr_error(name or str(index + 1))


# Columns and rows ------------------------------------------------------------------------


def map_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Return the position of each known column and the names of the ignored ones."""
    aliases = {_normal(alias): key for key, names in COLUMNS.items() for alias in names}
    positions: dict[str, int] = {}
    ignored = []
    for index, name in enumerate(header):
        key = aliases.get(_normal(name))
        if key is None:
            if name:
                ignored.append(name)
            continue
        if key in positions:
            raise ValidationError(
                _("The column «%(name)s» appears twice (or under two names).") % {"name": name},
                code="columns",
            )
        positions[key] = index
    missing = [key for key in REQUIRED if key not in positions]
    if not any(key in positions for key in AGE_COLUMNS):
        missing.append("age")
    if missing:
        labels = {
            "external_id": _("id (løbenummer)"),
            "name": _("navn"),
            "address": _("adresse"),
            "postcode": _("postnummer"),
            "gender": _("køn"),
            "age": _("alder, fødselsår or fødselsdato"),
        }
        raise ValidationError(
            _("The file lacks the column(s): %(columns)s. The first row must name the columns.")
            % {"columns": ", ".join(labels[key] for key in missing)},
            code="columns",
        )
    return positions, ignored


def age_band(age: int) -> str:
    for limit, band in AGE_BANDS:
        if age < limit:
            return band
    return "75_plus"


def _parse_date(text: str) -> date | None:
    for pattern in ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _age(values: dict[str, str], today: date) -> tuple[int | None, int | None, str]:
    """Return (age, birth year, error) from whichever age column the row fills."""
    if text := values.get("birth_date"):
        born = _parse_date(text)
        if born is None:
            return (
                None,
                None,
                _("the birth date «%(value)s» is not a date like 31-12-1970") % {"value": text},
            )
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return age, born.year, ""
    if text := values.get("birth_year"):
        if not (text.isdigit() and len(text) == 4):
            return (
                None,
                None,
                _("the birth year «%(value)s» is not a year like 1970") % {"value": text},
            )
        return today.year - int(text), int(text), ""
    if text := values.get("age"):
        if not text.isdigit():
            return None, None, _("the age «%(value)s» is not a whole number") % {"value": text}
        return int(text), today.year - int(text), ""
    return None, None, _("the age is missing")


@dataclass
class Checked:
    people: list[RegisterPerson]
    refused: list[dict]


def check_rows(sheet: Sheet, positions: dict[str, int], today: date) -> Checked:
    people, refused, seen = [], [], {}
    for number, cells in sheet.rows:
        values = {
            key: (cells[index].strip() if index < len(cells) else "")
            for key, index in positions.items()
        }
        reasons = []
        external_id = values["external_id"]
        if not external_id:
            reasons.append(_("the id is missing"))
        elif external_id in seen:
            reasons.append(
                _("the id «%(id)s» is also in row %(row)d")
                % {"id": external_id, "row": seen[external_id]}
            )
        else:
            seen[external_id] = number
        for key, label in (("name", _("the name")), ("address", _("the address"))):
            if not values[key]:
                reasons.append(_("%(what)s is missing") % {"what": label})
        for key, limit in LIMITS.items():
            if len(values.get(key, "")) > limit:
                reasons.append(
                    _("the %(column)s is longer than %(max)d characters")
                    % {"column": sheet.header[positions[key]], "max": limit}
                )
        postcode = values["postcode"]
        if not re.fullmatch(r"\d{4}", postcode):
            reasons.append(
                _("the postcode «%(value)s» is not four digits") % {"value": postcode}
                if postcode
                else _("the postcode is missing")
            )
        gender = GENDERS.get(values["gender"].casefold())
        if gender is None:
            reasons.append(
                _("the gender «%(value)s» is not one of K, M, kvinde, mand or andet")
                % {"value": values["gender"]}
                if values["gender"]
                else _("the gender is missing")
            )
        age, birth_year, age_error = _age(values, today)
        if age_error:
            reasons.append(age_error)
        elif not 0 <= age <= MAX_AGE:
            reasons.append(
                _("the age %(age)d is not between 0 and %(max)d") % {"age": age, "max": MAX_AGE}
            )
        email = values.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                reasons.append(_("the e-mail address «%(value)s» is not valid") % {"value": email})
        if reasons:
            refused.append({"row": number, "id": external_id, "reasons": reasons})
            continue
        address = values["address"]
        people.append(
            RegisterPerson(
                row=number,
                external_id=external_id,
                name=values["name"],
                address=address,
                postcode=postcode,
                city=values.get("city", ""),
                district=values.get("district", ""),
                birth_year=birth_year,
                age_band=age_band(age),
                gender=gender,
                email=email.lower(),
                household=household_key(address, postcode),
            )
        )
    return Checked(people, refused)


def household_key(address: str, postcode: str) -> str:
    """The same dwelling written a little differently gives the same key."""
    words = re.sub(r"[.,]+", " ", address.casefold()).split()
    return f"{' '.join(words)}|{postcode}"[:250]


def population_counts(people: list[RegisterPerson]) -> dict[str, dict[str, int]]:
    counts = {}
    for attribute in ("district", "age_band", "gender"):
        counter = Counter(getattr(person, attribute) for person in people)
        counts[attribute] = dict(sorted(counter.items()))
    return counts


# The service -----------------------------------------------------------------------------


def _can_replace(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(
            _(
                "The sample has been drawn, so the register can no longer be replaced: "
                "the invitations are made from it."
            ),
            code="sampled",
        )


@transaction.atomic
def register_import(*, actor, campaign: Campaign, data: bytes, filename: str) -> dict:
    """Replace the campaign's register with the file's people; return the report.

    Raise ValidationError for a file that cannot be used at all, RegisterRefused (with
    the report) when rows were refused; in both cases nothing changes.
    """
    require("outreach.manage", actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _can_replace(campaign)
    sheet = read_sheet(data, filename)
    refuse_cpr(sheet)
    positions, ignored = map_columns(sheet.header)
    checked = check_rows(sheet, positions, timezone.localdate())
    report = {
        "filename": filename[:200],
        "format": sheet.format,
        "rows": len(sheet.rows),
        "accepted": len(checked.people),
        "refused_count": len(checked.refused),
        "refused": checked.refused[:REFUSED_SHOWN],
        "columns": {key: sheet.header[index] for key, index in positions.items()},
        "ignored_columns": ignored,
        "notes": sheet.notes,
        "with_email": sum(1 for p in checked.people if p.email),
        "households": len({p.household for p in checked.people}),
    }
    if checked.refused:
        raise RegisterRefused(
            _(
                "The register was not imported: %(count)d of %(rows)d rows were refused. "
                "Correct them in the file and import it again."
            )
            % {"count": len(checked.refused), "rows": len(sheet.rows)},
            report,
        )
    campaign.register.all().delete()
    for person in checked.people:
        person.campaign = campaign
    RegisterPerson.objects.bulk_create(checked.people, batch_size=2000)
    campaign.register_filename = filename[:200]
    campaign.register_sha256 = hashlib.sha256(data).hexdigest()
    campaign.register_rows = len(checked.people)
    campaign.register_report = report
    campaign.population = population_counts(checked.people)
    campaign.save(
        update_fields=[
            "register_filename",
            "register_sha256",
            "register_rows",
            "register_report",
            "population",
        ]
    )
    audit_record(
        actor=actor,
        action="outreach.register_import",
        obj=campaign,
        filename=campaign.register_filename,
        sha256=campaign.register_sha256,
        rows=campaign.register_rows,
    )
    return report
