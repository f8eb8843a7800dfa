"""Tests for skabsammen.workdays (plain pytest, no Django, no database).

Every concrete date below was checked by hand against a 2026 calendar
(1 January 2026 is a Thursday).
"""

from datetime import date, datetime, timedelta

import holidays
import pytest

from skabsammen.workdays import WorkCalendar

ONE_DAY = timedelta(days=1)


@pytest.fixture(scope="module")
def dk() -> WorkCalendar:
    return WorkCalendar.danish()


def days(first: date, last: date) -> list[date]:
    """All dates from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def brute_between(cal: WorkCalendar, start: date, end: date) -> int:
    """Reference count of working days d with start < d <= end."""
    return sum(cal.is_working_day(d) for d in days(start + ONE_DAY, end)) if end > start else 0


def brute_add(cal: WorkCalendar, start: date, n: int) -> date:
    """Reference add_working_days: step one day at a time."""
    d = start if n == 0 else start + ONE_DAY
    seen = 0
    while True:
        if cal.is_working_day(d):
            seen += 1
            if seen == max(n, 1):
                return d
        d += ONE_DAY


# --- weekends and n == 0 ---


def test_weekdays_and_weekend(dk: WorkCalendar) -> None:
    assert dk.is_working_day(date(2026, 1, 9))  # Friday
    assert not dk.is_working_day(date(2026, 1, 10))  # Saturday
    assert not dk.is_working_day(date(2026, 1, 11))  # Sunday
    assert dk.is_working_day(date(2026, 1, 12))  # Monday


def test_friday_plus_one_is_monday(dk: WorkCalendar) -> None:
    assert dk.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 12)


def test_saturday_plus_two_is_tuesday(dk: WorkCalendar) -> None:
    assert dk.add_working_days(date(2026, 1, 10), 2) == date(2026, 1, 13)


def test_plain_week(dk: WorkCalendar) -> None:
    assert dk.add_working_days(date(2026, 1, 12), 5) == date(2026, 1, 19)
    assert dk.add_working_days(date(2026, 1, 12), 10) == date(2026, 1, 26)


def test_zero_days(dk: WorkCalendar) -> None:
    assert dk.add_working_days(date(2026, 1, 12), 0) == date(2026, 1, 12)  # Monday
    assert dk.add_working_days(date(2026, 1, 10), 0) == date(2026, 1, 12)  # Saturday
    assert dk.add_working_days(date(2026, 4, 3), 0) == date(2026, 4, 7)  # Good Friday


def test_negative_n_rejected(dk: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        dk.add_working_days(date(2026, 1, 12), -1)
    with pytest.raises(ValueError):
        dk.last_on_time_start(date(2026, 1, 12), -1)


def test_datetime_rejected(dk: WorkCalendar) -> None:
    with pytest.raises(TypeError):
        dk.is_working_day(datetime(2026, 1, 12, 9, 0))
    with pytest.raises(TypeError):
        WorkCalendar([datetime(2026, 1, 12, 9, 0)])


# --- Danish holidays in 2026 ---


def test_easter_2026(dk: WorkCalendar) -> None:
    for closed in (date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 6)):
        assert not dk.is_working_day(closed)
    assert dk.is_working_day(date(2026, 4, 1))  # Wednesday in Holy Week
    assert dk.is_working_day(date(2026, 4, 7))  # Tuesday after Easter
    assert dk.add_working_days(date(2026, 4, 1), 1) == date(2026, 4, 7)
    assert dk.add_working_days(date(2026, 3, 27), 3) == date(2026, 4, 1)
    assert dk.add_working_days(date(2026, 3, 27), 4) == date(2026, 4, 7)
    assert dk.working_days_between(date(2026, 3, 31), date(2026, 4, 7)) == 2


def test_ascension_2026(dk: WorkCalendar) -> None:
    assert not dk.is_working_day(date(2026, 5, 14))
    assert dk.is_working_day(date(2026, 5, 15))  # the Friday after is open by default
    assert dk.add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 15)
    assert dk.working_days_between(date(2026, 5, 11), date(2026, 5, 15)) == 3


def test_whit_monday_2026(dk: WorkCalendar) -> None:
    assert not dk.is_working_day(date(2026, 5, 25))
    assert dk.add_working_days(date(2026, 5, 22), 1) == date(2026, 5, 26)


def test_constitution_day_2026(dk: WorkCalendar) -> None:
    assert not dk.is_working_day(date(2026, 6, 5))  # a Friday
    assert dk.add_working_days(date(2026, 6, 4), 1) == date(2026, 6, 8)


def test_extra_closed_can_be_dropped() -> None:
    cal = WorkCalendar.danish(extra_closed=())
    assert cal.is_working_day(date(2026, 6, 5))
    assert cal.is_working_day(date(2026, 12, 24))
    assert cal.is_working_day(date(2026, 12, 31))
    assert not cal.is_working_day(date(2026, 12, 25))


def test_extra_closed_custom_and_invalid() -> None:
    cal = WorkCalendar.danish(extra_closed=("05-15", "02-29"))
    assert not cal.is_working_day(date(2026, 5, 15))
    assert not cal.is_working_day(date(2028, 2, 29))  # leap year, a Tuesday
    assert cal.is_working_day(date(2026, 6, 5))  # defaults replaced, not extended
    for bad in ("6-5", "13-01", "02-30", "2026-06-05"):
        with pytest.raises(ValueError):
            WorkCalendar.danish(extra_closed=(bad,))


def test_christmas_and_new_year_across_year_boundary(dk: WorkCalendar) -> None:
    closed = [date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31), date(2027, 1, 1)]
    for d in closed:
        assert not dk.is_working_day(d)
    assert not dk.is_working_day(date(2026, 12, 26))  # Saturday and a holiday
    assert dk.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert dk.add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)
    assert dk.add_working_days(date(2026, 12, 23), 4) == date(2027, 1, 4)
    assert dk.add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 4)
    assert dk.working_days_between(date(2026, 12, 23), date(2027, 1, 4)) == 4
    assert dk.working_days_between(date(2026, 12, 30), date(2027, 1, 3)) == 0


def test_christmas_2027_second_day_on_a_weekday(dk: WorkCalendar) -> None:
    # 2027: 24 Dec Friday, 25 Saturday, 26 Sunday, 31 Friday, 1 Jan 2028 Saturday.
    assert dk.add_working_days(date(2027, 12, 23), 1) == date(2027, 12, 27)
    assert dk.add_working_days(date(2027, 12, 30), 1) == date(2028, 1, 3)


# --- Store Bededag and years far away ---


def test_holidays_package_knows_store_bededag_was_abolished() -> None:
    names_2023 = holidays.country_holidays("DK", years=2023, categories=holidays.PUBLIC)
    names_2024 = holidays.country_holidays("DK", years=2024, categories=holidays.PUBLIC)
    assert date(2023, 5, 5) in names_2023
    assert date(2024, 4, 26) not in names_2024
    assert len(names_2024) == len(names_2023) - 1


def test_store_bededag_2023_vs_2024(dk: WorkCalendar) -> None:
    # Fourth Friday after Easter: 5 May 2023 (Easter 9 April), 26 April 2024 (Easter 31 March).
    assert not dk.is_working_day(date(2023, 5, 5))
    assert dk.add_working_days(date(2023, 5, 4), 1) == date(2023, 5, 8)
    assert dk.is_working_day(date(2024, 4, 26))
    assert dk.add_working_days(date(2024, 4, 25), 1) == date(2024, 4, 26)


def test_far_future_year(dk: WorkCalendar) -> None:
    # Easter 2035 is 25 March: Maundy Thursday 22, Good Friday 23, Easter Monday 26.
    assert not dk.is_working_day(date(2035, 3, 22))
    assert not dk.is_working_day(date(2035, 3, 23))
    assert not dk.is_working_day(date(2035, 3, 26))
    assert dk.add_working_days(date(2035, 3, 21), 1) == date(2035, 3, 27)
    # 2035: 24 Dec Monday, 25 Tuesday, 26 Wednesday, 31 Monday, 1 Jan 2036 Tuesday.
    assert dk.add_working_days(date(2035, 12, 21), 1) == date(2035, 12, 27)
    assert dk.add_working_days(date(2035, 12, 28), 1) == date(2036, 1, 2)


def test_far_past_year(dk: WorkCalendar) -> None:
    # Easter 1999 is 4 April; Store Bededag still existed (30 April 1999).
    assert not dk.is_working_day(date(1999, 4, 1))
    assert not dk.is_working_day(date(1999, 4, 5))
    assert not dk.is_working_day(date(1999, 4, 30))
    assert dk.add_working_days(date(1999, 3, 31), 1) == date(1999, 4, 6)


def test_years_are_computed_lazily_and_once() -> None:
    asked: list[int] = []

    def rule(year: int) -> list[date]:
        asked.append(year)
        return [date(year, 3, 2)]

    cal = WorkCalendar(yearly=rule)
    assert asked == []
    assert not cal.is_working_day(date(2026, 3, 2))  # Monday
    assert not cal.is_working_day(date(2027, 3, 2))  # Tuesday
    assert cal.working_days_between(date(2026, 1, 1), date(2027, 12, 31)) == 521 - 2
    assert cal.add_working_days(date(2026, 2, 27), 1) == date(2026, 3, 3)
    assert sorted(asked) == [2026, 2027]


# --- custom calendars ---


def test_custom_calendar_from_explicit_dates() -> None:
    cal = WorkCalendar([date(2026, 1, 6), date(2026, 1, 10)])  # a Tuesday, a Saturday
    assert not cal.is_working_day(date(2026, 1, 6))
    assert cal.is_working_day(date(2026, 4, 3))  # Good Friday means nothing here
    assert cal.add_working_days(date(2026, 1, 5), 1) == date(2026, 1, 7)
    assert cal.add_working_days(date(2026, 1, 2), 5) == date(2026, 1, 12)
    assert cal.working_days_between(date(2026, 1, 4), date(2026, 1, 11)) == 4
    assert cal.subtract_working_days(date(2026, 1, 7), 1) == date(2026, 1, 5)


def test_empty_calendar_counts_weekdays() -> None:
    cal = WorkCalendar()
    assert cal.working_days_between(date(2026, 1, 1), date(2026, 12, 31)) == 260
    assert cal.add_working_days(date(2026, 1, 1), 260) == date(2026, 12, 31)


# --- working_days_between ---


def test_between_empty_or_reversed(dk: WorkCalendar) -> None:
    assert dk.working_days_between(date(2026, 1, 12), date(2026, 1, 12)) == 0
    assert dk.working_days_between(date(2026, 1, 13), date(2026, 1, 12)) == 0
    assert dk.working_days_between(date(2026, 1, 9), date(2026, 1, 11)) == 0  # Fri -> Sun
    assert dk.working_days_between(date(2026, 1, 9), date(2026, 1, 12)) == 1  # Fri -> Mon


def test_between_matches_brute_force(dk: WorkCalendar) -> None:
    anchor = date(2026, 3, 20)
    for offset in range(0, 60):
        start = anchor + timedelta(days=offset)
        for length in (0, 1, 2, 3, 6, 7, 8, 13, 30, 45):
            end = start + timedelta(days=length)
            assert dk.working_days_between(start, end) == brute_between(dk, start, end)


def test_between_over_many_years(dk: WorkCalendar) -> None:
    start, end = date(2019, 12, 15), date(2031, 1, 10)
    assert dk.working_days_between(start, end) == brute_between(dk, start, end)


def test_add_matches_brute_force_and_between(dk: WorkCalendar) -> None:
    for start in days(date(2026, 11, 20), date(2027, 1, 10)):
        for n in range(0, 25):
            due = dk.add_working_days(start, n)
            assert due == brute_add(dk, start, n)
            if n:
                assert dk.working_days_between(start, due) == n
                assert dk.subtract_working_days(due, n) <= start


def test_subtract_working_days(dk: WorkCalendar) -> None:
    assert dk.subtract_working_days(date(2026, 4, 7), 1) == date(2026, 4, 1)
    assert dk.subtract_working_days(date(2027, 1, 4), 4) == date(2026, 12, 23)
    assert dk.subtract_working_days(date(2026, 12, 26), 0) == date(2026, 12, 23)
    assert dk.subtract_working_days(date(2026, 12, 23), 0) == date(2026, 12, 23)


# --- last_on_time_start ---


def test_last_on_time_start_by_hand(dk: WorkCalendar) -> None:
    # Tuesday after Easter, two working days: 31 March -> 1 and 7 April is on time.
    assert dk.last_on_time_start(date(2026, 4, 7), 2) == date(2026, 3, 31)
    # Boxing Day (Saturday): the first open day is Monday 28 December.
    assert dk.last_on_time_start(date(2026, 12, 26), 1) == date(2026, 12, 23)
    # n == 0: started on Christmas Eve, due the next working day (28 December).
    assert dk.last_on_time_start(date(2026, 12, 26), 0) == date(2026, 12, 24)
    assert dk.last_on_time_start(date(2026, 1, 14), 0) == date(2026, 1, 14)
    assert dk.last_on_time_start(date(2026, 1, 12), 0) == date(2026, 1, 10)


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2026, 2, 1), date(2026, 6, 30)),  # Easter, Ascension, Whitsun, 5 June
        (date(2026, 11, 1), date(2027, 2, 28)),  # Christmas and New Year
    ],
)
def test_last_on_time_start_is_exact_cutoff(dk: WorkCalendar, first: date, last: date) -> None:
    window = days(first, last)
    for n in range(0, 7):
        deadlines = {start: dk.add_working_days(start, n) for start in window}
        for today in window:
            cutoff = dk.last_on_time_start(today, n)
            assert dk.add_working_days(cutoff, n) >= today
            assert dk.add_working_days(cutoff - ONE_DAY, n) < today
            for start, deadline in deadlines.items():
                assert (deadline < today) == (start < cutoff), (start, today, n)
