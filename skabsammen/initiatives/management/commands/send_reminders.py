from django.core.management.base import BaseCommand

from skabsammen.initiatives.services import reminders_send


class Command(BaseCommand):
    help = "Remind contact persons of overdue ideas (run daily; running twice sends nothing twice)."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"Reminders sent: {sent}")
