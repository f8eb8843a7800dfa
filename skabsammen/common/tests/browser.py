"""Helpers for the browser tests: find a field by its label, sign in as a person would."""

import re

from skabsammen.accounts.services import sign_in_link_create


def field(page, label: str):
    """The text box whose label starts with `label` (labels end with "(*skal udfyldes)")."""
    return page.page.get_by_role("textbox", name=re.compile("^" + re.escape(label)))


def sign_in(page, user):
    """Follow a sign-in link as the person would: open it, then press the button."""
    _, token = sign_in_link_create(email=user.email, limited=False)
    page.goto(f"/konto/link/{token}/")
    page.page.get_by_role("button", name="Log ind").click()
    page.check_accessibility()
