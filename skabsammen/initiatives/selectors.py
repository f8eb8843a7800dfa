"""Reads of ideas that depend on who looks, shared by pages and the API."""

import hashlib
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Count, Max, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from skabsammen.accounts.models import MUNICIPAL_ROLES, User
from skabsammen.common.calendar import work_calendar

from .models import Initiative, Message, Ownership, Status, TimelineEvent


def visible_initiatives(user) -> QuerySet[Initiative]:
    """Public ideas for everyone; private ones also for their owners and for staff."""
    initiatives = Initiative.objects.all()
    if user.is_authenticated and user.is_municipal_staff:
        return initiatives
    if user.is_authenticated:
        # A citizen owns a handful of ideas: list them, so that the database can still
        # use its index on public ideas (an OR EXISTS would make it read every row).
        owned = list(Ownership.objects.filter(user=user).values_list("initiative_id", flat=True))
        if owned:
            return initiatives.filter(Q(is_public=True) | Q(pk__in=owned))
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


# The stored, indexed tsvector column that migration 0004 adds on PostgreSQL.
_MATCHES = "initiatives_initiative.search_document @@ websearch_to_tsquery('danish', %s)"


def _search(initiatives: QuerySet[Initiative], query: str) -> QuerySet[Initiative]:
    """Danish full-text search (stemmed words) on PostgreSQL; words in the text on SQLite."""
    if connection.vendor == "postgresql":
        # The words are a bound parameter, never part of the SQL text.
        matches = RawSQL(_MATCHES, (query,), output_field=BooleanField())  # noqa: S611
        return initiatives.filter(matches)
    return initiatives.filter(Q(title__icontains=query) | Q(description__icontains=query))


def counted(initiatives: QuerySet[Initiative]) -> int:
    """The number of ideas a list shows, counted again only when an idea has changed.

    Every change to an idea goes through the services and moves its `updated_at`, and
    ideas are not deleted; so the newest `updated_at` (one step down an index) tells
    whether a count made earlier for the same query still holds. Counting tens of
    thousands of rows is the dearest part of a list page.
    """
    latest = Initiative.objects.aggregate(latest=Max("updated_at"))["latest"]
    sql, params = initiatives.query.sql_with_params()
    key = "initiatives-count:" + hashlib.sha256(f"{sql}|{params}|{latest}".encode()).hexdigest()
    count = cache.get(key)
    if count is None:
        count = initiatives.count()
        cache.set(key, count, timeout=3600)
    return count


class CountedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return counted(self.object_list)


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
    mine_count: int
    unassigned: list[Initiative]
    unassigned_count: int
    overdue: list[Initiative]
    overdue_count: int


def dashboard(*, user, today: date | None = None, limit: int = 50) -> Dashboard:
    today = today or timezone.localdate()
    base = Initiative.objects.select_related("contact_person", "district")
    mine = base.active().filter(contact_person=user).order_by("next_step_due", "submitted_at")
    unassigned = base.unassigned().order_by("submitted_at")
    overdue = base.overdue(today).order_by("next_step_due", "submitted_at")
    overdue_list = list(overdue[:limit])
    for initiative in overdue_list:
        initiative.overdue_reason = overdue_reason(initiative, today)
    return Dashboard(
        mine=list(mine[:limit]),
        mine_count=mine.count(),
        unassigned=list(unassigned[:limit]),
        unassigned_count=unassigned.count(),
        overdue=overdue_list,
        overdue_count=overdue.count(),
    )


def overdue_reason(initiative: Initiative, today: date) -> str:
    """Why an open idea is overdue, in words, for the staff overview."""
    calendar = work_calendar()
    submitted = timezone.localdate(initiative.submitted_at)
    if initiative.next_step_due and initiative.next_step_due < today:
        return _("The next step was due %(date)s") % {
            "date": date_format(initiative.next_step_due, "j. F")
        }
    if (
        initiative.contact_person_id is None
        and calendar.add_working_days(submitted, settings.RESPONSE_TARGET_CONTACT_PERSON_DAYS)
        < today
    ):
        return _("No contact person after %(days)d working days") % {
            "days": calendar.working_days_between(submitted, today)
        }
    return _("No reply after %(days)d working days") % {
        "days": calendar.working_days_between(submitted, today)
    }


@dataclass(frozen=True)
class MonthFigures:
    month: date
    submitted: int
    replied: int
    median_days: float | None
    within_target: int  # first reply within the target
    share_within_target: float | None  # of those whose target has passed or who got a reply


def _months_back(today: date, months: int) -> list[date]:
    first_days = []
    year, month = today.year, today.month
    for _step in range(months):
        first_days.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return first_days[::-1]


def response_figures(*, months: int = 12, today: date | None = None) -> list[MonthFigures]:
    """Working days to the first reply, per calendar month of submission.

    The database counts ideas per (day submitted, day replied); the working days are
    worked out once per such pair, so the cost follows the number of days, not ideas.
    """
    today = today or timezone.localdate()
    calendar = work_calendar()
    target = settings.RESPONSE_TARGET_FIRST_REPLY_DAYS
    month_starts = _months_back(today, months)
    tz = timezone.get_current_timezone()
    pairs = (
        Initiative.objects.filter(
            submitted_at__gte=timezone.make_aware(datetime.combine(month_starts[0], time.min))
        )
        .annotate(
            submitted=TruncDate("submitted_at", tzinfo=tz),
            replied=TruncDate("first_reply_at", tzinfo=tz),
        )
        .values("submitted", "replied")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_month: dict[date, list[tuple[date, date | None, int]]] = {m: [] for m in month_starts}
    for row in pairs:
        by_month.setdefault(row["submitted"].replace(day=1), []).append(
            (row["submitted"], row["replied"], row["n"])
        )
    figures = []
    for month in month_starts:
        days: list[int] = []
        due = within = 0
        for submitted, replied, n in by_month[month]:
            if replied is not None:
                taken = calendar.working_days_between(submitted, replied)
                days += [taken] * n
                due += n
                within += n if taken <= target else 0
            elif calendar.add_working_days(submitted, target) < today:
                due += n
        figures.append(
            MonthFigures(
                month=month,
                submitted=sum(n for *_, n in by_month[month]),
                replied=len(days),
                median_days=statistics.median(days) if days else None,
                within_target=within,
                share_within_target=within / due if due else None,
            )
        )
    return figures


def status_counts() -> dict[str, int]:
    counts = dict.fromkeys(Status.values, 0)
    for row in Initiative.objects.values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return counts
