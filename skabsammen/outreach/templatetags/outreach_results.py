from django import template

from ..figures import campaign_totals

register = template.Library()


@register.simple_tag
def campaign_summary(campaign):
    """The campaign's invited, answered and volunteers, for its detail page."""
    return campaign_totals(campaign)
