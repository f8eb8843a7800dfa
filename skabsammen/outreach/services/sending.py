"""Send the invitations: e-mails by a background task, letters handed to Digital Post.

How no invitation is lost or sent twice when a worker dies:

1. Each e-mail invitation is claimed (pending → sending, with the time) in its own
   committed UPDATE that only succeeds if it is still pending, so two workers never
   claim the same one.
2. The message is handed to the SMTP server; when the server has accepted it, the
   invitation is marked sent in another committed UPDATE.
3. A claim older than ``OUTREACH_SEND_LEASE_SECONDS`` belongs to a worker that died
   (the SMTP connection's timeout is shorter than the lease, so a living worker is
   done with it by then): the next run puts it back to pending and sends it. A run
   that finds only such young claims left schedules itself for when they expire.

The one window left is between the SMTP server's "250 accepted" and the UPDATE in
step 2: a worker killed exactly there has delivered the message but not recorded it,
so it is sent again. Both copies carry the same Message-ID (one per invitation), by
which a receiving system can drop the second. No protocol can close that window
without the SMTP server's help; it is a few milliseconds per message.

A worker that dies leaves its task "running" in the task table, and no worker would
pick the campaign up again. So sending starts a watchdog task too, which looks once per
lease: if nothing has moved for a whole lease, it takes the sending over (and queues
the next look before it does). With a worker running, a campaign whose worker died goes
on by itself within about two leases. The campaign page shows that sending has stopped,
with a button to resume at once; ``manage.py outreach_resume_sending`` does the same for
every campaign.

An address the SMTP server refuses for good (5xx, e.g. no such mailbox) gets a letter
instead: the invitation becomes a letter with the same code and link, and shows in the
letters' PDF and CSV. One it refuses for now (4xx) goes back to pending and is tried on
the next run, as after a lost connection; the rest of the run goes on without it.

A worker asked to stop (SIGTERM, Ctrl-C) finishes its current chunk of sending
(``OUTREACH_SEND_CHUNK_SECONDS``), which queued its continuation, and the next worker
goes on: a graceful restart neither loses nor doubles anything.
"""

import re
import smtplib
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, DateTimeField, F, Max, Q, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from skabsammen.audit.models import AuditEvent
from skabsammen.audit.services import audit_record
from skabsammen.common.permissions import require

from ..models import Campaign, CampaignStatus, Channel, Invitation, InvitationStatus
from .sample import format_code

SMTP_TIMEOUT_SECONDS = 30


def lease() -> timedelta:
    return timedelta(seconds=settings.OUTREACH_SEND_LEASE_SECONDS)


def message_id(invitation: Invitation) -> str:
    """The same Message-ID every time this invitation is sent."""
    domain = urlsplit(settings.SITE_URL).hostname or "skabsammen.invalid"
    return f"<outreach-{invitation.campaign_id}-{invitation.pk}@{domain}>"


def answer_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("answers:token", args=[invitation.token])


def code_address() -> str:
    """Where a letter's code is typed in."""
    return settings.SITE_URL + reverse("answers:code")


def invitation_context(campaign: Campaign, invitation: Invitation) -> dict:
    return {
        "campaign": campaign,
        "name": invitation.person.name if invitation.person else "",
        "link": answer_url(invitation),
        "code": format_code(invitation.code),
        "code_address": code_address(),
        "deadline": date_format(campaign.answer_until, "j. F Y") if campaign.answer_until else "",
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "CONTACT_EMAIL": settings.MUNICIPALITY_CONTACT_EMAIL,
        "SITE_URL": settings.SITE_URL,
    }


def invitation_email(campaign: Campaign, invitation: Invitation, connection=None) -> EmailMessage:
    context = invitation_context(campaign, invitation)
    subject = " ".join(render_to_string("mail/outreach_invitation_subject.txt", context).split())
    body = render_to_string("mail/outreach_invitation_body.txt", context).strip() + "\n"
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.person.email],
        connection=connection,
        headers={"Message-ID": message_id(invitation)},
    )


# Starting ------------------------------------------------------------------------------


def _refusal(campaign: Campaign) -> ValidationError | None:
    if campaign.status == CampaignStatus.DRAFT:
        return ValidationError(_("Draw the sample before sending the invitations."), "not_drawn")
    if campaign.status == CampaignStatus.SENDING:
        return ValidationError(
            _("The invitations are being sent now. Nobody is invited twice."), "sending"
        )
    if campaign.status in (CampaignStatus.SENT, CampaignStatus.CLOSED):
        return ValidationError(
            _("The invitations have already been sent. Nobody is invited twice."), "sent"
        )
    if not campaign.answer_until or campaign.answer_until < timezone.localdate():
        return ValidationError(
            _(
                "Set an answer-by date that has not passed before sending: "
                "the invitation states it."
            ),
            "deadline",
        )
    return None


@transaction.atomic
def invitations_send(*, actor, campaign: Campaign) -> Campaign:
    """Send the campaign's invitations once: e-mails by a task, letters marked as handed
    to Digital Post (the secretariat downloads them from the campaign page)."""
    require("outreach.manage", actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if refusal := _refusal(campaign):
        raise refusal
    now = timezone.now()
    letters = campaign.invitations.filter(
        channel=Channel.LETTER, status=InvitationStatus.PENDING
    ).update(status=InvitationStatus.SENT, sent_at=now)
    emails = campaign.invitations.filter(
        channel=Channel.EMAIL, status=InvitationStatus.PENDING
    ).count()
    if emails:
        campaign.status = CampaignStatus.SENDING
        from ..tasks import invitations_send_emails

        transaction.on_commit(lambda: invitations_send_emails.enqueue(campaign.pk))
        transaction.on_commit(lambda: _watch_later(campaign.pk))
    else:
        campaign.status, campaign.sent_at = CampaignStatus.SENT, now
    campaign.save(update_fields=["status", "sent_at"])
    audit_record(
        actor=actor,
        action="outreach.invitations_send",
        obj=campaign,
        emails=emails,
        letters=letters,
    )
    return campaign


@transaction.atomic
def invitations_resume(*, actor, campaign: Campaign) -> Campaign:
    """Queue the sending again after a worker died; safe while another still runs."""
    if actor is not None:
        require("outreach.manage", actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.SENDING:
        raise ValidationError(
            _("The invitations are not being sent, so there is nothing to resume."), "not_sending"
        )
    from ..tasks import invitations_send_emails

    transaction.on_commit(lambda: invitations_send_emails.enqueue(campaign.pk))
    audit_record(actor=actor, action="outreach.invitations_resume", obj=campaign)
    return campaign


# The task's work -----------------------------------------------------------------------


def _release_abandoned(campaign_id: int) -> int:
    """Put back to pending the claims of workers that died."""
    return Invitation.objects.filter(
        campaign_id=campaign_id,
        status=InvitationStatus.SENDING,
        claimed_at__lt=timezone.now() - lease(),
    ).update(status=InvitationStatus.PENDING, claimed_at=None)


def _claim(invitation: Invitation) -> bool:
    return bool(
        Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING).update(
            status=InvitationStatus.SENDING, claimed_at=timezone.now()
        )
    )


def _mark_sent(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.SENDING).update(
        status=InvitationStatus.SENT, sent_at=timezone.now(), error=""
    )


def _refusal_reason(error: smtplib.SMTPRecipientsRefused) -> str:
    """The SMTP server's code and reply, e.g. "550 No such user"."""
    reasons = []
    for address, (code, reply) in error.recipients.items():
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        text = re.sub(re.escape(address), "…", text, flags=re.IGNORECASE)
        reasons.append(f"{code} {text}")
    return "; ".join(reasons)[:1000]


def _refused_for_good(error: smtplib.SMTPRecipientsRefused) -> bool:
    return bool(error.recipients) and all(
        500 <= code < 600 for code, _reply in error.recipients.values()
    )


def _fall_back_to_letter(invitation: Invitation, reason: str) -> None:
    """The address does not exist: send a letter instead, with the same code and link.

    Marked sent, as the letters are when the campaign is sent: it is in the letters'
    PDF and CSV from now on, and its reminder is a letter too."""
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.SENDING).update(
        channel=Channel.LETTER,
        status=InvitationStatus.SENT,
        sent_at=now,
        fell_back_at=now,
        claimed_at=None,
        error=reason,
    )


def _deferred_too_long(invitation: Invitation) -> bool:
    return invitation.deferred_at is not None and timezone.now() - invitation.deferred_at >= (
        timedelta(hours=settings.OUTREACH_DEFER_HOURS)
    )


def _defer(invitation: Invitation, reason: str) -> None:
    """Refused for now: back to pending, remembering since when it has been refused."""
    Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.SENDING).update(
        status=InvitationStatus.PENDING,
        claimed_at=None,
        deferred_at=Coalesce(F("deferred_at"), Value(timezone.now(), output_field=DateTimeField())),
        error=reason,
    )


def _release(invitation: Invitation) -> None:
    """Not accepted (or not known to be): back to pending for the next run."""
    Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.SENDING).update(
        status=InvitationStatus.PENDING, claimed_at=None
    )


def _send_batch(campaign: Campaign, batch: list[Invitation], deferred: set[int]) -> int:
    """Send a batch over one SMTP connection; return how many were sent. The ids of the
    invitations refused for now are added to `deferred`."""
    sent = 0
    connection = get_connection(timeout=SMTP_TIMEOUT_SECONDS)
    connection.open()
    try:
        for invitation in batch:
            if not _claim(invitation):
                continue  # another worker has it
            message = invitation_email(campaign, invitation, connection)
            try:
                connection.send_messages([message])
            except smtplib.SMTPRecipientsRefused as error:
                if _refused_for_good(error):
                    # Record why (without the address, which the register holds).
                    _fall_back_to_letter(invitation, _refusal_reason(error))
                elif _deferred_too_long(invitation):
                    _fall_back_to_letter(invitation, _refusal_reason(error))
                else:  # 4xx, e.g. greylisting or a full mailbox: try again next run
                    _defer(invitation, _refusal_reason(error))
                    deferred.add(invitation.pk)
                continue
            except BaseException:
                _release(invitation)
                raise
            _mark_sent(invitation)
            sent += 1
    finally:
        connection.close()
    return sent


def _finish(campaign_id: int) -> bool:
    """Mark the campaign sent when no e-mail is left; else plan the next look."""
    left = Invitation.objects.filter(
        campaign_id=campaign_id,
        channel=Channel.EMAIL,
        status__in=[InvitationStatus.PENDING, InvitationStatus.SENDING],
    ).aggregate(
        pending=Count("pk", filter=Q(status=InvitationStatus.PENDING)),
        claimed=Count("pk", filter=Q(status=InvitationStatus.SENDING)),
        last_claim=Max("claimed_at"),
    )
    if left["pending"]:
        return False
    if left["claimed"]:
        # Claimed by a worker that may have died: look again when the claims expire.
        from ..tasks import invitations_send_emails

        backend = invitations_send_emails.get_backend()
        if backend.supports_defer:
            when = left["last_claim"] + lease() + timedelta(seconds=1)
            invitations_send_emails.using(run_after=when).enqueue(campaign_id)
        return False
    with transaction.atomic():
        done = Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.SENDING).update(
            status=CampaignStatus.SENT, sent_at=timezone.now()
        )
        if done:
            campaign = Campaign.objects.get(pk=campaign_id)
            counts = dict(
                campaign.invitations.filter(channel=Channel.EMAIL)
                .values_list("status")
                .annotate(n=Count("pk"))
            )
            audit_record(actor=None, action="outreach.invitations_sent", obj=campaign, **counts)
    return True


def invitations_send_emails(*, campaign_id: int) -> int:
    """Send the campaign's pending e-mails in batches; return how many this run sent.

    Safe to run twice, at once or after a crash: see the module's docstring. Every
    state change is committed on its own (no transaction around the loop). After
    ``OUTREACH_SEND_CHUNK_SECONDS`` the run queues its own continuation and ends, so a
    worker asked to stop (SIGTERM) stops soon, between two messages, and the next
    worker goes on: nothing lost, nothing doubled.
    """
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None or campaign.status != CampaignStatus.SENDING:
        return 0
    sent = 0
    deferred: set[int] = set()  # refused for now (4xx): left for the next run
    stop_at = time.monotonic() + settings.OUTREACH_SEND_CHUNK_SECONDS
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            _release_abandoned(campaign_id)
            batch = list(
                campaign.invitations.filter(channel=Channel.EMAIL, status=InvitationStatus.PENDING)
                .exclude(pk__in=deferred)
                .select_related("person")
                .order_by("pk")[: settings.OUTREACH_SEND_BATCH]
            )
            if not batch:
                break
            sent += _send_batch(campaign, batch, deferred)
            if time.monotonic() > stop_at:
                from ..tasks import invitations_send_emails as task

                task.enqueue(campaign_id)
                return sent
    _finish(campaign_id)
    return sent


def last_progress(campaign: Campaign):
    """When an e-mail of the campaign was last claimed or sent, or sending (re)started."""
    last = campaign.invitations.filter(channel=Channel.EMAIL).aggregate(
        last_sent=Max("sent_at"), last_claim=Max("claimed_at")
    )
    started = (
        AuditEvent.objects.filter(
            object_type=campaign._meta.label_lower,
            object_id=str(campaign.pk),
            action__in=["outreach.invitations_send", "outreach.invitations_resume"],
        )
        .aggregate(at=Max("created_at"))
        .get("at")
    )
    return max(filter(None, [last["last_sent"], last["last_claim"], started]), default=None)


def _watch_later(campaign_id: int) -> None:
    from ..tasks import invitations_watch

    if invitations_watch.get_backend().supports_defer:
        when = timezone.now() + lease() + timedelta(seconds=1)
        invitations_watch.using(run_after=when).enqueue(campaign_id)


def invitations_watch(*, campaign_id: int) -> str:
    """The watchdog: while the campaign is being sent, look every lease; if nothing has
    moved for a whole lease (the sending worker died), take the sending over.

    It queues its successor before anything else, so a watchdog that dies while
    sending is followed by another; there is only ever one chain of them.
    """
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None or campaign.status != CampaignStatus.SENDING:
        return "done"
    _watch_later(campaign_id)
    latest = last_progress(campaign)
    if latest is not None and latest >= timezone.now() - lease():
        return "alive"
    invitations_send_emails(campaign_id=campaign_id)
    return "took over"


def sending_progress(campaign: Campaign) -> dict:
    """How far the sending has come, for the campaign page; `stalled` when nothing has
    moved for longer than a claim's lease (the worker has died or is not running)."""
    rows = list(
        campaign.invitations.order_by()
        .values_list("channel", "status")
        .annotate(n=Count("pk"), fell_back=Count("pk", filter=Q(fell_back_at__isnull=False)))
    )
    by_channel = {(channel, status): n for channel, status, n, _fell_back in rows}
    emails = {s: by_channel.get((Channel.EMAIL, s), 0) for s in InvitationStatus.values}
    letters = {s: by_channel.get((Channel.LETTER, s), 0) for s in InvitationStatus.values}
    stalled = False
    if campaign.status == CampaignStatus.SENDING and (emails["pending"] or emails["sending"]):
        latest = last_progress(campaign)
        stalled = latest is None or latest < timezone.now() - lease()
    return {
        "emails": emails,
        "letters": letters,
        "email_total": sum(emails.values()),
        "letter_total": sum(letters.values()),
        # E-mails the SMTP server refused for good, now letters.
        "fell_back": sum(row[3] for row in rows),
        "stalled": stalled,
    }
