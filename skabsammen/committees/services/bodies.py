"""Bodies and their members."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common.errors import too_long
from skabsammen.common.permissions import require
from skabsammen.common.text import danish_slug

from ..models import (
    NAME_MAX,
    Body,
    BodyKind,
    MemberGroup,
    MemberRole,
    Membership,
)

# Addresses under /udvalg/ that are pages, not bodies.
RESERVED_SLUGS = {"arkiv", "nyt", "importer", "moeder", "bilag", "punkter", "invitationer"}


def _unique_slug(name: str, parent: Body | None = None) -> str:
    base = danish_slug(f"{parent.slug} {name}" if parent else name)[:80].strip("-") or "organ"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Body.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_body(
    *, name: str, kind: str, parent: Body | None, period_start, period_end, applications_open_until
) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": ValidationError(_("Give the body a name."), "required")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": too_long(_("The name"), NAME_MAX)})
    if kind not in BodyKind.values:
        raise ValidationError({"kind": ValidationError(_("Choose the kind of body."), "kind")})
    if (kind == BodyKind.WORKING_GROUP) != (parent is not None):
        raise ValidationError(
            {
                "parent": ValidationError(
                    _("A working group belongs under a body; other bodies do not."), "parent"
                )
            }
        )
    if period_start and period_end and period_end < period_start:
        raise ValidationError(
            {"period_end": ValidationError(_("The period ends before it starts."), "period")}
        )
    if applications_open_until and kind != BodyKind.TASK_COMMITTEE:
        raise ValidationError(
            {
                "applications_open_until": ValidationError(
                    _("Only task committees take applications."), "not_task_committee"
                )
            }
        )
    return name


@transaction.atomic
def body_create(
    *,
    actor,
    name: str,
    kind: str,
    parent: Body | None = None,
    mandate: str = "",
    period_start: date | None = None,
    period_end: date | None = None,
    applications_open_until: date | None = None,
    other_names: str = "",
) -> Body:
    if actor is not None:
        require("committees.manage", actor)
    name = _clean_body(
        name=name,
        kind=kind,
        parent=parent,
        period_start=period_start,
        period_end=period_end,
        applications_open_until=applications_open_until,
    )
    body = Body.objects.create(
        name=name,
        slug=_unique_slug(name, parent),
        kind=kind,
        parent=parent,
        mandate=mandate.strip(),
        period_start=period_start,
        period_end=period_end,
        applications_open_until=applications_open_until,
        other_names=other_names.strip(),
    )
    audit_record(actor=actor, action="body.create", obj=body, name=name, kind=kind)
    return body


@transaction.atomic
def body_update(
    *,
    actor,
    body: Body,
    name: str,
    mandate: str = "",
    period_start: date | None = None,
    period_end: date | None = None,
    applications_open_until: date | None = None,
    other_names: str = "",
) -> Body:
    """Change a body's name, mandate and period; its kind and address stay."""
    require("committees.manage", actor)
    body.name = _clean_body(
        name=name,
        kind=body.kind,
        parent=body.parent,
        period_start=period_start,
        period_end=period_end,
        applications_open_until=applications_open_until,
    )
    body.mandate = mandate.strip()
    body.period_start, body.period_end = period_start, period_end
    body.applications_open_until = applications_open_until
    body.other_names = other_names.strip()
    fields = [
        "name",
        "mandate",
        "period_start",
        "period_end",
        "applications_open_until",
        "other_names",
    ]
    body.save(update_fields=fields)
    audit_record(actor=actor, action="body.update", obj=body)
    return body


def _overlapping(body: Body, *, user, name: str, starts_on: date, ends_on: date | None):
    same_person = Q(user=user) if user is not None else Q(user__isnull=True, name__iexact=name)
    overlap = Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    if ends_on is not None:
        overlap &= Q(starts_on__lte=ends_on)
    return body.memberships.filter(same_person, overlap)


@transaction.atomic
def membership_add(
    *,
    actor,
    body: Body,
    name: str,
    starts_on: date,
    ends_on: date | None = None,
    role: str = MemberRole.MEMBER,
    group: str = MemberGroup.CITIZEN,
    email: str = "",
    user=None,
) -> Membership:
    """Give a person a seat; the same person cannot hold two seats in a body at once."""
    if actor is not None:
        require("committees.manage", actor)
    name = (name or (user.name if user else "")).strip()
    if not name:
        raise ValidationError({"name": ValidationError(_("Give the member's name."), "required")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": too_long(_("The name"), NAME_MAX)})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(
            {"ends_on": ValidationError(_("The membership ends before it starts."), "period")}
        )
    if clash := _overlapping(body, user=user, name=name, starts_on=starts_on, ends_on=ends_on):
        seat = clash.first()
        raise ValidationError(
            _("%(name)s is already a member of %(body)s from %(start)s.")
            % {"name": seat.name, "body": body.name, "start": seat.starts_on.strftime("%d-%m-%Y")},
            code="overlapping_membership",
        )
    membership = Membership.objects.create(
        body=body,
        user=user,
        name=name,
        email=(email or (user.email if user else "")).strip(),
        role=role,
        group=group,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit_record(actor=actor, action="membership.add", obj=membership, body=body.pk, name=name)
    return membership


def seats_on(body: Body, on: date):
    """The memberships of `body` on the day `on`."""
    return body.memberships.active_on(on).order_by("role", "name")


def _seats(body: Body, on: date) -> dict[str, Membership]:
    """The seats of that day by the member's name, for matching names read from minutes."""
    return {m.name.casefold(): m for m in body.memberships.active_on(on).select_related("user")}


@transaction.atomic
def membership_end(*, actor, membership: Membership, ends_on: date) -> Membership:
    """A member leaves: the seat ends on `ends_on`, and the history stays."""
    require("committees.manage", actor)
    if ends_on < membership.starts_on:
        raise ValidationError(
            {"ends_on": ValidationError(_("The membership ends before it starts."), "period")}
        )
    membership.ends_on = ends_on
    membership.save(update_fields=["ends_on"])
    audit_record(actor=actor, action="membership.end", obj=membership, ends_on=str(ends_on))
    return membership
