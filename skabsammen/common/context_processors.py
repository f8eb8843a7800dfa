"""Values every page's layout needs: the municipality's name and the main menu."""

from dataclasses import dataclass

import rules
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, pgettext


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    is_current: bool = False


def site(request):
    return {
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "main_menu": main_menu(request),
        "EMAIL_OUTBOX": settings.EMAIL_OUTBOX,
    }


def main_menu(request) -> list[MenuItem]:
    """The main menu for this user; the item whose URL is the longest prefix of the path is current.

    The front page is current only on the front page itself.
    """
    user = getattr(request, "user", None)
    entries = [
        (gettext("Home"), "home"),
        (gettext("Ideas"), "initiatives:list"),
        (gettext("Share an idea"), "initiatives:create"),
        (gettext("Committees"), "committees:list"),
        (gettext("Policies"), "policies:list"),
        (gettext("Who can help"), "bridges:directory"),
        (gettext("Lotteries"), "lotteries:list"),
    ]
    if user is not None and user.is_authenticated:
        entries.append((gettext("My ideas"), "initiatives:mine"))
        if getattr(user, "is_municipal_staff", False):
            entries.append((pgettext("main menu", "Staff"), "initiatives:dashboard"))
            if rules.test_rule("outreach.manage", user):
                entries.append((gettext("Personal invitations"), "outreach:list"))
            if rules.test_rule("themes.view", user):
                entries.append((gettext("Themes"), "themes:page"))
            if rules.test_rule("bridges.view_suggestions", user):
                entries.append((gettext("Bridges"), "bridges:overview"))
            if settings.EMAIL_OUTBOX:
                entries.append((gettext("Outbox"), "mail:outbox"))
        if getattr(user, "is_administrator", False):
            entries.append((gettext("Audit log"), "audit:list"))

    links = [(label, reverse(name)) for label, name in entries]
    path = request.path
    matches = [url for _, url in links if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)
    return [MenuItem(label, url, url == current) for label, url in links]
