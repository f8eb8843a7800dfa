"""The directory: organisations and their contacts, kept by staff, and the link through
which an organisation updates its own entry. Every write checks its rule (the link is
its own permission) and is audited; the pages, the import and the demo call these.

Nothing is deleted: an organisation or a contact that is gone is made inactive, and an
inactive one is never suggested and never public.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common.errors import INVALID_EMAIL, too_long
from skabsammen.common.permissions import require
from skabsammen.mail.services import email_queue

from ..models import (
    DESCRIPTION_MAX,
    NAME_MAX,
    PHONE_MAX,
    Contact,
    Organisation,
    OrganisationKind,
    new_token,
    normal_name,
    token_hash,
)

CONTACT_NAME_MAX = Contact._meta.get_field("name").max_length
ROLE_MAX = Contact._meta.get_field("role").max_length
REGISTER_ID_MAX = Organisation._meta.get_field("register_id").max_length
WEBSITE_MAX = Organisation._meta.get_field("website").max_length
EMAIL_MAX = 254
PHONE_CHARACTERS = re.compile(r"[0-9+()\-./ ]+")
_http_url = URLValidator(schemes=["http", "https"])

ORGANISATION_FIELDS = ("name", "kind", "description", "website", "email", "phone")
ORGANISATION_FIELDS += ("register_id", "department", "is_active")
CONTACT_FIELDS = ("name", "role", "email", "phone", "is_active")


def _error(field_name: str, message: str, code: str) -> ValidationError:
    return ValidationError({field_name: ValidationError(message, code)})


# Checking what is typed (also used row by row by the import) ---------------------------


def clean_website(value: str) -> str:
    """A web address, with https:// added when it was left out ("gentofte.dk")."""
    value = value.strip()
    if not value:
        return ""
    if "://" not in value:
        value = "https://" + value
    if len(value) > WEBSITE_MAX:
        raise too_long(_("The website"), WEBSITE_MAX)
    try:
        _http_url(value)
    except ValidationError:
        raise ValidationError(
            _("Write the website's address like https://www.example.dk."), code="bad_website"
        ) from None
    return value


def clean_email(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if len(value) > EMAIL_MAX:
        raise too_long(_("The e-mail address"), EMAIL_MAX)
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(INVALID_EMAIL, code="bad_email") from None
    return value


def clean_phone(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        return ""
    if len(value) > PHONE_MAX:
        raise too_long(_("The phone number"), PHONE_MAX)
    digits = sum(character.isdigit() for character in value)
    if not PHONE_CHARACTERS.fullmatch(value) or not 3 <= digits <= 15:
        raise ValidationError(
            _("Write the phone number with digits, like 39 98 00 00."), code="bad_phone"
        )
    return value


def clean_register_id(value: str) -> str:
    """The register number without spaces ("12 34 56 78" is 12345678)."""
    value = "".join(value.split())
    if len(value) > REGISTER_ID_MAX:
        raise too_long(_("The register number"), REGISTER_ID_MAX)
    return value


def clean_name(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValidationError(_("Give the organisation's name."), code="required")
    if len(value) > NAME_MAX:
        raise too_long(_("The name"), NAME_MAX)
    if not normal_name(value):
        raise ValidationError(_("The name must contain letters or digits."), code="bad_name")
    return value


def clean_description(value: str) -> str:
    value = value.strip()
    if len(value) > DESCRIPTION_MAX:
        raise too_long(_("The description"), DESCRIPTION_MAX)
    return value


def _by_field(checks: dict) -> dict:
    """Run each field's check; raise one ValidationError naming every field that is wrong."""
    cleaned, errors = {}, {}
    for name, (check, value) in checks.items():
        try:
            cleaned[name] = check(value)
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_organisation(fields: dict, *, instance: Organisation | None = None) -> dict:
    cleaned = _by_field(
        {
            "name": (clean_name, fields.get("name", "")),
            "description": (clean_description, fields.get("description", "")),
            "website": (clean_website, fields.get("website", "")),
            "email": (clean_email, fields.get("email", "")),
            "phone": (clean_phone, fields.get("phone", "")),
            "register_id": (clean_register_id, fields.get("register_id", "")),
        }
    )
    kind = fields.get("kind", OrganisationKind.ASSOCIATION)
    if kind not in OrganisationKind.values:
        raise _error("kind", _("Choose what kind of organisation it is."), "bad_kind")
    cleaned["kind"] = kind
    # Only a municipal department or centre belongs to one of the municipality's departments.
    department = fields.get("department")
    cleaned["department"] = department if kind == OrganisationKind.DEPARTMENT else None
    cleaned["is_active"] = bool(fields.get("is_active", True))
    others = Organisation.objects.exclude(pk=instance.pk) if instance else Organisation.objects
    same_name = others.filter(normal_name=normal_name(cleaned["name"])).first()
    if same_name is not None:
        raise _error(
            "name",
            _(
                "The directory already has an organisation with this name: «%(name)s». "
                "Edit that one instead, or give this one a name that tells them apart."
            )
            % {"name": same_name.name},
            "duplicate_name",
        )
    if cleaned["register_id"]:
        same_number = others.filter(register_id=cleaned["register_id"]).first()
        if same_number is not None:
            raise _error(
                "register_id",
                _("«%(name)s» already has the register number %(number)s.")
                % {"name": same_number.name, "number": cleaned["register_id"]},
                "duplicate_register_id",
            )
    return cleaned


def _clean_contact(
    fields: dict, *, organisation: Organisation, instance: Contact | None = None
) -> dict:
    def name(value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValidationError(_("Give the contact's name."), code="required")
        if len(value) > CONTACT_NAME_MAX:
            raise too_long(_("The name"), CONTACT_NAME_MAX)
        return value

    def role(value: str) -> str:
        value = " ".join(value.split())
        if len(value) > ROLE_MAX:
            raise too_long(_("The role"), ROLE_MAX)
        return value

    def email(value: str) -> str:
        if not value.strip():
            raise ValidationError(_("Give the contact's e-mail address."), code="required")
        return clean_email(value)

    cleaned = _by_field(
        {
            "name": (name, fields.get("name", "")),
            "role": (role, fields.get("role", "")),
            "email": (email, fields.get("email", "")),
            "phone": (clean_phone, fields.get("phone", "")),
        }
    )
    cleaned["is_active"] = bool(fields.get("is_active", True))
    others = organisation.contacts.all()
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    same = others.filter(email__iexact=cleaned["email"]).first()
    if same is not None:
        raise _error(
            "email",
            _("%(name)s at %(organisation)s already has this e-mail address.")
            % {"name": same.name, "organisation": organisation.name},
            "duplicate_email",
        )
    return cleaned


def _set(instance, values: dict) -> list[str]:
    """Set the values that differ; return the names of the fields that changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _set_many(manager, objects: Iterable) -> bool:
    wanted = {obj.pk for obj in objects}
    if wanted == set(manager.values_list("pk", flat=True)):
        return False
    manager.set(wanted)
    return True


def _set_places(instance, *, topics, districts) -> list[str]:
    changed = []
    if topics is not None and _set_many(instance.topics, topics):
        changed.append("topics")
    if districts is not None and _set_many(instance.districts, districts):
        changed.append("districts")
    return changed


# Staff: organisations and contacts -------------------------------------------------------


@transaction.atomic
def organisation_create(
    *, actor, topics: Iterable = (), districts: Iterable = (), **fields
) -> Organisation:
    """Add an organisation: name, kind, description, website, email, phone, register_id,
    department (for a municipal department), is_active."""
    require("bridges.manage_directory", actor)
    organisation = Organisation.objects.create(**_clean_organisation(fields))
    _set_places(organisation, topics=list(topics), districts=list(districts))
    audit_record(
        actor=actor, action="bridges.organisation_create", obj=organisation, name=organisation.name
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor,
    organisation: Organisation,
    topics: Iterable | None = None,
    districts: Iterable | None = None,
    **fields,
) -> Organisation:
    """Change what staff typed; fields left out keep their value."""
    require("bridges.manage_directory", actor, organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    current = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    values = _clean_organisation(current | fields, instance=organisation)
    changed = _set(organisation, values)
    if changed:
        organisation.save(update_fields=[*changed, "updated_at"])
    changed += _set_places(
        organisation,
        topics=None if topics is None else list(topics),
        districts=None if districts is None else list(districts),
    )
    if changed:
        action = "bridges.organisation_update"
        if "is_active" in changed:
            action = (
                "bridges.organisation_activate"
                if organisation.is_active
                else "bridges.organisation_deactivate"
            )
        audit_record(actor=actor, action=action, obj=organisation, fields=sorted(changed))
    return organisation


@transaction.atomic
def contact_create(
    *, actor, organisation: Organisation, topics: Iterable = (), districts: Iterable = (), **fields
) -> Contact:
    """Add a person at `organisation`: name, role, email (required), phone, is_active."""
    require("bridges.manage_directory", actor, organisation)
    contact = Contact.objects.create(
        organisation=organisation, **_clean_contact(fields, organisation=organisation)
    )
    _set_places(contact, topics=list(topics), districts=list(districts))
    audit_record(
        actor=actor, action="bridges.contact_create", obj=contact, organisation=organisation.pk
    )
    return contact


@transaction.atomic
def contact_update(
    *,
    actor,
    contact: Contact,
    topics: Iterable | None = None,
    districts: Iterable | None = None,
    **fields,
) -> Contact:
    require("bridges.manage_directory", actor, contact.organisation)
    contact = Contact.objects.select_for_update().select_related("organisation").get(pk=contact.pk)
    current = {name: getattr(contact, name) for name in CONTACT_FIELDS}
    values = _clean_contact(current | fields, organisation=contact.organisation, instance=contact)
    changed = _set(contact, values)
    if changed:
        contact.save(update_fields=[*changed, "updated_at"])
    changed += _set_places(
        contact,
        topics=None if topics is None else list(topics),
        districts=None if districts is None else list(districts),
    )
    if changed:
        audit_record(
            actor=actor,
            action="bridges.contact_update",
            obj=contact,
            organisation=contact.organisation_id,
            fields=sorted(changed),
        )
    return contact


# The organisation's own update link ------------------------------------------------------


class UpdateLinkInvalid(Exception):
    """The link is unknown (never sent, replaced or revoked) or has expired."""

    def __init__(self, *, expired: bool):
        super().__init__("expired" if expired else "unknown")
        self.expired = expired


@dataclass
class LinkState:
    status: str  # "none", "active" or "expired"
    expires_at: object = None


def update_link_state(organisation: Organisation) -> LinkState:
    if not organisation.update_token_hash:
        return LinkState("none")
    expires = organisation.update_token_expires_at
    if expires is None or expires <= timezone.now():
        return LinkState("expired", expires)
    return LinkState("active", expires)


def update_link_url(token: str) -> str:
    return settings.SITE_URL + reverse("bridges:self_update", args=[token])


@transaction.atomic
def update_link_send(*, actor, organisation: Organisation, contact: Contact | None = None) -> str:
    """Make a new update link (the old one stops working) and e-mail it to the
    organisation's own address, or to one of its contacts; return the address."""
    require("bridges.manage_directory", actor, organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if contact is not None:
        if contact.organisation_id != organisation.pk or not contact.is_active:
            raise _error("contact", _("Choose one of the organisation's contacts."), "bad_contact")
        to = contact.email
    elif organisation.email:
        to = organisation.email
    else:
        raise _error(
            "contact",
            _(
                "%(name)s has no e-mail address of its own. Add one to the organisation, "
                "or send the link to one of its contacts."
            )
            % {"name": organisation.name},
            "no_email",
        )
    token, digest = new_token()
    days = settings.BRIDGES_UPDATE_LINK_DAYS
    organisation.update_token_hash = digest
    organisation.update_token_expires_at = timezone.now() + timedelta(days=days)
    organisation.save(update_fields=["update_token_hash", "update_token_expires_at"])
    url = update_link_url(token)
    email_queue(
        to=to,
        kind="bridges_update_link",
        language=settings.LANGUAGE_CODE,
        secret=url,
        context={
            "organisation": organisation,
            "url": url,
            "days": days,
            "expires_at": organisation.update_token_expires_at,
            "sent_by": actor,
        },
    )
    audit_record(
        actor=actor,
        action="bridges.update_link_send",
        obj=organisation,
        to="contact" if contact is not None else "organisation",
        contact=contact.pk if contact is not None else None,
        expires_at=organisation.update_token_expires_at,
    )
    return to


@transaction.atomic
def update_link_revoke(*, actor, organisation: Organisation) -> None:
    require("bridges.manage_directory", actor, organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.update_token_hash:
        raise ValidationError(_("The organisation has no update link."), code="no_link")
    organisation.update_token_hash = ""
    organisation.update_token_expires_at = None
    organisation.save(update_fields=["update_token_hash", "update_token_expires_at"])
    audit_record(actor=actor, action="bridges.update_link_revoke", obj=organisation)


def organisation_by_update_token(token: str, *, lock: bool = False) -> Organisation:
    """The organisation whose update link this is; UpdateLinkInvalid if none or expired."""
    if not token or len(token) > 100:
        raise UpdateLinkInvalid(expired=False)
    organisations = Organisation.objects.all()
    if lock:
        organisations = organisations.select_for_update()
    organisation = organisations.filter(update_token_hash=token_hash(token)).first()
    if organisation is None:
        raise UpdateLinkInvalid(expired=False)
    if update_link_state(organisation).status != "active":
        raise UpdateLinkInvalid(expired=True)
    return organisation


@dataclass
class ContactChange:
    """One row of the contacts on the update page: `id` None for a new contact."""

    id: int | None
    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    gone: bool = False


@dataclass
class SelfUpdate:
    organisation: Organisation
    fields: list[str] = field(default_factory=list)
    added: list[Contact] = field(default_factory=list)
    changed: list[Contact] = field(default_factory=list)
    gone: list[Contact] = field(default_factory=list)


def _contact_error(number: int, error: ValidationError) -> ValidationError:
    messages = [message for messages in error.message_dict.values() for message in messages]
    return ValidationError(
        {
            "contacts": ValidationError(
                _("Contact %(number)d: %(errors)s")
                % {"number": number, "errors": " ".join(messages)},
                code="bad_contact",
            )
        }
    )


def _apply_contacts(organisation: Organisation, rows: list[ContactChange], result: SelfUpdate):
    everyone = {contact.pk: contact for contact in organisation.contacts.all()}
    active = {pk for pk, contact in everyone.items() if contact.is_active}
    for row in rows:
        if row.id is not None and row.id not in active:
            raise ValidationError(
                {"contacts": ValidationError(_("A contact on the page no longer exists."))}
            )
    for row in rows:
        if row.id is not None and row.gone:
            contact = everyone[row.id]
            contact.is_active = False
            contact.save(update_fields=["is_active", "updated_at"])
            result.gone.append(contact)
    for number, row in enumerate(rows, start=1):
        if row.gone:
            continue
        values = {"name": row.name, "role": row.role, "email": row.email, "phone": row.phone}
        existing = everyone.get(row.id) if row.id is not None else None
        if existing is None:
            # Someone who was marked as gone and comes back keeps her history.
            existing = next(
                (
                    c
                    for c in everyone.values()
                    if not c.is_active and c.email.casefold() == row.email.strip().casefold()
                ),
                None,
            )
        try:
            cleaned = _clean_contact(values, organisation=organisation, instance=existing)
        except ValidationError as error:
            raise _contact_error(number, error) from None
        if existing is None:
            result.added.append(Contact.objects.create(organisation=organisation, **cleaned))
        elif changed := _set(existing, cleaned):
            existing.save(update_fields=[*changed, "updated_at"])
            (result.changed if row.id is not None else result.added).append(existing)


@transaction.atomic
def organisation_self_update(
    *,
    token: str,
    topics: Iterable,
    districts: Iterable,
    contacts: list[ContactChange],
    **fields,
) -> SelfUpdate:
    """The organisation updates its own public fields (name, description, website, email,
    phone), topics, districts and contacts through its link. Nothing changes unless all of
    it is valid; the organisation gets a receipt by e-mail."""
    organisation = organisation_by_update_token(token, lock=True)
    old_email = organisation.email
    allowed = {name: fields[name] for name in ("name", "description", "website", "email", "phone")}
    current = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    values = _clean_organisation(current | allowed, instance=organisation)
    result = SelfUpdate(organisation)
    result.fields = _set(organisation, values)
    organisation.updated_by_itself_at = timezone.now()
    organisation.save(update_fields=[*result.fields, "updated_by_itself_at", "updated_at"])
    result.fields += _set_places(organisation, topics=list(topics), districts=list(districts))
    _apply_contacts(organisation, contacts, result)
    audit_record(
        actor=None,
        action="bridges.organisation_self_update",
        obj=organisation,
        via="updated through its own link",
        fields=sorted(result.fields),
        contacts_added=[c.pk for c in result.added],
        contacts_changed=[c.pk for c in result.changed],
        contacts_gone=[c.pk for c in result.gone],
    )
    to = organisation.email or old_email
    if to:
        # A changed address: the old one hears of it too.
        cc = [old_email] if old_email and old_email.casefold() != to.casefold() else []
        email_queue(
            to=to,
            cc=cc,
            kind="bridges_update_link_saved",
            language=settings.LANGUAGE_CODE,
            context={
                "organisation": organisation,
                "fields": [_field_label(name) for name in sorted(result.fields)],
                "added": len(result.added),
                "changed": len(result.changed),
                "gone": len(result.gone),
                "expires_at": organisation.update_token_expires_at,
            },
        )
    return result


def _field_label(name: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # the e-mail's language
        return str(Organisation._meta.get_field(name).verbose_name)
