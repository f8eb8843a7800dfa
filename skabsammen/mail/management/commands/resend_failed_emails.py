from django.core.management.base import BaseCommand
from django.db import transaction

from skabsammen.mail.services import email_requeue_failed


class Command(BaseCommand):
    help = "Queue every e-mail whose delivery failed again (e.g. after a mail-server outage)."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = email_requeue_failed()
        self.stdout.write(f"E-mails queued again: {count}")
