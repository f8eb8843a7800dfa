"""Changes to policies and their links. Every write checks its rule and is audited; pages,
the API and the demo call these."""

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common.errors import too_long
from skabsammen.common.permissions import require
from skabsammen.common.text import danish_slug

from .models import (
    GOAL_MAX,
    GOALS_MAX,
    LINK_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Policy,
    PolicyInitiative,
    PolicyKind,
)

# Addresses under /politikker/ that are pages, not policies.
RESERVED_SLUGS = {"ny", "ide"}
_http_url = URLValidator(schemes=["http", "https"])


def _unique_slug(title: str) -> str:
    base = danish_slug(title)[:80].strip("-") or "politik"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Policy.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code)})


def _clean(
    *, title: str, kind: str, adopted_on: date | None, summary: str, goals: Sequence[str], link: str
) -> dict:
    """The policy's fields, tidied; a ValidationError names the first field that is wrong."""
    title, summary, link = title.strip(), summary.strip(), link.strip()
    goals = [goal.strip() for goal in goals if goal and goal.strip()]
    if not title:
        raise _error("title", _("Give the policy a title."), "required")
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": too_long(_("The title"), TITLE_MAX)})
    if kind not in PolicyKind.values:
        raise _error("kind", _("Choose whether it is a policy or a strategy."), "kind")
    if adopted_on is None:
        raise _error("adopted_on", _("Give the date the policy was adopted."), "required")
    if adopted_on > timezone.localdate():
        raise _error(
            "adopted_on",
            _("The adoption date cannot be in the future. Register the policy once it is adopted."),
            "future",
        )
    if len(summary) > SUMMARY_MAX:
        raise ValidationError({"summary": too_long(_("The summary"), SUMMARY_MAX)})
    if len(goals) > GOALS_MAX:
        raise _error(
            "goals", _("Give at most %(max)d goals.") % {"max": GOALS_MAX}, "too_many_goals"
        )
    for number, goal in enumerate(goals, start=1):
        if len(goal) > GOAL_MAX:
            raise _error(
                "goals",
                _("Goal %(number)d can be at most %(max)d characters.")
                % {"number": number, "max": GOAL_MAX},
                "too_long",
            )
    if len(link) > LINK_MAX:
        raise ValidationError({"link": too_long(_("The link"), LINK_MAX)})
    if link:
        try:
            _http_url(link)
        except ValidationError:
            raise _error(
                "link",
                _("The link must be a web address that starts with http:// or https://."),
                "link",
            ) from None
    return {
        "title": title,
        "kind": kind,
        "adopted_on": adopted_on,
        "summary": summary,
        "goals": goals,
        "link": link,
    }


@transaction.atomic
def policy_create(
    *,
    actor,
    title: str,
    adopted_on: date | None,
    kind: str = PolicyKind.POLICY,
    summary: str = "",
    goals: Sequence[str] = (),
    link: str = "",
    department=None,
    bodies: Iterable = (),
) -> Policy:
    require("policies.manage", actor)
    fields = _clean(
        title=title, kind=kind, adopted_on=adopted_on, summary=summary, goals=goals, link=link
    )
    policy = Policy.objects.create(
        slug=_unique_slug(fields["title"]), department=department, **fields
    )
    policy.bodies.set(bodies)
    audit_record(actor=actor, action="policy.create", obj=policy, title=policy.title)
    return policy


@transaction.atomic
def policy_update(
    *,
    actor,
    policy: Policy,
    title: str,
    adopted_on: date | None,
    kind: str = PolicyKind.POLICY,
    summary: str = "",
    goals: Sequence[str] = (),
    link: str = "",
    department=None,
    bodies: Iterable = (),
) -> Policy:
    """Change what the policy says; its address stays, so links to it keep working."""
    require("policies.manage", actor)
    fields = _clean(
        title=title, kind=kind, adopted_on=adopted_on, summary=summary, goals=goals, link=link
    )
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.department = department
    policy.save(update_fields=[*fields, "department", "updated_at"])
    policy.bodies.set(bodies)
    audit_record(actor=actor, action="policy.update", obj=policy)
    return policy


@transaction.atomic
def policy_set_active(*, actor, policy: Policy, active: bool) -> Policy:
    """Deactivate a policy that no longer applies, or bring it back; its links stay."""
    require("policies.manage", actor)
    if policy.is_active == active:
        message = (
            _("The policy is already active.") if active else _("The policy is already inactive.")
        )
        raise ValidationError(message, code="unchanged")
    policy.is_active = active
    policy.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor, action="policy.activate" if active else "policy.deactivate", obj=policy
    )
    return policy


@transaction.atomic
def policy_link_initiative(*, actor, policy: Policy, initiative) -> PolicyInitiative:
    require("policies.link_initiative", actor)
    if not policy.is_active:
        raise _error("policy", _("The policy is no longer active; choose another one."), "inactive")
    if policy.initiative_links.filter(initiative=initiative).exists():
        raise _error(
            "policy",
            _("The idea is already linked to %(title)s.") % {"title": policy.title},
            "already_linked",
        )
    link = PolicyInitiative.objects.create(policy=policy, initiative=initiative, linked_by=actor)
    audit_record(actor=actor, action="policy.link_initiative", obj=policy, initiative=initiative.pk)
    return link


@transaction.atomic
def policy_unlink_initiative(*, actor, policy: Policy, initiative) -> None:
    require("policies.link_initiative", actor)
    deleted, _counts = policy.initiative_links.filter(initiative=initiative).delete()
    if not deleted:
        raise ValidationError(_("The idea is not linked to that policy."), code="not_linked")
    audit_record(
        actor=actor, action="policy.unlink_initiative", obj=policy, initiative=initiative.pk
    )
