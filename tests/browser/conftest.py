"""Browser tests: a live OpenLER on a free local port, driven by Debian's headless Chromium.

The server runs in a background thread of the test process with demo data seeded into a
temporary SQLite database; Playwright's sync API drives Chromium (no pytest plugin).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from tests.support.live_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    demo_settings,
    serve,
)
from tests.support.live_server import log_in as log_in_through_form

from openler.services import passwords
from openler.services.demo import DemoLogin


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = demo_settings(tmp_path_factory.mktemp("openler-browser"))
    with pytest.MonkeyPatch.context() as patch:
        # Argon2id with small costs (as in tests/conftest.py): the server thread hashes and
        # verifies demo passwords for the whole session.
        patch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
        try:
            with serve(settings) as server:
                yield server
        except RuntimeError as exc:
            pytest.fail(str(exc))


@pytest.fixture(scope="session")
def demo_logins(live_server: LiveServer) -> dict[str, DemoLogin]:
    """The seeded demo accounts by role: email, password and (admin, issuer) TOTP secret."""
    return live_server.logins


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install Debian's package `chromium` "
            "(apt-get install chromium) or set OPENLER_CHROMIUM to a Chromium binary."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def _new_context(
    browser: Browser, live_server: LiveServer, storage_state: Any = None
) -> BrowserContext:
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", storage_state=storage_state
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh browser context (no cookies) for each test."""
    context = _new_context(browser, live_server)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def log_in(live_server: LiveServer) -> Callable[[Page, str], None]:
    """``log_in(page, "worker")``: fill in the login form (and the one-time code) as a person."""
    return lambda page, role: log_in_through_form(page, live_server, role)


@pytest.fixture(scope="session")
def signed_in_state(browser: Browser, live_server: LiveServer) -> Callable[[str], Any]:
    """Cookies of a signed-in session per role, made once through the login form and reused,
    so that page checks need not log in (and spend a one-time code) each time."""
    states: dict[str, Any] = {}

    def state_for(role: str) -> Any:
        if role not in states:
            context = _new_context(browser, live_server)
            try:
                log_in_through_form(context.new_page(), live_server, role)
                states[role] = dict(context.storage_state())
            finally:
                context.close()
        return states[role]

    return state_for


@pytest.fixture
def page_as(
    browser: Browser,
    live_server: LiveServer,
    signed_in_state: Callable[[str], Any],
) -> Iterator[Callable[[str], Page]]:
    """``page_as("worker")``: a fresh context already signed in as that demo role."""
    contexts: list[BrowserContext] = []

    def open_as(role: str) -> Page:
        context = _new_context(browser, live_server, storage_state=signed_in_state(role))
        contexts.append(context)
        return context.new_page()

    try:
        yield open_as
    finally:
        for context in contexts:
            context.close()
