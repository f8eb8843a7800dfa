from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from skabsammen.accounts.models import User
from skabsammen.committees.models import Body
from skabsammen.committees.selectors import import_report_lines
from skabsammen.committees.services import meeting_import


class Command(BaseCommand):
    help = (
        "Read published minutes or an agenda (Gentofte or FirstAgenda layout; PDF, HTML or "
        "text) into a meeting, all or nothing, and print what was read and not understood."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--body", default="", help="the body's address (slug), if not read")
        parser.add_argument("--as", dest="actor", default="", help="secretariat e-mail to audit")

    def handle(self, *args, file: Path, body: str, actor: str, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        chosen = None
        if body and (chosen := Body.objects.filter(slug=body).first()) is None:
            raise CommandError(f"No body has the address {body!r}.")
        user = None
        if actor and (user := User.objects.filter(email__iexact=actor).first()) is None:
            raise CommandError(f"No user has the e-mail address {actor!r}.")
        try:
            meeting = meeting_import(actor=user, data=data, filename=file.name, body=chosen)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except PermissionDenied as error:
            raise CommandError(f"{actor} may not import minutes (secretariat only).") from error
        for line in import_report_lines(meeting):
            self.stdout.write(line)
