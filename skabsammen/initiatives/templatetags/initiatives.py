from django import template
from django.utils.html import format_html

from skabsammen.initiatives.models import Status

register = template.Library()

BADGE_VARIANTS = {
    Status.RECEIVED: "badge-info",
    Status.IN_DIALOGUE: "badge-info",
    Status.BRIDGING: "badge-info",
    Status.TRIAL: "badge-warning",
    Status.UNDERWAY: "badge-success",
    Status.REALISED: "badge-success",
    Status.DECLINED: "badge-error",
    Status.PAUSED: "",
    Status.WITHDRAWN: "",
}


@register.simple_tag
def status_badge(status: str) -> str:
    return format_html(
        '<span class="badge {}">{}</span>', BADGE_VARIANTS.get(status, ""), Status(status).label
    )


@register.filter
def lix_band(lix: float) -> str:
    """The usual Danish reading of a LIX score."""
    from django.utils.translation import gettext as _

    if lix < 25:
        return _("very easy")
    if lix < 35:
        return _("easy")
    if lix < 45:
        return _("medium")
    if lix < 55:
        return _("difficult")
    return _("very difficult")
