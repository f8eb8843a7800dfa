"""Policy sections for other apps' pages, so that those apps need not know this one's views:
`{% initiative_policies initiative %}` on an idea's page, `{% body_policies body %}` on a
committee's page."""

import rules
from django import template

from .. import selectors
from ..forms import LinkPolicyForm

register = template.Library()


@register.inclusion_tag("policies/includes/initiative_policies.html", takes_context=True)
def initiative_policies(context, initiative) -> dict:
    user = context["request"].user
    can_link = rules.test_rule("policies.link_initiative", user)
    return {
        "initiative": initiative,
        "links": selectors.links_for_initiative(user=user, initiative=initiative),
        "can_link": can_link,
        "link_form": LinkPolicyForm(initiative=initiative, auto_id="id_policy_%s")
        if can_link
        else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("policies/includes/body_policies.html")
def body_policies(body) -> dict:
    return {"policies": selectors.policies_for_body(body)}
