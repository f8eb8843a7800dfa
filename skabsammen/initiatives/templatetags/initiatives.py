from django import template

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


@register.inclusion_tag("initiatives/includes/status_badge.html")
def status_badge(status: str):
    return {"label": Status(status).label, "variant": BADGE_VARIANTS.get(status, "")}


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
