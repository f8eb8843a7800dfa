"""Import organisations from a register (CSV or XLSX): read and report first, apply after.

Reading changes nothing in the directory. Each row is classified as *accepted* (a new
organisation), *merged* (the same organisation is in the directory already, or earlier in
the file: the same register number, else the same name) or *refused*, with the reason in
words, and kept on a `DirectoryImport`. Applying it creates the accepted rows and merges
the others in one transaction: a merge fills only fields that are blank and adds topics,
districts and a contact not already there; it never overwrites what staff wrote.
A file that cannot be read at all is refused whole, before any row.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common import sheets
from skabsammen.common.permissions import require
from skabsammen.common.text import danish_slug
from skabsammen.municipality.models import District, Topic

from ..models import Contact, DirectoryImport, Organisation, OrganisationKind, normal_name
from .directory import (
    CONTACT_NAME_MAX,
    ROLE_MAX,
    clean_description,
    clean_email,
    clean_name,
    clean_phone,
    clean_register_id,
    clean_website,
)

ACCEPTED, MERGED, REFUSED = "accepted", "merged", "refused"

# What each column may be called (compared casefolded, without spaces, dashes, dots and
# underscores: "Kontakt e-mail" is "kontaktemail").
COLUMNS = {
    "name": (
        "navn",
        "name",
        "organisation",
        "organisationsnavn",
        "foreningsnavn",
        "foreningensnavn",
    ),
    "kind": ("type", "art", "organisationstype", "kategori", "kind"),
    "description": ("beskrivelse", "formål", "om", "description", "aktiviteter"),
    "website": ("hjemmeside", "website", "web", "www", "url", "webadresse", "hjemmesideadresse"),
    "email": ("email", "mail", "epost", "emailadresse", "mailadresse", "foreningsemail"),
    "phone": ("telefon", "tlf", "tlfnr", "telefonnummer", "telefonnr", "phone", "mobil"),
    "register_id": (
        "foreningsnummer",
        "foreningsnr",
        "cvr",
        "cvrnr",
        "cvrnummer",
        "registernummer",
        "foreningsnummercvr",
    ),
    "topics": ("emner", "emne", "topics", "interesseområder", "temaer"),
    "districts": ("bydele", "bydel", "område", "områder", "distrikt", "distrikter", "districts"),
    "contact_name": ("kontaktperson", "kontakt", "kontaktnavn", "kontaktpersonnavn"),
    "contact_email": (
        "kontaktemail",
        "kontaktmail",
        "kontaktpersonemail",
        "kontaktpersonmail",
        "kontaktpersonensemail",
    ),
    "contact_phone": (
        "kontakttelefon",
        "kontakttlf",
        "kontaktpersontelefon",
        "kontaktpersontlf",
        "kontaktpersonenstelefon",
    ),
    "contact_role": ("rolle", "kontaktrolle", "kontaktpersonrolle", "titel", "stilling"),
}
KINDS = {
    "forening": OrganisationKind.ASSOCIATION,
    "association": OrganisationKind.ASSOCIATION,
    "institution": OrganisationKind.INSTITUTION,
    "afdeling": OrganisationKind.DEPARTMENT,
    "center": OrganisationKind.DEPARTMENT,
    "kommunal afdeling": OrganisationKind.DEPARTMENT,
    "department": OrganisationKind.DEPARTMENT,
    "virksomhed": OrganisationKind.BUSINESS,
    "lokal virksomhed": OrganisationKind.BUSINESS,
    "business": OrganisationKind.BUSINESS,
    "offentlig": OrganisationKind.PUBLIC_BODY,
    "offentlig myndighed": OrganisationKind.PUBLIC_BODY,
    "myndighed": OrganisationKind.PUBLIC_BODY,
    "public body": OrganisationKind.PUBLIC_BODY,
}
WHOLE_MUNICIPALITY = {"hele kommunen", "alle", "alle bydele", "hele gentofte"}
# The fields in which two rows about the same organisation may not disagree.
COMPARED = ("kind", "description", "website", "email", "phone", "register_id")
FILLED = ("description", "website", "email", "phone", "register_id")


def _labels() -> dict[str, str]:
    return {
        "kind": _("type"),
        "description": _("description"),
        "website": _("website"),
        "email": _("e-mail"),
        "phone": _("phone"),
        "register_id": _("register number"),
    }


# Reading -------------------------------------------------------------------------------


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """The index of each known column, and the names of the columns left out."""
    by_alias = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    ignored = []
    for index, title in enumerate(header):
        name = by_alias.get(sheets.normal_name(title))
        if name is None or name in found:
            if title.strip():
                ignored.append(title.strip())
            continue
        found[name] = index
    if "name" not in found:
        raise ValidationError(
            _(
                "The file has no column with the organisations' names: name the column "
                "«navn». The columns found are: %(columns)s."
            )
            % {"columns": ", ".join(f"«{title}»" for title in header if title.strip()) or "–"},
            code="no_name_column",
        )
    return found, ignored


@dataclass
class _Lookups:
    topics: dict[str, int]
    districts: dict[str, int]
    by_register: dict[str, dict]
    by_name: dict[str, dict]

    @classmethod
    def load(cls) -> "_Lookups":
        def names(model) -> dict[str, int]:
            found = {}
            for pk, name, slug in model.objects.values_list("pk", "name", "slug"):
                found[name.casefold()] = found[slug] = found[danish_slug(name)] = pk
            return found

        by_register, by_name = {}, {}
        for values in Organisation.objects.values(
            "pk", "name", "normal_name", "register_id", "is_active", *COMPARED
        ):
            by_name[values["normal_name"]] = values
            if values["register_id"]:
                by_register[values["register_id"]] = values
        return cls(names(Topic), names(District), by_register, by_name)


def _places(text: str, known: dict[str, int]) -> tuple[list[int], list[str]]:
    ids, unknown = [], []
    for part in re.split(r"[;,\n]", text):
        part = " ".join(part.split())
        if not part or part.casefold() in WHOLE_MUNICIPALITY:
            continue
        pk = known.get(part.casefold()) or known.get(danish_slug(part))
        if pk is None:
            unknown.append(part)
        elif pk not in ids:
            ids.append(pk)
    return ids, unknown


def _check(reasons: list[str], what: str, value: str, check):
    try:
        return check(value)
    except ValidationError as error:
        reasons.append(
            _("%(what)s «%(value)s»: %(error)s")
            % {"what": what, "value": value[:80], "error": " ".join(error.messages)}
        )
        return ""


def _contact(get, reasons: list[str], notes: list[str]) -> dict | None:
    name, email = " ".join(get("contact_name").split()), get("contact_email")
    phone, role = get("contact_phone"), " ".join(get("contact_role").split())
    if not (name or email or phone):
        return None
    email = _check(reasons, _("The contact's e-mail"), email, clean_email) if email else ""
    phone = _check(reasons, _("The contact's phone"), phone, clean_phone) if phone else ""
    if len(name) > CONTACT_NAME_MAX:
        reasons.append(
            _("The contact's name is longer than %(max)d characters.") % {"max": CONTACT_NAME_MAX}
        )
    if len(role) > ROLE_MAX:
        reasons.append(
            _("The contact's role is longer than %(max)d characters.") % {"max": ROLE_MAX}
        )
    if not name:
        notes.append(_("The contact is left out: the row gives no contact name."))
        return None
    if not email:
        notes.append(
            _("The contact %(name)s is left out: a contact needs an e-mail address.")
            % {"name": name}
        )
        return None
    return {"name": name, "email": email, "phone": phone, "role": role}


def _read_row(cells: list[str], columns: dict[str, int], lookups: _Lookups) -> dict:
    """The row's fields, cleaned; `reasons` says why it is refused, `notes` what was left out."""

    def get(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    reasons: list[str] = []
    notes: list[str] = []
    data: dict = {"name": ""}
    name = get("name")
    if not name:
        reasons.append(_("The row has no name."))
    else:
        data["name"] = _check(reasons, _("The name"), name, clean_name)
    kind_text = " ".join(get("kind").split())
    data["kind_given"] = bool(kind_text)
    data["kind"] = KINDS.get(kind_text.casefold()) if kind_text else OrganisationKind.ASSOCIATION
    if data["kind"] is None:
        reasons.append(
            _(
                "Unknown type «%(type)s»: write forening, institution, afdeling, virksomhed "
                "or offentlig."
            )
            % {"type": kind_text[:80]}
        )
    labels = _labels()
    for key, check in (
        ("description", clean_description),
        ("website", clean_website),
        ("email", clean_email),
        ("phone", clean_phone),
        ("register_id", clean_register_id),
    ):
        data[key] = _check(reasons, capfirst(labels[key]), get(key), check)
    data["topics"], unknown_topics = _places(get("topics"), lookups.topics)
    data["districts"], unknown_districts = _places(get("districts"), lookups.districts)
    if unknown_topics:
        notes.append(
            _("Unknown topics left out: %(names)s.") % {"names": ", ".join(unknown_topics)}
        )
    if unknown_districts:
        notes.append(
            _("Unknown districts left out: %(names)s.") % {"names": ", ".join(unknown_districts)}
        )
    data["contact"] = _contact(get, reasons, notes)
    return {"data": data, "reasons": reasons, "notes": notes}


@dataclass
class _Group:
    """Rows of the file about one organisation, their fields combined."""

    first: int
    data: dict
    target: dict | None = None
    kinds: set = field(default_factory=set)


def _conflicts(data: dict, other: dict, *, kinds_given: bool) -> list[str]:
    labels = _labels()
    found = []
    for key in COMPARED:
        if key == "kind" and not kinds_given:
            continue
        if data[key] and other[key] and data[key] != other[key]:
            found.append(labels[key])
    return found


def _differences_kept(data: dict, existing: dict) -> list[str]:
    labels = _labels()
    return [
        labels[key] for key in FILLED if data[key] and existing[key] and data[key] != existing[key]
    ]


def _classify(row: dict, groups: list[_Group], by_register, by_name, lookups: _Lookups) -> None:
    data = row["data"]
    norm = normal_name(data["name"])
    group = by_register.get(data["register_id"]) if data["register_id"] else None
    group = group or by_name.get(norm)
    if group is not None:
        number = group.first
        if data["register_id"] and group.data["register_id"] not in ("", data["register_id"]):
            row["reasons"].append(
                _("Same name as row %(number)d, but another register number.") % {"number": number}
            )
            return
        kinds_given = data["kind_given"] and bool(group.kinds)
        if conflicts := _conflicts(data, group.data, kinds_given=kinds_given):
            row["reasons"].append(
                _("Same organisation as row %(number)d, but with other details: %(fields)s.")
                % {"number": number, "fields": ", ".join(conflicts)}
            )
            return
        row.update(outcome=MERGED, same_as=number)
        row["notes"].insert(
            0, _("Same organisation as row %(number)d: merged with it.") % {"number": number}
        )
        for key in FILLED:
            group.data[key] = group.data[key] or data[key]
        if data["kind_given"]:
            group.kinds.add(data["kind"])
            group.data["kind"] = data["kind"]
        if data["register_id"]:
            by_register[data["register_id"]] = group
        return
    existing = lookups.by_register.get(data["register_id"]) if data["register_id"] else None
    existing = existing or lookups.by_name.get(norm)
    if existing is not None:
        if data["register_id"] and existing["register_id"] not in ("", data["register_id"]):
            row["reasons"].append(
                _("The directory already has «%(name)s» with another register number (%(number)s).")
                % {"name": existing["name"], "number": existing["register_id"]}
            )
            return
        row.update(outcome=MERGED, target=existing["pk"])
        notes = [_("Already in the directory as «%(name)s».") % {"name": existing["name"]}]
        if kept := _differences_kept(data, existing):
            notes.append(
                _("The directory's %(fields)s differs and is kept.") % {"fields": ", ".join(kept)}
            )
        if not existing["is_active"]:
            notes.append(_("It is inactive in the directory and stays so."))
        row["notes"][:0] = notes
    else:
        row["outcome"] = ACCEPTED
    group = _Group(row["number"], dict(data), existing)
    if data["kind_given"]:
        group.kinds.add(data["kind"])
    groups.append(group)
    by_name[norm] = group
    if data["register_id"]:
        by_register[data["register_id"]] = group


def read_rows(sheet: sheets.Sheet) -> tuple[list[dict], list[str]]:
    """Classify every row of the sheet (nothing is written); return the rows and notes
    about the file (columns left out)."""
    columns, ignored = _columns(sheet.header)
    lookups = _Lookups.load()
    rows, groups = [], []
    by_register: dict[str, _Group] = {}
    by_name: dict[str, _Group] = {}
    for number, cells in sheet.rows:
        row = {"number": number, "outcome": REFUSED, "target": None, "same_as": None}
        row |= _read_row(cells, columns, lookups)
        if not row["reasons"]:
            _classify(row, groups, by_register, by_name, lookups)
        if row["reasons"]:
            row["outcome"] = REFUSED
            row["name"] = row["data"]["name"] or (
                cells[columns["name"]].strip()[:200] if columns["name"] < len(cells) else ""
            )
            row["data"] = None
        else:
            row["name"] = row["data"]["name"]
        rows.append(row)
    notes = list(sheet.notes)
    if ignored:
        notes.append(
            _("Columns left out (not known): %(columns)s.")
            % {"columns": ", ".join(f"«{title}»" for title in ignored)}
        )
    return rows, notes


@dataclass
class ReadResult:
    directory_import: DirectoryImport
    notes: list[str]


@transaction.atomic
def import_read(*, actor, data: bytes, filename: str) -> ReadResult:
    """Read the file and keep its report; the directory does not change."""
    require("bridges.manage_directory", actor)
    sheet = sheets.read_sheet(
        data,
        max_mb=settings.BRIDGES_IMPORT_MAX_MB,
        no_rows=_("The file has a header row but no organisations in it."),
    )
    rows, notes = read_rows(sheet)
    outcomes = [row["outcome"] for row in rows]
    directory_import = DirectoryImport.objects.create(
        file_name=(filename or "")[:255],
        format=sheet.format[:100],
        uploaded_by=actor,
        rows=rows,
        accepted=outcomes.count(ACCEPTED),
        merged=outcomes.count(MERGED),
        refused=outcomes.count(REFUSED),
    )
    audit_record(
        actor=actor,
        action="bridges.import_read",
        obj=directory_import,
        file_name=directory_import.file_name,
        accepted=directory_import.accepted,
        merged=directory_import.merged,
        refused=directory_import.refused,
    )
    return ReadResult(directory_import, notes)


# Applying ------------------------------------------------------------------------------


def _find(data: dict, target) -> Organisation | None:
    if target and (organisation := Organisation.objects.filter(pk=target).first()):
        return organisation
    by_number = (
        Organisation.objects.filter(register_id=data["register_id"]).first()
        if data["register_id"]
        else None
    )
    if by_number is not None:
        return by_number
    return Organisation.objects.filter(normal_name=normal_name(data["name"])).first()


def _add_contact(organisation: Organisation, contact: dict | None) -> Contact | None:
    if not contact or organisation.contacts.filter(email__iexact=contact["email"]).exists():
        return None
    return Contact.objects.create(organisation=organisation, **contact)


def _add_places(organisation: Organisation, data: dict) -> list[str]:
    added = []
    for name, model in (("topics", Topic), ("districts", District)):
        manager = getattr(organisation, name)
        new = set(data[name]) - set(manager.values_list("pk", flat=True))
        new &= set(model.objects.filter(pk__in=new).values_list("pk", flat=True))
        if new:
            manager.add(*new)
            added.append(name)
    return added


def _create(data: dict, directory_import: DirectoryImport, actor) -> Organisation:
    organisation = Organisation.objects.create(
        name=data["name"],
        kind=data["kind"],
        **{key: data[key] for key in FILLED},
    )
    _add_places(organisation, data)
    contact = _add_contact(organisation, data["contact"])
    audit_record(
        actor=actor,
        action="bridges.organisation_create",
        obj=organisation,
        name=organisation.name,
        via="import",
        directory_import=directory_import.pk,
        contact=contact.pk if contact else None,
    )
    return organisation


def _merge(organisation: Organisation, data: dict, directory_import, actor) -> None:
    filled = [key for key in FILLED if not getattr(organisation, key) and data[key]]
    if (
        "register_id" in filled
        and Organisation.objects.filter(register_id=data["register_id"])
        .exclude(pk=organisation.pk)
        .exists()
    ):
        filled.remove("register_id")
    for key in filled:
        setattr(organisation, key, data[key])
    if filled:
        organisation.save(update_fields=[*filled, "updated_at"])
    added = _add_places(organisation, data)
    contact = _add_contact(organisation, data["contact"])
    if filled or added or contact:
        audit_record(
            actor=actor,
            action="bridges.organisation_import_merge",
            obj=organisation,
            directory_import=directory_import.pk,
            fields=sorted(filled + added),
            contact=contact.pk if contact else None,
        )


@dataclass
class Applied:
    created: int = 0
    merged: int = 0


def _check_can_apply(directory_import: DirectoryImport) -> None:
    if directory_import.applied_at is not None:
        raise ValidationError(
            _(
                "This file was imported on %(date)s and cannot be imported again. "
                "Upload it anew to read it against the directory as it is now."
            )
            % {"date": timezone.localtime(directory_import.applied_at).strftime("%d-%m-%Y %H:%M")},
            code="applied",
        )
    if not directory_import.accepted + directory_import.merged:
        raise ValidationError(_("The file has no rows that can be imported."), code="nothing")


@transaction.atomic
def import_apply_start(*, actor, directory_import: DirectoryImport) -> DirectoryImport:
    """Queue the import of the file's rows as a task (thousands of rows take longer than a
    request should); asking again while it runs changes nothing."""
    require("bridges.manage_directory", actor)
    directory_import = DirectoryImport.objects.select_for_update().get(pk=directory_import.pk)
    _check_can_apply(directory_import)
    if directory_import.is_applying:
        raise ValidationError(
            _("The import is already running. The page shows when it is done."), code="running"
        )
    directory_import.apply_queued_at = timezone.now()
    directory_import.save(update_fields=["apply_queued_at"])
    from ..tasks import directory_import_apply  # tasks import services

    transaction.on_commit(lambda: directory_import_apply.enqueue(directory_import.pk, actor.pk))
    return directory_import


@transaction.atomic
def import_apply(*, actor, directory_import: DirectoryImport) -> Applied:
    """Create the accepted rows and merge the merged ones, all or nothing; only once.
    Run by the task `import_apply_start` queues."""
    require("bridges.manage_directory", actor)
    directory_import = DirectoryImport.objects.select_for_update().get(pk=directory_import.pk)
    _check_can_apply(directory_import)
    applied = Applied()
    resolved: dict[int, Organisation] = {}  # row number → its organisation
    for row in directory_import.rows:
        if row["outcome"] == REFUSED:
            continue
        data = row["data"]
        organisation = resolved.get(row.get("same_as"))
        # Looked up again: staff may have added it since the file was read.
        organisation = organisation or _find(data, row.get("target"))
        if organisation is None:
            organisation = _create(data, directory_import, actor)
            applied.created += 1
        else:
            _merge(organisation, data, directory_import, actor)
            applied.merged += 1
        resolved[row["number"]] = organisation
    directory_import.applied_at = timezone.now()
    directory_import.applied_created = applied.created
    directory_import.applied_merged = applied.merged
    directory_import.save(update_fields=["applied_at", "applied_created", "applied_merged"])
    audit_record(
        actor=actor,
        action="bridges.import_apply",
        obj=directory_import,
        created=applied.created,
        merged=applied.merged,
    )
    return applied
