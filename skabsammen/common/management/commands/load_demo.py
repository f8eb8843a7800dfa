from django.core.management.base import BaseCommand
from django.db import transaction

from skabsammen.committees import demo as committees_demo
from skabsammen.committees.models import Body
from skabsammen.initiatives import demo as initiatives_demo
from skabsammen.initiatives.models import Initiative
from skabsammen.mail.services import muted
from skabsammen.municipality import demo as municipality_demo


class Command(BaseCommand):
    help = (
        "Load the Gentofte demo: departments, staff, citizens, ideas, committees and "
        "meetings. Each part is skipped if it is already loaded."
    )

    def handle(self, *args, **options):
        if Initiative.objects.exists() and Body.objects.exists():
            self.stdout.write("The demo data is already loaded.")
            return
        with transaction.atomic(), muted():
            people = municipality_demo.load()
            if not Initiative.objects.exists():
                count = initiatives_demo.load(people)
                self.stdout.write(self.style.SUCCESS(f"Loaded the Gentofte demo: {count} ideas."))
            if not Body.objects.exists():
                count = committees_demo.load(people)
                self.stdout.write(self.style.SUCCESS(f"Loaded the committees: {count} meetings."))
