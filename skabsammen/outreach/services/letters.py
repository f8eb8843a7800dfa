"""Letters for the people drawn who have no e-mail address: a PDF to print or check,
and a CSV for the municipality's Digital Post bulk upload.

The CSV carries the pseudonymous id, never a CPR number: the municipality maps the id to
the CPR number in its own Digital Post system. Only the secretariat takes them, and each
download is audit-logged.
"""

import csv
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common.permissions import require

from ..models import Campaign, CampaignStatus, Channel, Invitation
from .sample import format_code
from .sending import answer_url, code_address

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


def _letters(campaign: Campaign) -> list[dict]:
    if campaign.status in (CampaignStatus.DRAFT, CampaignStatus.CLOSED):
        raise ValidationError(
            _("There are no letters: the sample has not been drawn, or the campaign is closed."),
            code="no_letters",
        )
    invitations = (
        campaign.invitations.filter(channel=Channel.LETTER, person__isnull=False)
        .select_related("person")
        .order_by("person__postcode", "person__address", "pk")
    )
    return [letter(invitation) for invitation in invitations]


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


@transaction.atomic
def letters_pdf(*, actor, campaign: Campaign) -> tuple[str, bytes]:
    """Return the file name and a PDF with one A4 page per letter."""
    from weasyprint import HTML  # imported here: it loads Pango, which takes a moment

    require("outreach.manage", actor)
    letters = _letters(campaign)
    if not letters:
        raise ValidationError(
            _("Everyone drawn has an e-mail address: there are no letters."), "none"
        )
    pdf = HTML(string=render_letters_html(campaign, letters)).write_pdf()
    audit_record(actor=actor, action="outreach.letters_pdf", obj=campaign, letters=len(letters))
    return _filename(campaign, "pdf"), pdf
