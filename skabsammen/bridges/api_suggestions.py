"""API: suggestions for an idea (staff only): similar ideas, organisations, contacts."""

from django.http import Http404
from ninja import Field, Query, Router, Schema

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


class SuggestionsQuery(Schema):
    top: int = Field(default=10, ge=1, le=TOP_MAX, description="How many of each (1–50)")


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
def initiative_suggestions(request, initiative_id: int, query: Query[SuggestionsQuery]):
    """Similar ideas, organisations and contacts for an idea, best first, each with its
    score (0–1) and the reason in words. `top` (1–50) is how many of each."""
    require("bridges.view_suggestions", request.user)
    initiative = Initiative.objects.select_related("district").filter(pk=initiative_id).first()
    if initiative is None:
        raise Http404
    found = suggestions_for(initiative, top=query.top)
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
