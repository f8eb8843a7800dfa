import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from skabsammen.mail.models import Email
from skabsammen.mail.services import email_deliver_now, email_queue, email_requeue_failed, muted
from skabsammen.mail.tasks import email_deliver

pytestmark = pytest.mark.django_db


def queue_sign_in(to="anna@example.dk") -> Email:
    return email_queue(
        to=to, kind="sign_in", context={"url": "http://testserver/x/", "minutes": 15, "known": True}
    )


def test_an_email_is_delivered_by_a_task_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_sign_in()
        assert len(mail.outbox) == 0  # nothing leaves before the transaction commits
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.dk"]
    email.refresh_from_db()
    assert email.status == Email.Status.SENT and email.sent_at is not None


def test_running_the_task_twice_sends_once():
    email = queue_sign_in()
    assert email_deliver.call(email.pk) is True
    assert email_deliver.call(email.pk) is False
    assert len(mail.outbox) == 1


def test_a_crash_after_claiming_never_sends_twice():
    email = queue_sign_in()
    Email.objects.filter(pk=email.pk).update(status=Email.Status.SENDING)  # worker died mid-send
    assert email_deliver_now(email_id=email.pk) is False
    assert len(mail.outbox) == 0


def test_a_failed_delivery_is_recorded_and_can_be_queued_again(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    email = queue_sign_in()
    with pytest.raises(OSError):
        email_deliver_now(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == Email.Status.FAILED and email.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_requeue_failed() == 1
    assert email_deliver_now(email_id=email.pk) is True
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)  # the worker closes its database connections
def test_the_database_worker_delivers_queued_email(settings):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queue_sign_in()  # commits at once: no transaction around this test
    assert len(mail.outbox) == 0
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 1
    assert Email.objects.get().status == Email.Status.SENT


def test_muted_queues_nothing():
    with muted():
        assert queue_sign_in() is None
    assert not Email.objects.exists()


def test_the_email_is_written_in_the_recipients_language():
    email_queue(
        to="a@example.dk",
        kind="sign_in",
        language="en",
        context={"url": "u", "minutes": 15, "known": True},
    )
    email_queue(
        to="b@example.dk",
        kind="sign_in",
        language="da",
        context={"url": "u", "minutes": 15, "known": True},
    )
    assert Email.objects.get(to="a@example.dk").body.startswith("Hello")
    assert Email.objects.get(to="b@example.dk").body.startswith("Hej")


class TestOutboxPage:
    def test_staff_read_every_email_in_development(self, settings, client_for, staff):
        settings.EMAIL_OUTBOX = True
        email = queue_sign_in()
        client = client_for(staff)
        listing = client.get(reverse("mail:outbox"))
        assert listing.status_code == 200
        assert "anna@example.dk" in listing.content.decode()
        detail = client.get(reverse("mail:outbox_detail", args=[email.pk]))
        assert "http://testserver/x/" in detail.content.decode()

    def test_citizens_and_anonymous_users_cannot(self, settings, client, client_for, citizen):
        settings.EMAIL_OUTBOX = True
        assert client_for(citizen).get(reverse("mail:outbox")).status_code == 403
        response = client.get(reverse("mail:outbox"))
        assert response.status_code == 302 and "/konto/log-ind/" in response["Location"]

    def test_the_page_does_not_exist_in_production(self, settings, client_for, staff):
        settings.EMAIL_OUTBOX = False
        assert client_for(staff).get(reverse("mail:outbox")).status_code == 404


def test_transaction_rollback_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                queue_sign_in()
                raise RuntimeError("the service failed")
        except RuntimeError:
            pass
    assert len(mail.outbox) == 0 and not Email.objects.exists()
