from django.core.management.base import BaseCommand
from django.db import transaction

from skabsammen.bridges import demo as bridges_demo
from skabsammen.bridges import demo_introductions as introductions_demo
from skabsammen.bridges.models import Organisation
from skabsammen.bridges.services.vectors import organisation_vectors_update
from skabsammen.committees import demo as committees_demo
from skabsammen.committees.models import Body
from skabsammen.initiatives import demo as initiatives_demo
from skabsammen.initiatives.models import Initiative
from skabsammen.lotteries import demo as lotteries_demo
from skabsammen.mail.services import muted
from skabsammen.municipality import demo as municipality_demo
from skabsammen.outreach import demo as outreach_demo
from skabsammen.outreach.models import Campaign
from skabsammen.policies import demo as policies_demo
from skabsammen.policies.models import Policy
from skabsammen.themes import demo as themes_demo


class Command(BaseCommand):
    help = (
        "Load the Gentofte demo: departments, staff, citizens, ideas, committees and "
        "meetings, a lottery and a campaign of personal invitations. Each part is skipped "
        "if it is already loaded."
    )

    def handle(self, *args, **options):
        if (
            Initiative.objects.exists()
            and Body.objects.filter(name=lotteries_demo.COMMITTEE).exists()
            and Campaign.objects.exists()
            and Policy.objects.exists()
            and Organisation.objects.exists()
        ):
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
            if not Body.objects.filter(name=lotteries_demo.COMMITTEE).exists():
                draw = lotteries_demo.load(people)
                self.stdout.write(self.style.SUCCESS(f"Loaded a lottery: {draw.purpose}."))
            if not Campaign.objects.exists():
                count = outreach_demo.load()
                self.stdout.write(self.style.SUCCESS(f"Loaded outreach: {count} answers."))
            if not Policy.objects.exists():
                count = policies_demo.load(people)
                self.stdout.write(self.style.SUCCESS(f"Loaded policies: {count}."))
            if not Organisation.objects.exists():
                count = bridges_demo.load_directory()
                introductions = introductions_demo.load_introductions()
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Loaded the directory: {count} organisations, "
                        f"{introductions} introductions."
                    )
                )
        # After the commit, when the ideas and answers are in the stream of citizen input.
        if run := themes_demo.load():
            self.stdout.write(self.style.SUCCESS(f"Found themes: {run.k} ({run.status})."))
        # The organisations' vectors, so that suggestions rank them from the first page.
        organisation_vectors_update()
