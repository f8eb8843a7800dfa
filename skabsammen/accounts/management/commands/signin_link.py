from django.core.management.base import BaseCommand, CommandError

from skabsammen.accounts.models import User, normalize_email
from skabsammen.accounts.services import sign_in_link_create, sign_in_link_url


class Command(BaseCommand):
    help = "Print a single-use sign-in link for an existing user (for demos and support)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        email = normalize_email(email)
        if not User.objects.filter(email=email, is_active=True).exists():
            raise CommandError(f"No active user has the e-mail address {email}.")
        _, token = sign_in_link_create(email=email, limited=False)
        self.stdout.write(sign_in_link_url(token))
