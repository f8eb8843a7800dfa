"""Every e-mail the platform sends, stored before a task delivers it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Stands in the stored body where the secret was; invisible separators no one types.
SECRET_MARK = "\u2063[secret]\u2063"  # noqa: S105 (a placeholder, not a password)


class Email(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("to"))
    # Further recipients of the same message, comma-separated: an introduction's details
    # go to both sides in one e-mail.
    cc = models.TextField(_("cc"), blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    # A sign-in link or other secret in the body is stored here, not in `body`, and is
    # emptied once the e-mail is sent (unless the development outbox shows it).
    secret = models.TextField(blank=True)
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    @property
    def readable_body(self) -> str:
        return self.body.replace(SECRET_MARK, self.secret or "[…]")
