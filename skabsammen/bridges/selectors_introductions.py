"""Reads of introductions that depend on who looks: an idea's owners see only what they
may know of the other side; staff see everything, and the figures."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import rules
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from skabsammen.initiatives.models import Initiative

from .models import (
    BLOCKING_INTRODUCTION,
    OPEN_INTRODUCTION,
    Answer,
    Introduction,
    IntroductionStatus,
)
from .services.introductions import OtherSide, other_side_for
from .suggestions import Suggestion, similar_public_initiatives

SIMILAR_TOP = 5
RECENTLY_CLOSED = 30  # days on the staff overview
TOP_ORGANISATIONS = 10


@dataclass
class Asked:
    """An open introduction as an idea's owners see it."""

    introduction: Introduction
    other: OtherSide
    requested_by_other: bool  # the other idea's owners asked for contact
    requested_by_you: bool  # this idea's owners asked for contact
    waiting_for_you: bool

    @property
    def expires_at(self) -> datetime:
        return self.introduction.expires_at


def _open_now(now: datetime) -> Q:
    return Q(status__in=OPEN_INTRODUCTION, expires_at__gt=now)


def owner_introductions(initiative: Initiative) -> list[Asked]:
    """Open introductions of the idea that its owners may know of: those waiting for
    their answer, and those they said yes to that wait for the other side. A side B
    idea's owners know of nothing before side A said yes."""
    now = timezone.now()
    found = (
        Introduction.objects.filter(_open_now(now))
        .filter(
            Q(initiative=initiative)
            | Q(other_initiative=initiative, status=IntroductionStatus.ASKING_OTHER)
        )
        .select_related("initiative", "other_initiative", "organisation")
        .order_by("expires_at", "pk")
    )
    asked = []
    for introduction in found:
        side_a = introduction.initiative_id == initiative.pk
        waiting = (
            introduction.status == IntroductionStatus.ASKING_OWNERS
            if side_a
            else not introduction.other_answer
        )
        asked.append(
            Asked(
                introduction=introduction,
                other=other_side_for(introduction, initiative),
                requested_by_other=not side_a and introduction.requested_by_owner,
                requested_by_you=side_a and introduction.requested_by_owner,
                waiting_for_you=waiting,
            )
        )
    return asked


@dataclass
class Similar:
    suggestion: Suggestion
    asked: bool  # an introduction of the two is open or done


def similar_for_owners(initiative: Initiative) -> list[Similar]:
    """Public ideas like the owners' own, each with whether contact was asked already."""
    found = similar_public_initiatives(initiative, top=SIMILAR_TOP)
    if not found:
        return []
    keys = {
        Introduction.pair_key_for(initiative.pk, other_initiative_id=s.target_id): s.target_id
        for s in found
    }
    taken = set(
        Introduction.objects.filter(
            pair_key__in=keys, status__in=BLOCKING_INTRODUCTION
        ).values_list("pair_key", flat=True)
    )
    return [
        Similar(
            suggestion=s,
            asked=Introduction.pair_key_for(initiative.pk, other_initiative_id=s.target_id)
            in taken,
        )
        for s in found
    ]


def staff_introductions(initiative: Initiative) -> list[Introduction]:
    """Every introduction of the idea, on either side, newest first (staff only)."""
    return list(
        Introduction.objects.filter(Q(initiative=initiative) | Q(other_initiative=initiative))
        .select_related("initiative", "other_initiative", "contact", "organisation")
        .order_by("-created_at", "-pk")
    )


def initiative_context(*, user, initiative: Initiative, is_owner: bool) -> dict:
    """What the idea's page shows about bridges to `user`."""
    context = {}
    if is_owner:
        context["bridges_asked"] = owner_introductions(initiative)
        if initiative.is_active:
            context["bridges_similar"] = similar_for_owners(initiative)
    if rules.test_rule("bridges.view_suggestions", user, initiative):
        context["bridges_staff_view"] = True
        context["bridges_staff"] = staff_introductions(initiative)
    return context


# The staff's overview and figures ------------------------------------------------------


def _for_staff():
    return Introduction.objects.select_related(
        "initiative", "other_initiative", "contact", "organisation"
    )


def open_introductions() -> list[Introduction]:
    return list(_for_staff().filter(status__in=OPEN_INTRODUCTION).order_by("expires_at", "pk"))


def recently_closed(now: datetime | None = None) -> list[Introduction]:
    since = (now or timezone.now()) - timedelta(days=RECENTLY_CLOSED)
    return list(
        _for_staff()
        .exclude(status__in=OPEN_INTRODUCTION)
        .filter(closed_at__gte=since)
        .order_by("-closed_at", "-pk")
    )


@dataclass
class Counts:
    proposed: int = 0
    accepted: int = 0
    declined: int = 0
    expired: int = 0
    withdrawn: int = 0
    open: int = 0

    @property
    def closed(self) -> int:
        return self.accepted + self.declined + self.expired + self.withdrawn

    @property
    def share_accepted(self) -> float | None:
        return self.accepted / self.closed if self.closed else None


_BY_STATUS = {
    "accepted": Count("pk", filter=Q(status=IntroductionStatus.ACCEPTED)),
    "declined": Count("pk", filter=Q(status=IntroductionStatus.DECLINED)),
    "expired": Count("pk", filter=Q(status=IntroductionStatus.EXPIRED)),
    "withdrawn": Count("pk", filter=Q(status=IntroductionStatus.WITHDRAWN)),
    "open": Count("pk", filter=Q(status__in=OPEN_INTRODUCTION)),
}


@dataclass
class Month:
    month: datetime
    counts: Counts


@dataclass
class OrganisationFigures:
    organisation: int
    name: str
    proposed: int
    asked: int
    accepted: int


@dataclass
class Figures:
    total: Counts
    months: list[Month]
    organisations: list[OrganisationFigures]


def figures() -> Figures:
    """Introductions proposed and how they ended, in all and per month of proposal, and
    the organisations asked most (asked: the idea's owners said yes, so its contact was
    asked)."""
    total = Counts(**Introduction.objects.aggregate(proposed=Count("pk"), **_BY_STATUS))
    months = [
        Month(month=row.pop("month"), counts=Counts(**row))
        for row in Introduction.objects.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(proposed=Count("pk"), **_BY_STATUS)
        .order_by("-month")
    ]
    organisations = [
        OrganisationFigures(**row)
        for row in Introduction.objects.filter(organisation__isnull=False)
        .values("organisation", name=F("organisation__name"))
        .annotate(
            proposed=Count("pk"),
            asked=Count("pk", filter=Q(owners_answer=Answer.YES)),
            accepted=Count("pk", filter=Q(status=IntroductionStatus.ACCEPTED)),
        )
        .order_by("-asked", "-proposed", "name")[:TOP_ORGANISATIONS]
    ]
    return Figures(total=total, months=months, organisations=organisations)
