"""Queue the sending again for every campaign whose invitations are still going out.

Run it when task workers start (or after one died): a worker killed mid-campaign leaves
its task marked as running, and nothing would pick the campaign up again. Running it
while a worker still sends is safe: each e-mail is claimed once.
"""

from django.core.management.base import BaseCommand

from skabsammen.outreach.models import Campaign, CampaignStatus
from skabsammen.outreach.services.sending import invitations_resume


class Command(BaseCommand):
    help = "Resume sending the invitations of every campaign that is being sent."

    def handle(self, *args, **options):
        campaigns = list(Campaign.objects.filter(status=CampaignStatus.SENDING))
        for campaign in campaigns:
            invitations_resume(actor=None, campaign=campaign)
        self.stdout.write(f"Resumed {len(campaigns)} campaign(s).")
