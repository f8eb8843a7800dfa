"""Working-day arithmetic for a Danish municipality.

A *working day* is a Monday to Friday on which the town hall is open, that is
a weekday that is not in the calendar's set of closed dates.

This module deliberately imports nothing from Django so that it can be used
(and tested) anywhere.  Only ``datetime.date`` values are accepted; passing a
``datetime`` raises ``TypeError``.

Definitions used throughout:

* ``add_working_days(start, n)`` counts from the day *after* ``start``: the
  result is the n-th working day strictly after ``start``.  For ``n == 0`` the
  result is ``start`` itself when it is a working day, else the next working
  day.  A Friday plus one working day is the following Monday; something
  submitted on a Saturday with a target of two working days is due on the
  Tuesday (Monday is day 1, Tuesday day 2).
* ``subtract_working_days(end, n)`` is the mirror image: the n-th working
  day strictly before ``end`` (for ``n == 0``: ``end`` or the previous working
  day).
* ``working_days_between(start, end)`` is the number of working days ``d``
  with ``start < d <= end`` (zero when ``end <= start``), i.e. how many working
  days a reply sent on ``end`` took for something received on ``start``.
* ``last_on_time_start(today, n)`` is the earliest start date whose deadline
  ``add_working_days(start, n)`` is on or after ``today``.  Because the deadline
  never decreases as the start date grows, anything started strictly before the
  returned date is overdue today, and anything started on or after it is not.

Arithmetic is O(1) for weekdays plus a binary search over each touched year's
closed dates, so spans of years cost no more than a handful of look-ups.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

import holidays

__all__ = ["WorkCalendar"]

YearRule = Callable[[int], Iterable[date]]
"""A function giving the closed dates of one calendar year."""

DANISH_EXTRA_CLOSED: tuple[str, ...] = ("06-05", "12-24", "12-31")
"""Constitution Day, Christmas Eve and New Year's Eve: not public holidays,
but days on which Danish town halls are normally closed."""

_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")
_ONE_DAY = timedelta(days=1)


# --- Pure weekday arithmetic on proleptic ordinals (ordinal 1 is a Monday) ---


def _weekdays_up_to(ordinal: int) -> int:
    """Number of Mondays-to-Fridays with an ordinal in ``[1, ordinal]``."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _nth_weekday_ordinal(count: int) -> int:
    """Ordinal of the ``count``-th weekday since ordinal 1 (``count >= 1``)."""
    weeks, rest = divmod(count - 1, 5)
    return 7 * weeks + rest + 1


def _weekday_after(d: date, k: int) -> date:
    """The k-th Monday-to-Friday strictly after ``d`` (``k >= 1``)."""
    return date.fromordinal(_nth_weekday_ordinal(_weekdays_up_to(d.toordinal()) + k))


def _weekday_before(d: date, k: int) -> date:
    """The k-th Monday-to-Friday strictly before ``d`` (``k >= 1``)."""
    return date.fromordinal(_nth_weekday_ordinal(_weekdays_up_to(d.toordinal() - 1) - k + 1))


def _is_weekday(d: date) -> bool:
    return d.weekday() < 5


def _require_date(*values: date) -> None:
    for value in values:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise TypeError(f"expected a datetime.date, got {type(value).__name__}")


def _require_non_negative(n: int) -> None:
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")


# --- Danish rules ---


def _parse_month_day(text: str) -> tuple[int, int]:
    """Parse "MM-DD"; "02-29" is allowed and applies in leap years only."""
    match = _MONTH_DAY.fullmatch(text)
    if match is None:
        raise ValueError(f"expected 'MM-DD', got {text!r}")
    month, day = int(match.group(1)), int(match.group(2))
    date(2000, month, day)  # a leap year: raises ValueError for impossible days
    return month, day


def _month_days_in(year: int, month_days: Iterable[tuple[int, int]]) -> list[date]:
    found = []
    for month, day in month_days:
        try:
            found.append(date(year, month, day))
        except ValueError:  # 29 February outside a leap year
            continue
    return found


def _danish_rule(extra_closed: Iterable[str]) -> YearRule:
    month_days = tuple(_parse_month_day(text) for text in extra_closed)

    def closed_in(year: int) -> Iterable[date]:
        public = holidays.country_holidays("DK", years=year, categories=holidays.PUBLIC)
        return [*public.keys(), *_month_days_in(year, month_days)]

    return closed_in


# --- The calendar ---


class WorkCalendar:
    """Working days: Monday to Friday, minus a set of closed dates.

    Closed dates come from ``closed`` (explicit dates) and, optionally, from
    ``yearly``, a function returning the closed dates of a given year.  Each
    year's closed weekdays are computed the first time that year is needed and
    then cached on the instance, so any year can be asked about.  The cache only
    ever gains identical entries, so sharing an instance between threads is
    safe.
    """

    def __init__(self, closed: Iterable[date] = (), *, yearly: YearRule | None = None) -> None:
        self._explicit: dict[int, set[date]] = {}
        for d in closed:
            _require_date(d)
            self._explicit.setdefault(d.year, set()).add(d)
        self._yearly = yearly
        self._cache: dict[int, tuple[date, ...]] = {}

    @classmethod
    def danish(cls, extra_closed: Iterable[str] = DANISH_EXTRA_CLOSED) -> WorkCalendar:
        """Danish public holidays plus ``extra_closed`` ("MM-DD") every year.

        Public holidays come from the ``holidays`` package (public category
        only), which knows that Store Bededag was abolished from 2024.
        """
        return cls(yearly=_danish_rule(extra_closed))

    # -- closed dates --

    def _closed_weekdays(self, year: int) -> tuple[date, ...]:
        """Sorted closed Mondays-to-Fridays of ``year`` (computed once)."""
        cached = self._cache.get(year)
        if cached is None:
            cached = self._compute_year(year)
            self._cache[year] = cached
        return cached

    def _compute_year(self, year: int) -> tuple[date, ...]:
        days = set(self._explicit.get(year, ()))
        if self._yearly is not None:
            days.update(self._yearly(year))
        return tuple(sorted(d for d in days if d.year == year and _is_weekday(d)))

    def _is_closed_weekday(self, d: date) -> bool:
        closed = self._closed_weekdays(d.year)
        i = bisect_left(closed, d)
        return i < len(closed) and closed[i] == d

    def _closed_after_up_to(self, start: date, end: date) -> int:
        """Closed weekdays ``d`` with ``start < d <= end``."""
        total = 0
        for year in range(start.year, end.year + 1):
            closed = self._closed_weekdays(year)
            total += bisect_right(closed, end) - bisect_right(closed, start)
        return total

    def _closed_from_before(self, start: date, end: date) -> int:
        """Closed weekdays ``d`` with ``start <= d < end``."""
        total = 0
        for year in range(start.year, end.year + 1):
            closed = self._closed_weekdays(year)
            total += bisect_left(closed, end) - bisect_left(closed, start)
        return total

    # -- public API --

    def is_working_day(self, d: date) -> bool:
        """True for a Monday to Friday that is not a closed date."""
        _require_date(d)
        return _is_weekday(d) and not self._is_closed_weekday(d)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after ``start`` (``n >= 0``).

        Counting starts the day after ``start``.  For ``n == 0`` this is
        ``start`` if it is a working day, otherwise the next working day.
        """
        _require_date(start)
        _require_non_negative(n)
        if n == 0:
            return start if self.is_working_day(start) else self.add_working_days(start, 1)
        current, missing = start, n
        while missing:
            # Jump ``missing`` weekdays; every closed weekday jumped over must
            # be made up by a further jump.  The final landing is a working day.
            target = _weekday_after(current, missing)
            missing = self._closed_after_up_to(current, target)
            current = target
        return current

    def subtract_working_days(self, end: date, n: int) -> date:
        """The n-th working day strictly before ``end`` (``n >= 0``).

        The mirror image of :meth:`add_working_days`: counting starts the day
        before ``end``; for ``n == 0`` this is ``end`` if it is a working day,
        otherwise the previous working day.
        """
        _require_date(end)
        _require_non_negative(n)
        if n == 0:
            return end if self.is_working_day(end) else self.subtract_working_days(end, 1)
        current, missing = end, n
        while missing:
            target = _weekday_before(current, missing)
            missing = self._closed_from_before(target, current)
            current = target
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days ``d`` with ``start < d <= end`` (0 if ``end <= start``)."""
        _require_date(start, end)
        if end <= start:
            return 0
        weekdays = _weekdays_up_to(end.toordinal()) - _weekdays_up_to(start.toordinal())
        return weekdays - self._closed_after_up_to(start, end)

    def last_on_time_start(self, today: date, n: int) -> date:
        """Earliest start whose deadline ``add_working_days(start, n)`` is >= ``today``.

        Anything started strictly before the result is overdue on ``today``;
        in SQL: ``submitted_on < cutoff``.

        Let T be the first working day on or after ``today``; a deadline is
        always a working day, so it is >= ``today`` iff it is >= T.  For
        ``n >= 1`` the answer is the n-th working day before T: from there the
        n-th working day is exactly T, from any earlier day it is before T.
        Since ``add_working_days(s, 0) == add_working_days(s - 1 day, 1)``,
        the answer for ``n == 0`` is the answer for ``n == 1`` plus one day.
        """
        _require_date(today)
        _require_non_negative(n)
        first_open = self.add_working_days(today, 0)
        if n == 0:
            return self.subtract_working_days(first_open, 1) + _ONE_DAY
        return self.subtract_working_days(first_open, n)
