"""Suggestions for an idea, for staff: similar ideas, organisations, contacts."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skabsammen.common.permissions import require, rule_required
from skabsammen.initiatives.models import Initiative

from ..models import (
    BLOCKING_INTRODUCTION,
    Contact,
    Dismissal,
    Introduction,
    Organisation,
    SuggestionKind,
)
from ..services.dismissals import dismissal_create, dismissal_undo
from ..suggestions import Suggestion, contact_suggestion, suggestions_for

TOP = 10


@dataclass
class Row:
    suggestion: Suggestion
    introduction: Introduction | None = None
    contacts: list["Row"] = field(default_factory=list)

    @property
    def can_propose(self) -> bool:
        return self.introduction is None or self.introduction.status not in BLOCKING_INTRODUCTION


def _pair_key(initiative: Initiative, suggestion: Suggestion) -> str:
    if suggestion.kind == SuggestionKind.CONTACT:
        return Introduction.pair_key_for(initiative.pk, contact_id=suggestion.target_id)
    return Introduction.pair_key_for(initiative.pk, other_initiative_id=suggestion.target_id)


def _rows(
    initiative: Initiative, found, dismissed: list[Dismissal]
) -> tuple[list[Row], list[Row], list[Row]]:
    similar = [Row(s) for s in found.similar_initiatives]
    contacts = [Row(s) for s in found.contacts]
    organisations = [Row(s) for s in found.organisations]
    people: dict[int, list[Contact]] = {}
    # A contact dismissed for the idea does not come back under its organisation either.
    gone = [d.target_id for d in dismissed if d.kind == SuggestionKind.CONTACT]
    for contact in (
        Contact.objects.filter(
            organisation__in=[row.suggestion.target_id for row in organisations], is_active=True
        )
        .exclude(pk__in=gone)
        .order_by("name", "id")
    ):
        people.setdefault(contact.organisation_id, []).append(contact)
    for row in organisations:
        row.contacts = [
            Row(contact_suggestion(contact, row.suggestion))
            for contact in people.get(row.suggestion.target_id, [])
        ]
    proposable = [*similar, *contacts, *(c for row in organisations for c in row.contacts)]
    keys = {_pair_key(initiative, row.suggestion) for row in proposable}
    latest: dict[str, Introduction] = {}
    for introduction in Introduction.objects.filter(pair_key__in=keys).order_by("created_at", "id"):
        latest[introduction.pair_key] = introduction
    for row in proposable:
        row.introduction = latest.get(_pair_key(initiative, row.suggestion))
    return similar, organisations, contacts


def _just_dismissed(request) -> tuple[str, int] | None:
    kind, _sep, target = request.GET.get("afvist", "").partition(":")
    # Only a few ASCII digits: "²".isdigit() is true and int() refuses it, as it refuses
    # more than 4,300 digits.
    if kind in SuggestionKind.values and target.isascii() and target.isdigit() and len(target) < 12:
        return kind, int(target)
    return None


@dataclass
class DismissedRow:
    dismissal: Dismissal
    name: str


def _dismissed_rows(dismissed: list[Dismissal]) -> list[DismissedRow]:
    """What was dismissed for the idea, by name, so that it can be brought back later."""
    wanted: dict[str, list[int]] = {}
    for dismissal in dismissed:
        wanted.setdefault(dismissal.kind, []).append(dismissal.target_id)
    names: dict[tuple[str, int], str] = {}
    for pk, title in Initiative.objects.filter(
        pk__in=wanted.get(SuggestionKind.INITIATIVE, [])
    ).values_list("pk", "title"):
        names[SuggestionKind.INITIATIVE, pk] = title
    for pk, name in Organisation.objects.filter(
        pk__in=wanted.get(SuggestionKind.ORGANISATION, [])
    ).values_list("pk", "name"):
        names[SuggestionKind.ORGANISATION, pk] = name
    for contact in Contact.objects.filter(
        pk__in=wanted.get(SuggestionKind.CONTACT, [])
    ).select_related("organisation"):
        names[SuggestionKind.CONTACT, contact.pk] = f"{contact.name} ({contact.organisation})"
    return [
        DismissedRow(d, names[d.kind, d.target_id])
        for d in dismissed
        if (d.kind, d.target_id) in names
    ]


@rule_required("bridges.view_suggestions")
def suggestions(request, pk: int):
    initiative = get_object_or_404(Initiative.objects.select_related("district"), pk=pk)
    found = suggestions_for(initiative, top=TOP)
    dismissed = list(Dismissal.objects.filter(initiative=initiative).order_by("-created_at", "-id"))
    similar, organisations, contacts = _rows(initiative, found, dismissed)
    return render(
        request,
        "bridges/suggestions.html",
        {
            "initiative": initiative,
            "pending": found.pending,
            "similar": similar,
            "organisations": organisations,
            "contacts": contacts,
            "just_dismissed": _just_dismissed(request),
            "dismissed": _dismissed_rows(dismissed),
        },
    )


@require_POST
@rule_required("bridges.view_suggestions")
def dismiss(request, pk: int):
    initiative = get_object_or_404(Initiative, pk=pk)
    require("bridges.view_suggestions", request.user, initiative)
    kind, target = request.POST.get("kind", ""), request.POST.get("target_id", "")
    url = reverse("bridges:suggestions", args=[initiative.pk])
    try:
        if request.POST.get("undo"):
            dismissal_undo(actor=request.user, initiative=initiative, kind=kind, target_id=target)
            messages.success(request, _("The suggestion is back."))
            return redirect(url)
        dismissal = dismissal_create(
            actor=request.user, initiative=initiative, kind=kind, target_id=target
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(url)
    return redirect(f"{url}?{urlencode({'afvist': f'{dismissal.kind}:{dismissal.target_id}'})}")
