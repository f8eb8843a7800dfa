"""Reads of policies that depend on who looks, shared by pages, template tags and the API.

Private ideas are shown only to those who may see them (their owners and staff); counts
that everyone sees count public ideas only.
"""

from dataclasses import dataclass, field

import rules
from django.db.models import Count, Q, QuerySet

from skabsammen.initiatives.models import Initiative, Status
from skabsammen.initiatives.selectors import visible_initiatives
from skabsammen.themes.selectors import themes_for_inputs

from .models import Policy, PolicyInitiative

IDEAS_SHOWN = 50
# An idea in one of these is something the municipality does with citizens.
MUNICIPAL_STATUSES = (Status.TRIAL, Status.UNDERWAY, Status.REALISED)


def policies_for(user) -> QuerySet[Policy]:
    """Active policies for everyone; inactive ones too for staff, who may bring them back."""
    if rules.test_rule("policies.view_inactive", user):
        return Policy.objects.all()
    return Policy.objects.active()


def with_idea_counts(policies: QuerySet[Policy]) -> QuerySet[Policy]:
    """Each policy with `public_ideas` and `public_ideas_in_action` (trial, underway, realised)."""
    public = Q(initiative_links__initiative__is_public=True)
    return policies.annotate(
        public_ideas=Count("initiative_links", filter=public),
        public_ideas_in_action=Count(
            "initiative_links",
            filter=public & Q(initiative_links__initiative__status__in=MUNICIPAL_STATUSES),
        ),
    )


def policy_list(*, user) -> QuerySet[Policy]:
    return (
        with_idea_counts(policies_for(user))
        .select_related("department")
        .order_by("-is_active", "kind", "title")
    )


@dataclass(frozen=True)
class PolicyPage:
    """What the page "Fra politik til handling" shows about one policy."""

    policy: Policy
    citizen_ideas: list[Initiative]
    more_ideas: int
    municipal_ideas: list[Initiative]
    bodies: list = field(default_factory=list)
    themes: list = field(default_factory=list)


def linked_ideas(*, user, policy: Policy) -> QuerySet[Initiative]:
    """The ideas linked to `policy` that `user` may see, newest first."""
    return (
        visible_initiatives(user)
        .filter(policy_links__policy=policy)
        .select_related("district")
        .order_by("-submitted_at", "-id")
    )


def policy_page(*, user, slug: str) -> PolicyPage | None:
    """The policy and what is done under it, in a fixed number of queries."""
    policy = policies_for(user).select_related("department").filter(slug=slug).first()
    if policy is None:
        return None
    ideas = linked_ideas(user=user, policy=policy)
    shown = list(ideas[: IDEAS_SHOWN + 1])
    more = ideas.count() - IDEAS_SHOWN if len(shown) > IDEAS_SHOWN else 0
    municipal = list(
        ideas.filter(status__in=MUNICIPAL_STATUSES).prefetch_related("partner_roles")[:IDEAS_SHOWN]
    )
    return PolicyPage(
        policy=policy,
        citizen_ideas=shown[:IDEAS_SHOWN],
        more_ideas=more,
        municipal_ideas=municipal,
        bodies=list(policy.bodies.select_related("parent").order_by("kind", "name")),
        themes=themes_touching(policy),
    )


def input_keys(policy: Policy) -> list[tuple[str, str]]:
    """The policy's public ideas as keys of the citizen-input stream: ("initiative", pk)."""
    ids = policy.initiative_links.filter(initiative__is_public=True).values_list(
        "initiative_id", flat=True
    )
    return [("initiative", str(pk)) for pk in ids]


def themes_touching(policy: Policy) -> list:
    """The published themes that the policy's public ideas fall in, most ideas first;
    each with `count`. Empty until the staff have run the themes."""
    return themes_for_inputs(input_keys(policy))


def links_for_initiative(*, user, initiative: Initiative) -> list[PolicyInitiative]:
    """The policies an idea is linked to: active ones for everyone, all for staff."""
    links = PolicyInitiative.objects.filter(initiative=initiative).select_related("policy")
    if not rules.test_rule("policies.view_inactive", user):
        links = links.filter(policy__is_active=True)
    return list(links.order_by("policy__title"))


def policies_for_body(body) -> list[Policy]:
    return list(body.policies.active().order_by("title"))
