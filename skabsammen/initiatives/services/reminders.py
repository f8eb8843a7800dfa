"""The daily reminder: no next-step date and no response target passes silently."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from skabsammen.accounts.models import User
from skabsammen.mail.services import email_queue

from ..models import Initiative, Reminder
from .base import intake_staff


def reminders_send(*, today: date | None = None) -> int:
    """Remind each contact person of their overdue ideas, and intake staff of ideas
    without an active contact person. Safe to run more than once a day: each reminder
    is recorded before its e-mail is queued, one per person, kind and day.
    Return the number of reminders sent."""
    today = today or timezone.localdate()
    overdue = Initiative.objects.overdue(today).select_related("contact_person")
    by_contact: dict[int, tuple[User, list[Initiative]]] = {}
    unassigned = []
    for initiative in overdue.order_by("submitted_at"):
        person = initiative.contact_person
        if person is None or not person.is_active:
            unassigned.append(initiative)
        else:
            by_contact.setdefault(person.pk, (person, []))[1].append(initiative)
    sent = 0
    for person, initiatives in by_contact.values():
        sent += _remind(person, "overdue", today, initiatives)
    if unassigned:
        for person in intake_staff():
            sent += _remind(person, "unassigned", today, unassigned)
    return sent


@transaction.atomic
def _remind(person: User, kind: str, today: date, initiatives: list[Initiative]) -> int:
    reminder, created = Reminder.objects.get_or_create(recipient=person, kind=kind, day=today)
    if not created:
        return 0
    reminder.initiatives.set(initiatives)
    email_queue(
        to=person.email,
        kind=f"reminder_{kind}",
        language=person.language,
        context={
            "recipient": person,
            "initiatives": initiatives,
            "days": settings.RESPONSE_TARGET_CONTACT_PERSON_DAYS,
        },
    )
    return 1
