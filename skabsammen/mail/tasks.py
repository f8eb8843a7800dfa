from django_tasks import task

from .services import email_deliver_now


@task()
def email_deliver(email_id: int) -> bool:
    return email_deliver_now(email_id=email_id)
