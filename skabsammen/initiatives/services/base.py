"""What every initiative service shares: content checks, locking, notifications, limits."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.accounts.models import MUNICIPAL_ROLES, User
from skabsammen.accounts.services import check_rate_limit
from skabsammen.common.errors import too_long
from skabsammen.mail.services import email_queue

from ..models import (
    DESCRIPTION_MAX,
    NEXT_STEP_MAX,
    PLACE_MAX,
    TITLE_MAX,
    HelpKind,
    Initiative,
)


def clean_content(
    *,
    title: str,
    description: str,
    help_wanted: list[str] | None = None,
    place: str = "",
) -> dict:
    """Check an idea's text fields and return them stripped; raise field errors."""
    errors: dict[str, ValidationError] = {}
    title, description, place = title.strip(), description.strip(), place.strip()
    if not title:
        errors["title"] = ValidationError(_("Give your idea a title."), code="required")
    elif len(title) > TITLE_MAX:
        errors["title"] = too_long(_("The title"), TITLE_MAX)
    if not description:
        errors["description"] = ValidationError(_("Describe your idea."), code="required")
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = too_long(_("The description"), DESCRIPTION_MAX)
    if len(place) > PLACE_MAX:
        errors["place"] = too_long(_("The place"), PLACE_MAX)
    help_wanted = list(dict.fromkeys(help_wanted or []))
    if unknown := [code for code in help_wanted if code not in HelpKind.values]:
        errors["help_wanted"] = ValidationError(
            _("Unknown kind of help: %(codes)s") % {"codes": ", ".join(unknown)},
            code="invalid_choice",
        )
    if errors:
        raise ValidationError(errors)
    return {"title": title, "description": description, "help_wanted": help_wanted, "place": place}


def clean_next_step(next_step: str, next_step_due: date | None) -> tuple[str, date]:
    next_step = (next_step or "").strip()
    errors = {}
    if next_step_due is not None and next_step_due < timezone.localdate():
        errors["next_step_due"] = ValidationError(
            _("The date of the next step cannot be in the past."), code="due_in_past"
        )
    elif next_step_due is None:
        errors["next_step_due"] = ValidationError(
            _("Give the date of the next step."), code="next_step_required"
        )
    if not next_step:
        errors["next_step"] = ValidationError(
            _("Write the next step, so the citizen can see what happens."),
            code="next_step_required",
        )
    elif len(next_step) > NEXT_STEP_MAX:
        errors["next_step"] = too_long(_("The next step"), NEXT_STEP_MAX)
    if errors:
        raise ValidationError(errors)
    return next_step, next_step_due


def locked(initiative: Initiative) -> Initiative:
    """Re-read the idea inside the transaction, locked, so two changes cannot cross."""
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


def within_the_hour():
    return timezone.now() - timedelta(hours=1)


def limit_ideas(actor: User) -> None:
    recent = Initiative.objects.filter(owners=actor, submitted_at__gte=within_the_hour())
    check_rate_limit(recent_count=recent.count(), limit=settings.IDEAS_PER_HOUR)


def limit_messages(actor: User) -> None:
    from ..models import Message

    recent = Message.objects.filter(author=actor, created_at__gte=within_the_hour())
    check_rate_limit(recent_count=recent.count(), limit=settings.MESSAGES_PER_HOUR)


# Who hears about what ------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """Someone to write to who need not have an account (an invited owner)."""

    email: str
    name: str
    language: str = settings.LANGUAGE_CODE

    def get_short_name(self) -> str:
        return self.name.split()[0] if self.name else ""


def notify(recipients, kind: str, initiative: Initiative, **context) -> None:
    """E-mail each active recipient once, in their own language."""
    url = settings.SITE_URL + initiative.get_absolute_url()
    seen = set()
    for person in recipients:
        if person is None or not getattr(person, "is_active", True) or person.email in seen:
            continue
        seen.add(person.email)
        email_queue(
            to=person.email,
            kind=kind,
            language=person.language,
            context={"initiative": initiative, "url": url, "recipient": person, **context},
        )


def citizens(initiative: Initiative) -> list[User | Recipient]:
    """The owners; for an idea registered on a citizen's behalf, the invited owner."""
    owners = list(initiative.owners.filter(is_active=True))
    if owners or not initiative.pending_owner_email:
        return owners
    return [Recipient(initiative.pending_owner_email, initiative.pending_owner_name)]


def intake_staff() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, department__handles_intake=True, role__in=MUNICIPAL_ROLES
        )
    )


def municipality_side(initiative: Initiative) -> list[User]:
    """The active contact person, or intake staff when there is none: nobody goes unheard."""
    contact = initiative.contact_person
    if contact is not None and contact.is_active:
        return [contact]
    return intake_staff()


def response_targets() -> dict:
    return {
        "contact_days": settings.RESPONSE_TARGET_CONTACT_PERSON_DAYS,
        "reply_days": settings.RESPONSE_TARGET_FIRST_REPLY_DAYS,
    }
