"""Answers to a personal invitation: found by the e-mail's link or the letter's code,
given with no account, one per invitation."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from skabsammen.accounts.services import check_rate_limit
from skabsammen.audit.services import audit_record
from skabsammen.common.errors import INVALID_EMAIL, too_long
from skabsammen.mail.services import email_queue

from ..models import (
    Answer,
    Campaign,
    CampaignStatus,
    CodeAttempt,
    Education,
    Invitation,
)

TEXT_MAX = 4000
# Answers are taken while invitations go out and after they have gone.
ANSWERING = (CampaignStatus.SENDING, CampaignStatus.SENT)


def code_attempts_per_hour() -> int:
    return getattr(settings, "OUTREACH_CODE_ATTEMPTS_PER_HOUR", 20)


def normalize_code(code: str) -> str:
    """The code as stored: capitals, without the spaces and dashes people type."""
    return re.sub(r"[\s\-–—]+", "", code or "").upper()


class AlreadyAnswered(ValidationError):
    def __init__(self):
        super().__init__(_("You have already answered – thank you."), code="answered")


def campaign_refusal(campaign: Campaign) -> ValidationError | None:
    """Why the campaign takes no answers now, or None when it does."""
    if campaign.status == CampaignStatus.CLOSED:
        return ValidationError(
            _(
                "This invitation is closed, so it no longer takes answers. "
                "Thank you for your interest."
            ),
            code="closed",
        )
    if campaign.status not in ANSWERING:
        return ValidationError(_("This invitation does not take answers yet."), code="not_open")
    if campaign.answer_until and timezone.localdate() > campaign.answer_until:
        return ValidationError(
            _("The deadline for answers was %(date)s, so it is no longer possible to answer.")
            % {"date": date_format(campaign.answer_until, "j. F Y")},
            code="deadline",
        )
    return None


def invitation_by_token(token: str) -> Invitation | None:
    if not token:
        return None
    return Invitation.objects.select_related("campaign__body").filter(token=token).first()


def invitation_by_code(*, code: str, client: str) -> Invitation:
    """Find the letter's invitation, or say in Danish why not; unknown codes count
    towards the client's limit (recorded outside any transaction that the error undoes)."""
    recent = timezone.now() - timedelta(hours=1)
    CodeAttempt.objects.filter(created_at__lt=recent).delete()
    check_rate_limit(
        recent_count=CodeAttempt.objects.filter(client=client, created_at__gte=recent).count(),
        limit=code_attempts_per_hour(),
    )
    code = normalize_code(code)
    if not code:
        raise ValidationError(
            {"code": ValidationError(_("Type the code from the letter."), "required")}
        )
    invitation = (
        Invitation.objects.select_related("campaign__body").filter(code=code).first()
        if len(code) <= Invitation._meta.get_field("code").max_length
        else None
    )
    if invitation is None:
        CodeAttempt.objects.create(client=client)
        raise ValidationError(
            {
                "code": ValidationError(
                    _(
                        "We do not know that code. Check that you have typed it as it stands "
                        "in the letter. When an invitation has closed, its codes no longer work."
                    ),
                    "unknown_code",
                )
            }
        )
    return invitation


def _clean(
    *,
    campaign: Campaign,
    text: str,
    wants_assembly: bool,
    wants_working_group: bool,
    name: str,
    email: str,
    phone: str,
    education: str,
) -> dict:
    text, name, email, phone = text.strip(), name.strip(), email.strip().lower(), phone.strip()
    wants_assembly = bool(wants_assembly and campaign.body_id)
    volunteers = wants_assembly or wants_working_group
    errors = {}
    if len(text) > TEXT_MAX:
        errors["text"] = too_long(_("The answer"), TEXT_MAX)
    elif not text and not volunteers:
        errors["text"] = ValidationError(
            _("Write an answer, or say that you would like to take part."), "required"
        )
    if education and education not in Education.values:
        errors["education"] = ValidationError(_("Choose one of the options."), "invalid_choice")
    if volunteers:
        if not name:
            errors["name"] = ValidationError(
                _("Give your name, so that we can contact you."), "required"
            )
        if not email and not phone:
            errors["email"] = ValidationError(
                _("Give an e-mail address or a phone number, so that we can contact you."),
                "required",
            )
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = ValidationError(INVALID_EMAIL, "invalid")
        if phone and not re.fullmatch(r"\+?[\d ]{8,20}", phone):
            errors["phone"] = ValidationError(
                _("Write the phone number with digits only, e.g. 12 34 56 78."), "phone"
            )
    if errors:
        raise ValidationError(errors)
    if not volunteers:  # contact details are kept only for someone who wants to be contacted
        name = email = phone = education = ""
    return {
        "text": text,
        "wants_assembly": wants_assembly,
        "wants_working_group": bool(wants_working_group),
        "name": name,
        "email": email,
        "phone": phone,
        "education": education,
    }


@transaction.atomic
def answer_submit(
    *,
    invitation: Invitation,
    text: str = "",
    wants_assembly: bool = False,
    wants_working_group: bool = False,
    name: str = "",
    email: str = "",
    phone: str = "",
    education: str = "",
) -> Answer:
    """Store the one answer to an invitation; a volunteer with an e-mail gets a receipt.

    No actor: whoever holds the link or the code is the person invited.
    """
    # The campaign first, as closing locks it: an answer never lands after the closing
    # has deleted the contact details (and the two never wait for each other in a circle).
    campaign = (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("body")
        .get(pk=invitation.campaign_id)
    )
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation.campaign = campaign
    if refusal := campaign_refusal(campaign):
        raise refusal
    if invitation.answered_at is not None:
        raise AlreadyAnswered()
    fields = _clean(
        campaign=campaign,
        text=text,
        wants_assembly=wants_assembly,
        wants_working_group=wants_working_group,
        name=name,
        email=email,
        phone=phone,
        education=education,
    )
    now = timezone.now()
    try:
        with transaction.atomic():
            answer = Answer.objects.create(
                invitation=invitation,
                campaign=campaign,
                district=invitation.district,
                age_band=invitation.age_band,
                gender=invitation.gender,
                created_at=now,
                **fields,
            )
    except IntegrityError as error:  # the other answer got there first (OneToOne)
        raise AlreadyAnswered() from error
    invitation.answered_at = now
    invitation.save(update_fields=["answered_at"])
    audit_record(
        actor=None,
        action="outreach.answer",
        obj=answer,
        campaign=campaign.pk,
        volunteers=answer.volunteers,
    )
    if answer.email:
        email_queue(
            to=answer.email,
            kind="outreach_volunteer_confirm",
            context={
                "campaign": campaign,
                "answer": answer,
                "body": campaign.body if answer.wants_assembly else None,
                "url": settings.SITE_URL + reverse("home"),
            },
        )
    return answer
