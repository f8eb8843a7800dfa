"""Closing a campaign: the register extract and everything that names a person go;
the anonymous figures and the answers' texts stay."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.models import AuditEvent
from skabsammen.audit.services import audit_record
from skabsammen.common.permissions import require
from skabsammen.mail.models import Email

from ..models import Answer, Campaign, CampaignStatus
from .letters import LETTERS_PDF_FIELDS, letters_pdf_delete

# The e-mail the campaign sent (invitations, reminders, receipts, the draw's letters)
# are named outreach_*; their copies are deleted with the rest.
EMAIL_KINDS = "outreach"
PANEL_DRAWN = "outreach.panel_draw"
PANEL_PREFIX = "outreach.answer"  # the volunteers' keys in a draw's pool


@dataclass(frozen=True)
class Deletion:
    """What closing deletes, shown on the confirm page."""

    people: int
    invitations: int
    contacts: int
    emails: int
    panel_pending: bool


def _addresses(campaign: Campaign) -> set[str]:
    register = campaign.register.exclude(email="").values_list("email", flat=True)
    answers = campaign.answers.exclude(email="").values_list("email", flat=True)
    return {a.lower() for a in register} | {a.lower() for a in answers}


def _emails(campaign: Campaign):
    return Email.objects.filter(kind__startswith=EMAIL_KINDS, to__in=_addresses(campaign))


def panel_drawn(campaign: Campaign) -> bool:
    return AuditEvent.objects.filter(
        action=PANEL_DRAWN, object_type="outreach.campaign", object_id=str(campaign.pk)
    ).exists()


def panel_pending(campaign: Campaign) -> bool:
    """True when volunteers for the campaign's assembly wait for a draw not yet made."""
    return (
        campaign.body_id is not None
        and campaign.answers.filter(wants_assembly=True).exists()
        and not panel_drawn(campaign)
    )


def closing_preview(campaign: Campaign) -> Deletion:
    return Deletion(
        people=campaign.register.count(),
        invitations=campaign.invitations.exclude(token="", code="").count(),
        contacts=campaign.answers.exclude(name="", email="", phone="").count(),
        emails=_emails(campaign).count(),
        panel_pending=panel_pending(campaign),
    )


def _forget_in_draws(campaign: Campaign) -> int:
    """Blank the volunteers' names and e-mails in the draws' pools; the draws' anonymous
    inputs and results (rows, features, keyed household hashes, who was drawn) stay, so
    that a draw can still be checked."""
    from skabsammen.lotteries.models import DrawEntry

    keys = [f"{PANEL_PREFIX}:{pk}" for pk in campaign.answers.values_list("pk", flat=True)]
    entries = DrawEntry.objects.filter(key__in=keys).exclude(name="", email="")
    return entries.update(name="", email="")


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    """Delete the register extract, the links and codes, the volunteers' contact details
    and the campaign's e-mail copies; keep the figures and the answers' texts."""
    require("outreach.manage", actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("The campaign is already closed."), code="closed")
    if campaign.status == CampaignStatus.SENDING:
        # The sending task reads the register's addresses: let it finish first.
        raise ValidationError(
            _(
                "The invitations are still being sent. Close the campaign when they have "
                "all gone out."
            ),
            code="sending",
        )
    emails = _emails(campaign)
    if emails.filter(status__in=[Email.Status.QUEUED, Email.Status.SENDING]).exists():
        raise ValidationError(
            _("E-mails for this campaign are still being sent. Wait a few minutes and try again."),
            code="sending",
        )
    deleted_emails, _by_model = emails.delete()
    drawn = _forget_in_draws(campaign)
    people, _by_model = campaign.register.all().delete()
    codes = campaign.invitations.exclude(token="", code="").update(token="", code="")
    # A refused e-mail's error may quote the address.
    campaign.invitations.exclude(error="").update(error="")
    contacts = (
        Answer.objects.filter(campaign=campaign)
        .exclude(name="", email="", phone="")
        .update(name="", email="", phone="")
    )
    # The letters' PDF names people. Deleted now, not on commit: should the closing
    # still fail, the file is gone but nothing else is.
    pdf_deleted = letters_pdf_delete(campaign)
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at", *LETTERS_PDF_FIELDS])
    audit_record(
        actor=actor,
        action="outreach.close",
        obj=campaign,
        people_deleted=people,
        codes_deleted=codes,
        contacts_deleted=contacts,
        emails_deleted=deleted_emails,
        draw_entries_blanked=drawn,
        letters_pdf_deleted=pdf_deleted,
    )
    return campaign
