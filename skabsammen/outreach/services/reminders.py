"""Reminders to the invited who have not answered, once each, `remind_after_days` after
their invitation went out.

E-mail invitations are reminded by e-mail, daily by a task (and `manage.py
send_outreach_reminders`). Letters cannot be sent from here: the secretariat takes the
due letters as a CSV file for its Digital Post system, and taking them records them as
reminded, so that no one gets two reminders.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from skabsammen.audit.services import audit_record
from skabsammen.common.permissions import require
from skabsammen.mail.services import email_queue

from ..models import Campaign, Channel, Invitation, InvitationStatus
from .answers import ANSWERING


def campaigns_taking_answers() -> QuerySet[Campaign]:
    today = timezone.localdate()
    return Campaign.objects.filter(status__in=ANSWERING).exclude(answer_until__lt=today)


def reminders_due(campaign: Campaign, *, channel: str, now=None) -> QuerySet[Invitation]:
    """The invitations of `channel` to remind now: sent long enough ago, not answered,
    not reminded."""
    if not campaign.remind_after_days:  # 0: the campaign sends no reminders
        return Invitation.objects.none()
    cutoff = (now or timezone.now()) - timedelta(days=campaign.remind_after_days)
    return campaign.invitations.filter(
        channel=channel,
        status=InvitationStatus.SENT,
        sent_at__lte=cutoff,
        answered_at__isnull=True,
        reminded_at__isnull=True,
    )


def _remind_by_email(invitation: Invitation, campaign: Campaign, now) -> bool:
    """Record the reminder and queue its e-mail in one transaction; False if another
    run got there first or there is no address."""
    email = invitation.person.email if invitation.person else ""
    if not email or not invitation.token:
        return False
    with transaction.atomic():
        # Lock the campaign as closing does, so that no reminder (nor its copy naming
        # the address) is made after the campaign has closed.
        open_now = campaigns_taking_answers().select_for_update().filter(pk=campaign.pk)
        if not list(open_now.values_list("pk", flat=True)):
            return False
        claimed = Invitation.objects.filter(
            pk=invitation.pk, reminded_at__isnull=True, answered_at__isnull=True
        ).update(reminded_at=now)
        if not claimed:
            return False
        url = settings.SITE_URL + reverse("answers:token", args=[invitation.token])
        # The link is the secret: the stored e-mail keeps a placeholder instead.
        email_queue(
            to=email,
            kind="outreach_reminder",
            context={"campaign": campaign, "url": url},
            secret=url,
        )
    return True


def reminders_send(*, actor=None, campaign: Campaign | None = None, now=None) -> int:
    """Send the e-mail reminders that are due; return how many. Safe to run twice.

    `actor` is the secretary who asked from the page; the daily task has none.
    """
    if actor is not None:
        require("outreach.manage", actor)
    now = now or timezone.now()
    campaigns = campaigns_taking_answers()
    if campaign is not None:
        campaigns = campaigns.filter(pk=campaign.pk)
    total = 0
    for each in campaigns:
        due = reminders_due(each, channel=Channel.EMAIL, now=now).select_related("person")
        sent = sum(_remind_by_email(invitation, each, now) for invitation in due.iterator())
        if sent:
            audit_record(actor=actor, action="outreach.remind", obj=each, reminded=sent)
        total += sent
    return total


@transaction.atomic
def reminder_letters_take(*, actor, campaign: Campaign) -> list[Invitation]:
    """Record the due letter reminders as sent and return them, with the register rows,
    for the CSV file the secretariat sends by Digital Post."""
    require("outreach.manage", actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaigns_taking_answers().filter(pk=campaign.pk).exists():
        return []
    now = timezone.now()
    due = list(
        reminders_due(campaign, channel=Channel.LETTER, now=now)
        .select_for_update(of=("self",))
        .select_related("person")
    )
    Invitation.objects.filter(pk__in=[i.pk for i in due]).update(reminded_at=now)
    if due:
        audit_record(actor=actor, action="outreach.remind_letters", obj=campaign, reminded=len(due))
    return due
