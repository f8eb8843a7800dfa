"""Create and change a campaign's frame: title, purpose, question, body and dates."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.committees.models import Body
from skabsammen.common.errors import too_long
from skabsammen.common.permissions import require

from ..models import Campaign, CampaignStatus

TITLE_MAX, QUESTION_MAX, PURPOSE_MAX = 200, 300, 3000
REMIND_MAX_DAYS = 60
FIELDS = ["title", "purpose", "question", "body", "answer_until", "remind_after_days"]


def _clean(
    *, title: str, purpose: str, question: str, answer_until: date | None, remind_after_days: int
) -> dict:
    errors = {}
    title, purpose, question = title.strip(), purpose.strip(), question.strip()
    for field, value, limit, label, missing in (
        ("title", title, TITLE_MAX, _("The title"), _("Give the campaign a title.")),
        (
            "purpose",
            purpose,
            PURPOSE_MAX,
            _("The purpose"),
            _("Say why you invite people: the invitation quotes it."),
        ),
        ("question", question, QUESTION_MAX, _("The question"), _("Write the question to ask.")),
    ):
        if not value:
            errors[field] = ValidationError(missing, "required")
        elif len(value) > limit:
            errors[field] = too_long(label, limit)
    if answer_until is not None and answer_until < timezone.localdate():
        errors["answer_until"] = ValidationError(_("The answer-by date has passed."), "past")
    if not 0 <= remind_after_days <= REMIND_MAX_DAYS:
        errors["remind_after_days"] = ValidationError(
            _("Remind after between 0 (no reminder) and %(max)d days.") % {"max": REMIND_MAX_DAYS},
            "remind",
        )
    if errors:
        raise ValidationError(errors)
    return {"title": title, "purpose": purpose, "question": question}


@transaction.atomic
def campaign_create(
    *,
    actor,
    title: str,
    purpose: str,
    question: str,
    body: Body | None = None,
    answer_until: date | None = None,
    remind_after_days: int = 10,
) -> Campaign:
    require("outreach.manage", actor)
    texts = _clean(
        title=title,
        purpose=purpose,
        question=question,
        answer_until=answer_until,
        remind_after_days=remind_after_days,
    )
    campaign = Campaign.objects.create(
        **texts,
        body=body,
        answer_until=answer_until,
        remind_after_days=remind_after_days,
        created_by=actor,
    )
    audit_record(actor=actor, action="outreach.campaign_create", obj=campaign, title=campaign.title)
    return campaign


@transaction.atomic
def campaign_update(
    *,
    actor,
    campaign: Campaign,
    title: str,
    purpose: str,
    question: str,
    body: Body | None = None,
    answer_until: date | None = None,
    remind_after_days: int = 10,
) -> Campaign:
    """Change the frame; the texts the invitations quote are fixed once they are sent."""
    require("outreach.manage", actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("The campaign is closed and can no longer be changed."), "closed")
    texts = _clean(
        title=title,
        purpose=purpose,
        question=question,
        answer_until=answer_until,
        remind_after_days=remind_after_days,
    )
    sent = campaign.status in (CampaignStatus.SENDING, CampaignStatus.SENT)
    if sent and any(getattr(campaign, key) != value for key, value in texts.items()):
        raise ValidationError(
            _(
                "The invitations have been sent, so the title, purpose and question can no "
                "longer be changed: the answers must match what people were asked."
            ),
            "sent",
        )
    changed = {}
    for key, value in {
        **texts,
        "body": body,
        "answer_until": answer_until,
        "remind_after_days": remind_after_days,
    }.items():
        if getattr(campaign, key) != value:
            changed[key] = str(value)
            setattr(campaign, key, value)
    campaign.save(update_fields=FIELDS)
    audit_record(
        actor=actor, action="outreach.campaign_update", obj=campaign, fields=sorted(changed)
    )
    return campaign
