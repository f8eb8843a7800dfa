"""Import a register extract (CSV or XLSX) into a campaign: all of it or none of it.

The extract names the people who may be invited: a pseudonymous id, name, address,
postcode, city, district, age (or birth year or birth date), gender and an optional
e-mail address. It must never hold a CPR number: a file with a column that looks like
one is refused whole, before anything else is read, and the message says why.

Every row is checked; if any row is refused, nothing is imported and the report says
which rows and why. The anonymous counts per district, age band and gender are kept on
the campaign (`population`) for comparing the answers with later.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common.permissions import require

from ..models import Campaign, CampaignStatus, RegisterPerson
from ..register_file import Sheet, normal_name, read_sheet, refuse_cpr

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
REFUSED_SHOWN = 200


class RegisterRefused(ValidationError):
    """The file was read but some rows were refused; `report` says which and why."""

    def __init__(self, message: str, report: dict):
        super().__init__(message, code="rows")
        self.report = report


# Columns and rows ------------------------------------------------------------------------


def map_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Return the position of each known column and the names of the ignored ones."""
    aliases = {normal_name(alias): key for key, names in COLUMNS.items() for alias in names}
    positions: dict[str, int] = {}
    ignored = []
    for index, name in enumerate(header):
        key = aliases.get(normal_name(name))
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


def _person(number: int, values: dict[str, str], columns: dict[str, str], today: date):
    """Return the row's person, or the reasons it is refused (all of them, in Danish)."""
    reasons = []
    for key, label in (("name", _("the name")), ("address", _("the address"))):
        if not values[key]:
            reasons.append(_("%(what)s is missing") % {"what": label})
    for key, limit in LIMITS.items():
        if len(values.get(key, "")) > limit:
            reasons.append(
                _("the %(column)s is longer than %(max)d characters")
                % {"column": columns[key], "max": limit}
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
        return reasons
    return RegisterPerson(
        row=number,
        external_id=values["external_id"],
        name=values["name"],
        address=values["address"],
        postcode=postcode,
        city=values.get("city", ""),
        district=values.get("district", ""),
        birth_year=birth_year,
        age_band=age_band(age),
        gender=gender,
        email=email.lower(),
        household=household_key(values["address"], postcode),
    )


def check_rows(sheet: Sheet, positions: dict[str, int], today: date) -> Checked:
    """Check every row; an id may stand in one row only."""
    columns = {key: sheet.header[index] for key, index in positions.items()}
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
        person = _person(number, values, columns, today)
        if isinstance(person, list):
            reasons += person
        if reasons:
            refused.append({"row": number, "id": external_id, "reasons": reasons})
        else:
            people.append(person)
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
    sheet = read_sheet(data)
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
