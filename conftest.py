"""Fixtures shared by every app's tests."""

import os
import socket
from pathlib import Path

import pytest
from django.test import Client

from skabsammen.accounts.tests.factories import (
    AdministratorFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rendered fragments are cached; each test starts without them."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _tests_run_tasks_at_once(settings):
    """Tasks run when queued (after commit), so a test sees their outcome."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def citizen(db):
    return UserFactory(name="Anna Borger", email="anna@example.dk")


@pytest.fixture
def staff(db):
    return StaffFactory(name="Søren Medarbejder", email="soren@gentofte.dk")


@pytest.fixture
def secretariat(db):
    return SecretariatFactory()


@pytest.fixture
def administrator(db):
    return AdministratorFactory()


@pytest.fixture
def client_for():
    """A test client signed in as the given user."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user, backend="skabsammen.accounts.backends.EmailLinkBackend")
        return client

    return make


class _Inbox:
    """Messages received by a real SMTP server on loopback."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str):
        return [m for m in self.messages if address in m["To"]]


@pytest.fixture
def smtp_inbox(settings):
    """Deliver the platform's e-mail over SMTP to an aiosmtpd server on 127.0.0.1."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    try:
        yield inbox
    finally:
        controller.stop()


# Browser tests -----------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def chromium():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from
    # the test itself are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class AccessiblePage:
    """A browser tab whose every loaded page must be checked with axe-core."""

    def __init__(self, page, base_url: str, checker=None):
        self.page = page
        self.base_url = base_url
        # Without JavaScript axe cannot run in the page itself: the page's HTML is
        # checked in a tab with scripts on instead, exactly as the visitor got it.
        self.checker = checker
        self.loaded: list[str] = []
        self.checked: set[str] = set()
        page.on("load", lambda: self.loaded.append(page.url))

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        self.check_accessibility()

    def check_accessibility(self):
        """Run axe on the current page: zero WCAG 2.1 A/AA violations."""
        self.page.wait_for_load_state("load")
        target = self.page
        if self.checker is not None:
            html = self.page.content().replace("<head>", f'<head><base href="{self.page.url}">', 1)
            self.checker.set_content(html, wait_until="load")
            target = self.checker
        target.add_script_tag(path=str(AXE))
        violations = target.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
            ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))",
            WCAG_21_AA,
        )
        assert violations == [], f"{self.page.url}: {violations}"
        self.checked.add(self.page.url)

    def assert_every_page_was_checked(self):
        unchecked = [url for url in self.loaded if url not in self.checked]
        assert not unchecked, f"pages loaded without an accessibility check: {unchecked}"


@pytest.fixture
def open_page(chromium, live_server, settings):
    """Open a fresh browser context (no cookies), in Danish unless told otherwise."""
    settings.SITE_URL = live_server.url
    settings.EMAIL_OUTBOX = True
    contexts, pages = [], []

    def make(*, javascript: bool = True, width: int = 1280) -> AccessiblePage:
        context = chromium.new_context(
            java_script_enabled=javascript,
            viewport={"width": width, "height": 900},
            locale="en-GB",  # Danish must still be the default
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        checker = None
        if not javascript:
            checker_context = chromium.new_context(viewport={"width": width, "height": 900})
            contexts.append(checker_context)
            checker = checker_context.new_page()
        page = AccessiblePage(context.new_page(), live_server.url, checker)
        pages.append(page)
        return page

    yield make
    try:
        for page in pages:
            page.assert_every_page_was_checked()
    finally:
        for context in contexts:
            context.close()
