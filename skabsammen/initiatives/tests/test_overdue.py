"""Response times in working days, overdue ideas, and the daily reminder."""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from skabsammen.accounts.tests.factories import StaffFactory
from skabsammen.initiatives import services
from skabsammen.initiatives.models import Initiative, Reminder, Status
from skabsammen.initiatives.selectors import response_figures
from skabsammen.mail.models import Email
from skabsammen.municipality.tests.factories import DepartmentFactory

from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


# Maundy Thursday 2 April 2026 to Easter Monday 6 April are public holidays.
WEDNESDAY_BEFORE_EASTER = date(2026, 4, 1)


def overdue_on(today: date) -> set[int]:
    return set(Initiative.objects.overdue(today).values_list("pk", flat=True))


class TestOverdue:
    def test_no_contact_person_within_two_working_days(self):
        idea = InitiativeFactory(submitted_at=at(WEDNESDAY_BEFORE_EASTER))
        # Two working days after Wednesday 1 April are Tuesday 7 and Wednesday 8 April.
        assert idea.pk not in overdue_on(date(2026, 4, 8))
        assert idea.pk in overdue_on(date(2026, 4, 9))

    def test_no_first_reply_within_five_working_days(self, staff):
        idea = InitiativeFactory(submitted_at=at(WEDNESDAY_BEFORE_EASTER), contact_person=staff)
        # 7, 8, 9, 10, 13 April are the five working days.
        assert idea.pk not in overdue_on(date(2026, 4, 13))
        assert idea.pk in overdue_on(date(2026, 4, 14))

    def test_a_next_step_whose_date_has_passed(self):
        idea = InitiativeFactory(
            status=Status.UNDERWAY, next_step="Møde", next_step_due=date(2026, 5, 4)
        )
        assert idea.pk not in overdue_on(date(2026, 5, 4))
        assert idea.pk in overdue_on(date(2026, 5, 5))

    @pytest.mark.parametrize(
        "status", [Status.PAUSED, Status.WITHDRAWN, Status.REALISED, Status.DECLINED]
    )
    def test_ideas_that_are_not_open_are_never_overdue(self, status):
        idea = InitiativeFactory(status=status, next_step_due=date(2026, 1, 5), next_step="x")
        assert idea.pk not in overdue_on(date(2026, 6, 1))

    def test_a_reply_in_time_is_not_overdue(self, staff):
        idea = InitiativeFactory(
            submitted_at=at(WEDNESDAY_BEFORE_EASTER),
            contact_person=staff,
            status=Status.IN_DIALOGUE,
            first_reply_at=at(date(2026, 4, 7)),
            next_step="Møde",
            next_step_due=date(2026, 6, 1),
        )
        assert idea.pk not in overdue_on(date(2026, 5, 1))


class TestReminders:
    def test_each_contact_person_gets_one_reminder_a_day_however_often_it_runs(self, time_machine):
        time_machine.move_to(at(date(2026, 5, 5), 7), tick=False)
        contact = StaffFactory()
        first = InitiativeFactory(
            status=Status.UNDERWAY,
            contact_person=contact,
            next_step="Møde",
            next_step_due=date(2026, 5, 1),
        )
        second = InitiativeFactory(
            status=Status.TRIAL,
            contact_person=contact,
            next_step="Test",
            next_step_due=date(2026, 5, 4),
        )
        InitiativeFactory(
            status=Status.TRIAL,
            contact_person=contact,
            next_step="Senere",
            next_step_due=date(2026, 6, 4),
        )

        assert services.reminders_send() == 1
        assert services.reminders_send() == 0
        call_command("send_reminders", stdout=StringIO())

        reminder = Email.objects.get(to=contact.email)
        assert first.title in reminder.body and second.title in reminder.body
        assert "Senere" not in reminder.body
        assert Reminder.objects.count() == 1

        time_machine.move_to(at(date(2026, 5, 6), 7), tick=False)
        assert services.reminders_send() == 1  # a new day, a new reminder

    def test_intake_staff_are_reminded_of_ideas_without_a_contact_person(self, time_machine):
        time_machine.move_to(at(date(2026, 5, 11), 7), tick=False)
        intake = StaffFactory(department=DepartmentFactory(handles_intake=True))
        waiting = InitiativeFactory(submitted_at=at(date(2026, 5, 4)))
        services.reminders_send()
        assert waiting.title in Email.objects.get(to=intake.email, kind="reminder_unassigned").body


def test_response_figures_count_working_days_and_the_target(time_machine, staff):
    time_machine.move_to(at(date(2026, 4, 30)), tick=False)
    # Replied the next working day after Easter: 1 working day.
    InitiativeFactory(
        submitted_at=at(WEDNESDAY_BEFORE_EASTER),
        first_reply_at=at(date(2026, 4, 7)),
        contact_person=staff,
        status=Status.IN_DIALOGUE,
    )
    # Replied after 7 working days: late.
    InitiativeFactory(
        submitted_at=at(date(2026, 4, 8)),
        first_reply_at=at(date(2026, 4, 17)),
        contact_person=staff,
        status=Status.IN_DIALOGUE,
    )
    # No reply yet, target passed: counts as not within target.
    InitiativeFactory(submitted_at=at(date(2026, 4, 13)))
    # No reply yet, target not passed: not counted either way.
    InitiativeFactory(submitted_at=at(date(2026, 4, 29)))
    april = next(m for m in response_figures(months=2) if m.month == date(2026, 4, 1))
    assert april.submitted == 4
    assert april.replied == 2
    assert april.median_days == 4  # median of 1 and 7
    assert april.within_target == 1
    assert april.share_within_target == pytest.approx(1 / 3)


def test_reminders_are_queued_daily_by_a_task(time_machine):
    from skabsammen.initiatives.tasks import reminders_send_daily

    time_machine.move_to(at(date(2026, 5, 5), 7), tick=False)
    contact = StaffFactory()
    InitiativeFactory(
        status=Status.UNDERWAY,
        contact_person=contact,
        next_step="x",
        next_step_due=date(2026, 5, 1),
    )
    result = reminders_send_daily.enqueue()
    assert result.return_value == 1
    assert Email.objects.filter(to=contact.email).exists()


def test_the_figures_cover_exactly_twelve_calendar_months(time_machine):
    time_machine.move_to(at(date(2025, 7, 15)), tick=False)
    months = [figure.month for figure in response_figures(months=12)]
    assert months[0] == date(2024, 8, 1) and months[-1] == date(2025, 7, 1)
    assert len(months) == len(set(months)) == 12


def test_ideas_whose_contact_person_has_left_are_reminded_to_intake(time_machine):
    time_machine.move_to(at(date(2026, 5, 5), 7), tick=False)
    intake = StaffFactory(department=DepartmentFactory(handles_intake=True))
    gone = StaffFactory(is_active=False)
    idea = InitiativeFactory(
        status=Status.UNDERWAY, contact_person=gone, next_step="x", next_step_due=date(2026, 5, 1)
    )
    services.reminders_send()
    assert idea.title in Email.objects.get(to=intake.email).body
    assert not Email.objects.filter(to=gone.email).exists()
