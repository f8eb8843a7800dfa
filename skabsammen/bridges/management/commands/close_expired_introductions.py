from django.core.management.base import BaseCommand

from skabsammen.bridges.services.introductions import introductions_close_expired


class Command(BaseCommand):
    help = (
        "Close the introductions nobody answered in time, and tell the side that had said "
        "yes (run daily; running twice closes nothing twice)."
    )

    def handle(self, *args, **options):
        closed = introductions_close_expired()
        self.stdout.write(f"Introductions closed for want of an answer: {closed}")
