"""Reads of ideas that depend on who looks, shared by pages and the API."""

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from skabsammen.accounts.models import MUNICIPAL_ROLES, User
from skabsammen.common.calendar import work_calendar

from .models import Initiative, Message, Ownership, Status, TimelineEvent


def search_vector() -> SearchVector:
    """The expression PostgreSQL's GIN index `initiative_search` is built on."""
    return SearchVector("title", "description", config="danish")


def visible_initiatives(user) -> QuerySet[Initiative]:
    """Public ideas for everyone; private ones also for their owners and for staff."""
    initiatives = Initiative.objects.all()
    if user.is_authenticated and user.is_municipal_staff:
        return initiatives
    if user.is_authenticated:
        owns = Ownership.objects.filter(initiative=OuterRef("pk"), user=user)
        return initiatives.filter(Q(is_public=True) | Q(Exists(owns)))
    return initiatives.public()


def initiative_list(
    *,
    user,
    status: str | None = None,
    topic=None,
    district=None,
    query: str = "",
) -> QuerySet[Initiative]:
    initiatives = visible_initiatives(user)
    if status:
        initiatives = initiatives.filter(status=status)
    if topic is not None:
        initiatives = initiatives.filter(topics=topic)
    if district is not None:
        initiatives = initiatives.filter(district=district)
    if query := query.strip():
        initiatives = _search(initiatives, query)
    return initiatives.select_related(
        "district", "contact_person", "contact_person__department"
    ).prefetch_related("topics")


def _search(initiatives: QuerySet[Initiative], query: str) -> QuerySet[Initiative]:
    if connection.vendor == "postgresql":
        return initiatives.annotate(search=search_vector()).filter(
            search=SearchQuery(query, config="danish", search_type="websearch")
        )
    return initiatives.filter(Q(title__icontains=query) | Q(description__icontains=query))


def initiative_detail(*, user, pk: int) -> Initiative | None:
    """The idea with what its page shows, in a fixed number of queries."""
    initiative = (
        visible_initiatives(user)
        .select_related("district", "contact_person", "contact_person__department")
        .prefetch_related(
            "topics",
            "partner_roles",
            Prefetch("timeline", queryset=TimelineEvent.objects.select_related("actor")),
        )
        .filter(pk=pk)
        .first()
    )
    if initiative is not None:
        owners = list(initiative.owners.all())
        initiative.owner_list = owners
        initiative.owner_ids = {owner.pk for owner in owners}
    return initiative


def dialogue(*, user, initiative: Initiative) -> list[Message]:
    messages = initiative.messages.select_related("author")
    if not user.is_municipal_staff:
        messages = messages.filter(internal=False)
    return list(messages)


def owned_by(user) -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(owners=user)
        .select_related("contact_person", "district")
        .prefetch_related("topics")
    )


def municipal_staff() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=MUNICIPAL_ROLES).select_related(
        "department"
    )


@dataclass(frozen=True)
class Dashboard:
    mine: list[Initiative]
    unassigned: list[Initiative]
    overdue: list[Initiative]
    overdue_count: int


def dashboard(*, user, today: date | None = None, limit: int = 50) -> Dashboard:
    today = today or timezone.localdate()
    base = Initiative.objects.select_related("contact_person", "district")
    mine = base.active().filter(contact_person=user).order_by("next_step_due", "submitted_at")
    unassigned = base.unassigned().order_by("submitted_at")
    overdue = base.overdue(today).order_by("next_step_due", "submitted_at")
    return Dashboard(
        mine=list(mine[:limit]),
        unassigned=list(unassigned[:limit]),
        overdue=list(overdue[:limit]),
        overdue_count=overdue.count(),
    )


@dataclass(frozen=True)
class MonthFigures:
    month: date
    submitted: int
    replied: int
    median_days: float | None
    within_target: int  # first reply within the target
    share_within_target: float | None  # of those whose target has passed or who got a reply


def response_figures(*, months: int = 12, today: date | None = None) -> list[MonthFigures]:
    """Days to the first reply, in working days, per month of submission."""
    today = today or timezone.localdate()
    calendar = work_calendar()
    target = settings.RESPONSE_TARGET_FIRST_REPLY_DAYS
    first_month = (today.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    rows = Initiative.objects.filter(
        submitted_at__gte=timezone.make_aware(
            timezone.datetime.combine(first_month, timezone.datetime.min.time())
        )
    ).values_list("submitted_at", "first_reply_at")
    by_month: dict[date, list[tuple[date, date | None]]] = {}
    for submitted_at, first_reply_at in rows.iterator(chunk_size=5000):
        submitted = timezone.localdate(submitted_at)
        replied = timezone.localdate(first_reply_at) if first_reply_at else None
        by_month.setdefault(submitted.replace(day=1), []).append((submitted, replied))
    figures = []
    month = first_month
    while month <= today:
        entries = by_month.get(month, [])
        days = [
            calendar.working_days_between(submitted, replied)
            for submitted, replied in entries
            if replied is not None
        ]
        due = [
            (submitted, replied)
            for submitted, replied in entries
            if replied is not None or calendar.add_working_days(submitted, target) < today
        ]
        within = sum(
            1
            for submitted, replied in due
            if replied is not None and calendar.working_days_between(submitted, replied) <= target
        )
        figures.append(
            MonthFigures(
                month=month,
                submitted=len(entries),
                replied=len(days),
                median_days=statistics.median(days) if days else None,
                within_target=within,
                share_within_target=within / len(due) if due else None,
            )
        )
        month = (month + timedelta(days=32)).replace(day=1)
    return figures


def status_counts() -> dict[str, int]:
    counts = dict.fromkeys(Status.values, 0)
    for row in Initiative.objects.values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return counts
