from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from skabsammen.accounts.models import Role, User, normalize_email
from skabsammen.accounts.services import api_token_create, user_get_or_create, user_set_role
from skabsammen.municipality.models import Department


class Command(BaseCommand):
    help = (
        "Create a personal API token and print it. The user is created if needed; "
        "send the token as 'Authorization: Bearer TOKEN'."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", choices=Role.values, default=Role.CITIZEN)
        parser.add_argument("--name", default="", help="The person's name, for a new user")
        parser.add_argument("--department", default="", help="Department name, for staff")
        parser.add_argument("--token-name", default="", help="What the token is for")

    @transaction.atomic
    def handle(self, *args, email, role, name, department, token_name, **options):
        email = normalize_email(email)
        existing = User.objects.filter(email=email).first()
        if existing and existing.role != role:
            raise CommandError(
                f"{email} already exists with the role {existing.role}; "
                "change the role in the admin site, "
                f"or ask for a token with --role {existing.role}."
            )
        dept = None
        if department:
            dept, _ = Department.objects.get_or_create(name=department)
        elif role == Role.STAFF and not (existing and existing.department_id):
            dept = Department.objects.order_by("pk").first()
            if dept is None:
                raise CommandError("Staff belong to a department: give --department NAME.")
        user = existing or user_get_or_create(email=email, name=name)
        try:
            if user.role != role or dept is not None:
                user_set_role(actor=None, user=user, role=role, department=dept)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(api_token_create(user=user, name=token_name))
