"""Browser tests: a live OpenLER on a free local port, driven by Debian's headless Chromium.

The server runs in a background thread of the test process with demo data seeded into a
temporary SQLite database; Playwright's sync API drives Chromium (no pytest plugin).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import string
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pyotp
import pytest
import uvicorn
from argon2 import PasswordHasher
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from openler.config import Settings
from openler.services import passwords
from openler.services.demo import DemoLogin, seed
from openler.store.db import make_engine, session_factory, transaction
from openler.store.migrate import upgrade
from openler.web.app import create_app

CHROMIUM = os.environ.get("OPENLER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOTP_STEP = 30  # seconds, as in openler.services.login


@dataclass
class LiveServer:
    url: str
    settings: Settings
    logins: dict[str, DemoLogin]
    # The server accepts each one-time code once: remember the newest step used per person.
    used_steps: dict[str, int] = field(default_factory=dict)

    def one_time_code(self, role: str) -> str:
        """The code the person's authenticator app shows now; if this session already used it
        (two logins within 30 seconds), the next one, which the server accepts for clock drift."""
        secret = self.logins[role].totp_secret
        assert secret is not None, f"the demo {role} has no second factor"
        totp = pyotp.TOTP(secret, interval=TOTP_STEP)
        current = int(time.time()) // TOTP_STEP
        step = max(current, self.used_steps.get(role, -1) + 1)
        if step > current + 1:  # more than the drift allowance: wait for the clock
            time.sleep((step - 1) * TOTP_STEP - time.time() + 0.1)
        self.used_steps[role] = step
        return totp.now() if step == current else totp.at(step * TOTP_STEP)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data_dir = tmp_path_factory.mktemp("openler-browser")
    alphabet = string.ascii_letters + string.digits
    port = _free_port()
    settings = Settings(
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir}/openler.db",
        secret_key="".join(secrets.choice(alphabet) for _ in range(48)),
        demo=True,
        port=port,
    )
    with pytest.MonkeyPatch.context() as patch:
        # Argon2id with small costs (as in tests/conftest.py): the server thread hashes and
        # verifies demo passwords for the whole session.
        patch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
        yield from _serve(settings)


def _serve(settings: Settings) -> Iterator[LiveServer]:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    with transaction(session_factory(engine)) as db:
        logins = seed(db, now=datetime.now(UTC))
    engine.dispose()

    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=settings.port,
        log_level="warning",
        access_log=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="openler-live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("The OpenLER test server did not start.")
        time.sleep(0.02)
    try:
        yield LiveServer(settings.public_url, settings, {d.role: d for d in logins})
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.engine.dispose()


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


def _log_in(page: Page, server: LiveServer, role: str) -> None:
    """Log in through the form as a person would, with the second step when the role has one."""
    login = server.logins[role]
    page.goto("/login")
    page.get_by_label("Email").fill(login.email)
    page.get_by_label("Password").fill(login.password)
    page.get_by_role("button", name="Log in").click()
    if login.totp_secret is not None:
        expect(
            page, f"The {role} gave the right password but got no one-time code page"
        ).to_have_url(re.compile(r"/login/code\?next="))
        page.get_by_label("Code").fill(server.one_time_code(role))
        page.get_by_role("button", name="Continue").click()
    expect(
        page,
        f"The {role} gave the right password (and code) but ended up on the login page again: "
        "did the page after the redirect not see the new session?",
    ).not_to_have_url(re.compile(r"/login(\?|/|$)"))


@pytest.fixture(scope="session")
def log_in(live_server: LiveServer) -> Callable[[Page, str], None]:
    """``log_in(page, "worker")``: fill in the login form (and the one-time code) as a person."""
    return lambda page, role: _log_in(page, live_server, role)


@pytest.fixture(scope="session")
def signed_in_state(browser: Browser, live_server: LiveServer) -> Callable[[str], Any]:
    """Cookies of a signed-in session per role, made once through the login form and reused,
    so that page checks need not log in (and spend a one-time code) each time."""
    states: dict[str, Any] = {}

    def state_for(role: str) -> Any:
        if role not in states:
            context = _new_context(browser, live_server)
            try:
                _log_in(context.new_page(), live_server, role)
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
