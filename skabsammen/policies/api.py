"""/api/v1/policies: the municipality's active policies and what is done under them.

Counts are of public ideas; the detail lists the ideas the caller may see (public ones
unless the token belongs to staff or the ideas' owner), through the same selector as the page.
"""

from datetime import date

from django.conf import settings
from django.http import Http404
from ninja import Router, Schema

from skabsammen.api.base import OptionalApiToken

from . import selectors
from .models import Policy

router = Router(tags=["policies"])


class PolicyOut(Schema):
    id: int
    title: str
    slug: str
    kind: str
    adopted_on: date
    goals: list[str]
    link: str
    url: str
    department: str | None
    ideas: int
    ideas_in_action: int


class IdeaOut(Schema):
    id: int
    title: str
    status: str
    url: str


class BodyOut(Schema):
    slug: str
    name: str
    kind: str
    url: str


class ThemeOut(Schema):
    label: str
    url: str | None


class PolicyDetailOut(PolicyOut):
    summary: str
    citizen_ideas: list[IdeaOut]
    municipal_ideas: list[IdeaOut]
    bodies: list[BodyOut]
    themes: list[ThemeOut]


def _url(obj) -> str:
    return settings.SITE_URL + obj.get_absolute_url()


def _policy_out(policy) -> dict:
    return {
        "id": policy.pk,
        "title": policy.title,
        "slug": policy.slug,
        "kind": policy.kind,
        "adopted_on": policy.adopted_on,
        "goals": policy.goals,
        "link": policy.link,
        "url": _url(policy),
        "department": policy.department.name if policy.department_id else None,
        "ideas": policy.public_ideas,
        "ideas_in_action": policy.public_ideas_in_action,
    }


def _idea_out(idea) -> dict:
    return {"id": idea.pk, "title": idea.title, "status": idea.status, "url": _url(idea)}


def _theme_out(theme) -> dict:
    url = getattr(theme, "get_absolute_url", None)
    return {
        "label": str(getattr(theme, "label", "") or theme),
        "url": settings.SITE_URL + url() if callable(url) else None,
    }


@router.get(
    "",
    response=list[PolicyOut],
    auth=OptionalApiToken(),
    summary="Active policies and strategies, with how many public ideas work under each",
)
def list_policies(request):
    policies = selectors.with_idea_counts(Policy.objects.active())
    return [_policy_out(p) for p in policies.select_related("department").order_by("title")]


@router.get(
    "/{slug}",
    response=PolicyDetailOut,
    auth=OptionalApiToken(),
    summary="One active policy: its goals, the ideas, committees and themes under it",
)
def get_policy(request, slug: str):
    page = selectors.policy_page(user=request.user, slug=slug)
    if page is None or not page.policy.is_active:
        raise Http404
    policy = (
        selectors.with_idea_counts(Policy.objects.filter(pk=page.policy.pk))
        .select_related("department")
        .get()
    )
    return _policy_out(policy) | {
        "summary": policy.summary,
        "citizen_ideas": [_idea_out(i) for i in page.citizen_ideas],
        "municipal_ideas": [_idea_out(i) for i in page.municipal_ideas],
        "bodies": [
            {"slug": b.slug, "name": b.name, "kind": b.kind, "url": _url(b)} for b in page.bodies
        ],
        "themes": [_theme_out(t) for t in page.themes],
    }
