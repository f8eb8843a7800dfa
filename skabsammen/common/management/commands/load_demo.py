from django.core.management.base import BaseCommand
from django.db import transaction

from skabsammen.initiatives import demo as initiatives_demo
from skabsammen.initiatives.models import Initiative
from skabsammen.mail.services import muted
from skabsammen.municipality import demo as municipality_demo


class Command(BaseCommand):
    help = "Load the Gentofte demo: departments, staff, citizens and ideas. Skipped if loaded."

    def handle(self, *args, **options):
        if Initiative.objects.exists():
            self.stdout.write("The demo data is already loaded.")
            return
        with transaction.atomic(), muted():
            people = municipality_demo.load()
            count = initiatives_demo.load(people)
        self.stdout.write(self.style.SUCCESS(f"Loaded the Gentofte demo: {count} ideas."))
