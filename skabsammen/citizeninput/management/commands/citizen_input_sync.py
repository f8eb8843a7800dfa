from django.core.management.base import BaseCommand

from skabsammen.citizeninput.sources import rebuild


class Command(BaseCommand):
    help = "Rebuild the stream of citizen input from every registered source."

    def handle(self, *args, **options):
        for name, count in rebuild().items():
            self.stdout.write(f"{name}: {count}")
