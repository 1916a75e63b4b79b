"""A live OpenLER with demo data, and Debian's Chromium to look at it.

Used by the browser tests (tests/browser/conftest.py) and by scripts/screenshots.py.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import string
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyotp
import uvicorn
from playwright.sync_api import Page, expect

from openler.config import Settings
from openler.services.demo import DemoLogin, seed
from openler.store.db import make_engine, session_factory, transaction
from openler.store.kek import keyring_for
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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def demo_settings(data_dir: Path) -> Settings:
    """Settings for a throwaway demo server on a free local port."""
    alphabet = string.ascii_letters + string.digits
    return Settings(
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir}/openler.db",
        secret_key="".join(secrets.choice(alphabet) for _ in range(48)),
        demo=True,
        port=free_port(),
    )


@contextmanager
def serve(settings: Settings) -> Iterator[LiveServer]:
    """Migrate, seed the demo and serve ``settings`` in a background thread until the block ends."""
    keyring = keyring_for(settings)  # demo mode: made in the data folder on first use
    engine = make_engine(settings.database_url)
    upgrade(engine, keyring)
    with transaction(session_factory(engine, keyring)) as db:
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
            raise RuntimeError("The OpenLER server did not start.")
        time.sleep(0.02)
    try:
        yield LiveServer(settings.public_url, settings, {d.role: d for d in logins})
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.engine.dispose()


def log_in(page: Page, server: LiveServer, role: str) -> None:
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
