"""API: suggestions for an idea (staff only): similar ideas, organisations, contacts."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from skabsammen.api.base import ApiToken
from skabsammen.common.permissions import require
from skabsammen.initiatives.models import Initiative

from .suggestions import suggestions_for

router = Router(tags=["bridges"])
TOP_MAX = 50


class SimilarOut(Schema):
    id: int
    title: str
    score: float
    reason: str


class OrganisationOut(Schema):
    id: int
    name: str
    score: float
    reason: str


class ContactOut(Schema):
    id: int
    name: str
    organisation: str
    score: float
    reason: str


class SuggestionsOut(Schema):
    similar_initiatives: list[SimilarOut]
    organisations: list[OrganisationOut]
    contacts: list[ContactOut]


@router.get(
    "/initiatives/{int:initiative_id}/suggestions",
    response=SuggestionsOut,
    auth=ApiToken(),
    summary="Suggestions for an idea (staff)",
)
def initiative_suggestions(request, initiative_id: int, top: str = "10"):
    """Similar ideas, organisations and contacts for an idea, best first, each with its
    score (0–1) and the reason in words. `top` (1–50) is how many of each."""
    require("bridges.view_suggestions", request.user)
    # A few ASCII digits only: "²".isdigit() is true and int() refuses it, as it refuses
    # more than 4,300 digits.
    if not (top.isascii() and top.isdigit() and len(top) <= 3) or not 1 <= int(top) <= TOP_MAX:
        message = _("Choose a number from 1 to %(max)d.") % {"max": TOP_MAX}
        raise ValidationError({"top": ValidationError(message, code="bad_top")})
    initiative = Initiative.objects.select_related("district").filter(pk=initiative_id).first()
    if initiative is None:
        raise Http404
    found = suggestions_for(initiative, top=int(top))
    return {
        "similar_initiatives": [
            {"id": s.target_id, "title": s.title, "score": s.score, "reason": s.reason}
            for s in found.similar_initiatives
        ],
        "organisations": [
            {"id": s.target_id, "name": s.title, "score": s.score, "reason": s.reason}
            for s in found.organisations
        ],
        "contacts": [
            {
                "id": s.target_id,
                "name": s.title,
                "organisation": s.organisation,
                "score": s.score,
                "reason": s.reason,
            }
            for s in found.contacts
        ],
    }
