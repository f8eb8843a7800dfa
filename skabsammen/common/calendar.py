"""The municipality's working-day calendar, built once from settings."""

from functools import cache

from django.conf import settings

from skabsammen.workdays import WorkCalendar


@cache
def _calendar(extra_closed: tuple[str, ...]) -> WorkCalendar:
    return WorkCalendar.danish(extra_closed=extra_closed)


def work_calendar() -> WorkCalendar:
    return _calendar(tuple(settings.WORKDAYS_EXTRA_CLOSED))
