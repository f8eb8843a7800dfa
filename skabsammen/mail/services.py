"""Queue e-mail: store it, then deliver it by a task once the transaction commits."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import SECRET_MARK, Email

_muted: ContextVar[bool] = ContextVar("mail_muted", default=False)


@contextmanager
def muted():
    """Queue no e-mail inside this block: for loading demo data through the services."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def email_queue(
    *,
    to: str,
    cc: list[str] | tuple[str, ...] = (),
    kind: str,
    context: dict | None = None,
    language: str | None = None,
    secret: str = "",
) -> Email | None:
    """Render `mail/<kind>_subject.txt` and `mail/<kind>_body.txt` and queue the e-mail.

    `secret` (a sign-in link in the body) is kept apart from the stored body and
    forgotten once the e-mail has left, so the database holds no working link.
    """
    if _muted.get():
        return None
    context = {
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "SITE_URL": settings.SITE_URL,
        **(context or {}),
    }
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = render_to_string(f"mail/{kind}_subject.txt", context)
        body = render_to_string(f"mail/{kind}_body.txt", context)
    body = body.strip() + "\n"
    if secret:
        body = body.replace(secret, SECRET_MARK)
    email = Email.objects.create(
        to=to,
        cc=", ".join(cc),
        kind=kind,
        subject=" ".join(subject.split())[:200],
        body=body,
        secret=secret,
    )
    from .tasks import email_deliver  # tasks import services; import here to avoid a cycle

    transaction.on_commit(lambda: email_deliver.enqueue(email.pk))
    return email


def email_deliver_now(*, email_id: int) -> bool:
    """Send one queued e-mail; return False if it was already claimed.

    The row is claimed (queued → sending) before the message leaves, so a task that
    runs twice, or a worker that crashed mid-send, never sends the same e-mail twice.
    """
    claimed = Email.objects.filter(pk=email_id, status=Email.Status.QUEUED).update(
        status=Email.Status.SENDING
    )
    if not claimed:
        return False
    email = Email.objects.get(pk=email_id)
    body = email.body.replace(SECRET_MARK, email.secret)
    try:
        cc = [address.strip() for address in email.cc.split(",") if address.strip()]
        EmailMessage(email.subject, body, settings.DEFAULT_FROM_EMAIL, [email.to], cc=cc).send()
    except Exception as error:  # any transport error: record it, keep the row for a resend
        Email.objects.filter(pk=email_id).update(status=Email.Status.FAILED, error=str(error))
        raise
    sent = {"status": Email.Status.SENT, "sent_at": timezone.now()}
    if not settings.EMAIL_OUTBOX:
        sent["secret"] = ""
    Email.objects.filter(pk=email_id).update(**sent)
    return True


def email_requeue_failed() -> int:
    """Queue every failed e-mail again; return how many."""
    ids = list(Email.objects.filter(status=Email.Status.FAILED).values_list("pk", flat=True))
    Email.objects.filter(pk__in=ids).update(status=Email.Status.QUEUED, error="")
    from .tasks import email_deliver

    for email_id in ids:
        transaction.on_commit(lambda email_id=email_id: email_deliver.enqueue(email_id))
    return len(ids)
