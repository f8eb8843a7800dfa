from django_tasks import task

from . import services


@task()
def reminders_send_daily() -> int:
    return services.reminders_send()
