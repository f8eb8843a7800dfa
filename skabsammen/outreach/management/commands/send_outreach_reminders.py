from django.core.management.base import BaseCommand

from skabsammen.outreach.services.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Remind the invited who have not answered a personal invitation by e-mail "
        "(run daily; running twice sends nothing twice)."
    )

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"Outreach reminders sent: {sent}")
