"""Background work for personal invitations: thin wrappers around the services."""

from django_tasks import task

from .services.letters import letters_pdf_make as make_letters_pdf
from .services.reminders import reminders_send
from .services.sending import invitations_send_emails as send_emails
from .services.sending import invitations_watch as watch


@task()
def invitations_send_emails(campaign_id: int) -> int:
    return send_emails(campaign_id=campaign_id)


@task()
def invitations_watch(campaign_id: int) -> str:
    return watch(campaign_id=campaign_id)


@task()
def outreach_reminders_send_daily() -> int:
    """The daily e-mail reminders, queued by `manage.py serve`."""
    return reminders_send()


@task()
def letters_pdf_make(campaign_id: int) -> str:
    return make_letters_pdf(campaign_id=campaign_id)
