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


def _unique_slug(name: str, parent: Body | None = None) -> str:
    base = danish_slug(f"{parent.slug} {name}" if parent else name)[:80].strip("-") or "organ"
    slug, n = base, 2
    while Body.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


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
    other_names: str = "",
) -> Body:
    if actor is not None:
        require("committees.manage", actor)
    name = name.strip()
    if not name:
        raise ValidationError({"name": ValidationError(_("Give the body a name."), "required")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": too_long(_("The name"), NAME_MAX)})
    if (kind == BodyKind.WORKING_GROUP) != (parent is not None):
        raise ValidationError(
            _("A working group belongs under a body; other bodies do not."), code="parent"
        )
    if period_start and period_end and period_end < period_start:
        raise ValidationError(
            {"period_end": ValidationError(_("The period ends before it starts."), "period")}
        )
    body = Body.objects.create(
        name=name,
        slug=_unique_slug(name, parent),
        kind=kind,
        parent=parent,
        mandate=mandate.strip(),
        period_start=period_start,
        period_end=period_end,
        other_names=other_names.strip(),
    )
    audit_record(actor=actor, action="body.create", obj=body, name=name, kind=kind)
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
    return (
        body.memberships.filter(starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("role", "name")
    )


def _seats(body: Body, on: date) -> dict[str, Membership]:
    active = body.memberships.filter(starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )
    return {m.name.casefold(): m for m in active}
