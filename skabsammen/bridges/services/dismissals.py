"""Dismissed suggestions: staff say a suggestion does not fit an idea, and it is gone for
good (for that idea), until they undo it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common.permissions import require
from skabsammen.initiatives.models import Initiative

from ..models import Contact, Dismissal, Organisation, SuggestionKind

TARGETS = {
    SuggestionKind.INITIATIVE: Initiative,
    SuggestionKind.ORGANISATION: Organisation,
    SuggestionKind.CONTACT: Contact,
}


def _target(kind: str, target_id) -> int:
    if kind not in SuggestionKind.values:
        raise ValidationError(_("Choose what to dismiss."), code="bad_kind")
    try:
        target_id = int(target_id)
    except (TypeError, ValueError):
        raise ValidationError(_("The suggestion does not exist."), code="bad_target") from None
    if target_id <= 0 or not TARGETS[SuggestionKind(kind)].objects.filter(pk=target_id).exists():
        raise ValidationError(_("The suggestion does not exist."), code="bad_target")
    return target_id


@transaction.atomic
def dismissal_create(*, actor, initiative: Initiative, kind: str, target_id) -> Dismissal:
    """Dismiss a suggestion for `initiative`; dismissing it twice changes nothing."""
    require("bridges.view_suggestions", actor, initiative)
    target_id = _target(kind, target_id)
    if kind == SuggestionKind.INITIATIVE and target_id == initiative.pk:
        raise ValidationError(_("The suggestion does not exist."), code="bad_target")
    existing = Dismissal.objects.filter(initiative=initiative, kind=kind, target_id=target_id)
    if found := existing.first():
        return found
    try:
        with transaction.atomic():
            dismissal = Dismissal.objects.create(
                initiative=initiative, kind=kind, target_id=target_id, by=actor
            )
    except IntegrityError:  # dismissed at the same moment by somebody else
        return existing.get()
    audit_record(
        actor=actor,
        action="bridges.suggestion_dismiss",
        obj=initiative,
        kind=kind,
        target_id=target_id,
    )
    return dismissal


@transaction.atomic
def dismissal_undo(*, actor, initiative: Initiative, kind: str, target_id) -> None:
    """Let a dismissed suggestion come back."""
    require("bridges.view_suggestions", actor, initiative)
    target_id = _target(kind, target_id)
    deleted, _rows = Dismissal.objects.filter(
        initiative=initiative, kind=kind, target_id=target_id
    ).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="bridges.suggestion_undismiss",
            obj=initiative,
            kind=kind,
            target_id=target_id,
        )
