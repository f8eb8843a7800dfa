"""Letters for the people drawn who have no e-mail address (or whose e-mail was refused):
a PDF to print or check, and a CSV for the municipality's Digital Post bulk upload.

The CSV carries the pseudonymous id, never a CPR number: the municipality maps the id to
the CPR number in its own Digital Post system. Only the secretariat takes them, and each
download is audit-logged.

The CSV is made in the request (it is fast). The PDF takes about 20 ms a page, so it is
made by a task (``letters_pdf_request`` → ``letters_pdf_make``) and stored in the default
storage, which is not served: it is downloaded through the secretariat's view only, and
deleted when the campaign closes.
"""

import csv
import io
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common.permissions import require

from ..models import Campaign, CampaignStatus, Channel, Invitation, LettersPdfStatus
from .sample import format_code
from .sending import answer_url, code_address

logger = logging.getLogger(__name__)

CSV_HEADER = ["løbenummer", "navn", "adresse", "postnummer", "by", "kode", "link"]
CSV_KEYS = ["external_id", "name", "address", "postcode", "city", "code", "link"]


def letter(invitation: Invitation) -> dict:
    """What a letter (or a letter reminder) needs: the address and the personal code."""
    person = invitation.person
    return {
        "external_id": person.external_id,
        "name": person.name,
        "address": person.address,
        "postcode": person.postcode,
        "city": person.city,
        "code": format_code(invitation.code),
        "link": answer_url(invitation),
    }


def _letter_invitations(campaign: Campaign):
    if campaign.status in (CampaignStatus.DRAFT, CampaignStatus.CLOSED):
        raise ValidationError(
            _("There are no letters: the sample has not been drawn, or the campaign is closed."),
            code="no_letters",
        )
    return campaign.invitations.filter(channel=Channel.LETTER, person__isnull=False)


def _letters(campaign: Campaign) -> list[dict]:
    invitations = (
        _letter_invitations(campaign)
        .select_related("person")
        .order_by("person__postcode", "person__address", "pk")
    )
    return [letter(invitation) for invitation in invitations]


def _no_letters() -> ValidationError:
    return ValidationError(
        _("Everyone drawn has an e-mail address: there are no letters."), code="none"
    )


def letters_csv_bytes(letters: list[dict]) -> bytes:
    """The Digital Post bulk-upload file: semicolon separated, UTF-8 with BOM for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for each in letters:
        writer.writerow([each[key] for key in CSV_KEYS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _filename(campaign: Campaign, extension: str) -> str:
    return f"breve-{campaign.pk}-{timezone.localdate():%Y-%m-%d}.{extension}"


@transaction.atomic
def letters_csv(*, actor, campaign: Campaign) -> tuple[str, bytes]:
    """Return the file name and the CSV (semicolon separated, UTF-8 with BOM for Excel)."""
    require("outreach.manage", actor)
    letters = _letters(campaign)
    audit_record(actor=actor, action="outreach.letters_csv", obj=campaign, letters=len(letters))
    return _filename(campaign, "csv"), letters_csv_bytes(letters)


def render_letters_html(campaign: Campaign, letters: list[dict]) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "outreach/documents/letters.html",
            {
                "campaign": campaign,
                "letters": letters,
                "municipality": settings.MUNICIPALITY_NAME,
                "contact_email": settings.MUNICIPALITY_CONTACT_EMAIL,
                "code_address": code_address(),
                "deadline": date_format(campaign.answer_until, "j. F Y")
                if campaign.answer_until
                else "",
                "today": timezone.localdate(),
            },
        )


def render_letters_pdf(campaign: Campaign, letters: list[dict]) -> bytes:
    """One A4 page per letter."""
    from weasyprint import HTML  # imported here: it loads Pango, which takes a moment

    return HTML(string=render_letters_html(campaign, letters)).write_pdf()


# The PDF, made by a task -----------------------------------------------------------------


@transaction.atomic
def letters_pdf_request(*, actor, campaign: Campaign) -> Campaign:
    """Have the letters' PDF made (again) by a task; a new PDF replaces the old one."""
    require("outreach.manage", actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    count = _letter_invitations(campaign).count()
    if not count:
        raise _no_letters()
    if campaign.letters_pdf_status == LettersPdfStatus.MAKING and not campaign.letters_pdf_stalled:
        raise ValidationError(
            _("The letters are being made. Wait until they are ready."), code="making"
        )
    campaign.letters_pdf_status = LettersPdfStatus.MAKING
    campaign.letters_pdf_requested_at = timezone.now()
    campaign.letters_pdf_error = ""
    campaign.save(
        update_fields=["letters_pdf_status", "letters_pdf_requested_at", "letters_pdf_error"]
    )
    audit_record(actor=actor, action="outreach.letters_pdf_request", obj=campaign, letters=count)
    from ..tasks import letters_pdf_make as task

    transaction.on_commit(lambda: task.enqueue(campaign.pk))
    return campaign


def letters_pdf_make(*, campaign_id: int) -> str:
    """Render and store the PDF asked for (in a task); record why when it fails.

    Safe to run twice: a run finds the campaign no longer waiting for the request it
    was read for (made meanwhile, asked again, closed) and throws its file away.
    """
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None or campaign.letters_pdf_status != LettersPdfStatus.MAKING:
        return "nothing to do"
    requested_at = campaign.letters_pdf_requested_at
    with translation.override(settings.LANGUAGE_CODE):
        try:
            letters = _letters(campaign)
            if not letters:
                raise _no_letters()
            pdf = render_letters_pdf(campaign, letters)
        except ValidationError as error:
            _fail(campaign_id, requested_at, " ".join(error.messages))
            return "failed"
        except Exception:
            logger.exception("The letters of campaign %s could not be made", campaign_id)
            _fail(
                campaign_id,
                requested_at,
                _("The letters could not be made because of a technical error. Try again."),
            )
            raise
    name = default_storage.save(
        f"outreach/letters/breve-{campaign_id}-{secrets.token_hex(8)}.pdf", ContentFile(pdf)
    )
    try:
        stored = _store(campaign_id, requested_at, name, len(letters))
    except BaseException:
        default_storage.delete(name)
        raise
    if not stored:
        default_storage.delete(name)
        return "superseded"
    return "ready"


def _waiting(campaign_id: int, requested_at) -> Campaign | None:
    """Lock the campaign; return it if it still waits for the PDF asked at `requested_at`."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    if (
        campaign.status == CampaignStatus.CLOSED
        or campaign.letters_pdf_status != LettersPdfStatus.MAKING
        or campaign.letters_pdf_requested_at != requested_at
    ):
        return None
    return campaign


@transaction.atomic
def _store(campaign_id: int, requested_at, name: str, count: int) -> bool:
    campaign = _waiting(campaign_id, requested_at)
    if campaign is None:
        return False
    old = campaign.letters_pdf.name
    campaign.letters_pdf.name = name
    campaign.letters_pdf_status = LettersPdfStatus.READY
    campaign.letters_pdf_at = timezone.now()
    campaign.letters_pdf_count = count
    campaign.save(
        update_fields=["letters_pdf", "letters_pdf_status", "letters_pdf_at", "letters_pdf_count"]
    )
    audit_record(actor=None, action="outreach.letters_pdf_made", obj=campaign, letters=count)
    if old and old != name:
        transaction.on_commit(lambda: default_storage.delete(old))
    return True


@transaction.atomic
def _fail(campaign_id: int, requested_at, message: str) -> None:
    campaign = _waiting(campaign_id, requested_at)
    if campaign is None:
        return
    campaign.letters_pdf_status = LettersPdfStatus.FAILED
    campaign.letters_pdf_error = message
    campaign.save(update_fields=["letters_pdf_status", "letters_pdf_error"])
    audit_record(actor=None, action="outreach.letters_pdf_fail", obj=campaign, error=message)


@transaction.atomic
def letters_pdf(*, actor, campaign: Campaign) -> tuple[str, File]:
    """Return the file name and the stored PDF, opened; each download is logged."""
    require("outreach.manage", actor)
    campaign = Campaign.objects.get(pk=campaign.pk)
    not_made = ValidationError(
        _("The letters have not been made yet: press “Make the letters (PDF)”."), code="not_made"
    )
    if (
        campaign.status == CampaignStatus.CLOSED
        or campaign.letters_pdf_status != LettersPdfStatus.READY
        or not campaign.letters_pdf
    ):
        raise not_made
    try:
        pdf = campaign.letters_pdf.open("rb")
    except FileNotFoundError:  # the storage lost it: make it again
        raise not_made from None
    audit_record(
        actor=actor, action="outreach.letters_pdf", obj=campaign, letters=campaign.letters_pdf_count
    )
    made = timezone.localdate(campaign.letters_pdf_at)
    return f"breve-{campaign.pk}-{made:%Y-%m-%d}.pdf", pdf


def letters_pdf_delete(campaign: Campaign) -> bool:
    """Delete the stored PDF (it names people) and forget it; the caller saves."""
    name = campaign.letters_pdf.name
    if name:
        default_storage.delete(name)
    campaign.letters_pdf.name = ""
    campaign.letters_pdf_status = LettersPdfStatus.NONE
    campaign.letters_pdf_count = 0
    campaign.letters_pdf_error = ""
    return bool(name)


LETTERS_PDF_FIELDS = ["letters_pdf", "letters_pdf_status", "letters_pdf_count", "letters_pdf_error"]
