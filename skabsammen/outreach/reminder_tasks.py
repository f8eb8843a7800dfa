"""The daily reminder task, queued by `manage.py serve` (kept apart from tasks.py, which
holds the sending tasks)."""

from django_tasks import task

from .services.reminders import reminders_send


@task()
def outreach_reminders_send_daily() -> int:
    return reminders_send()
