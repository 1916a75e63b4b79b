"""Take the README's screenshots: a demo server, Debian's Chromium, a few pages.

    .venv/bin/python scripts/screenshots.py

Writes PNG files to docs/screenshots/. Uses a throwaway SQLite database with the demo data.
"""

from __future__ import annotations

import secrets
import socket
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pyotp
import uvicorn
from playwright.sync_api import Page, sync_playwright

from openler.config import Settings
from openler.services import demo
from openler.store.db import make_engine, session_factory, transaction
from openler.store.migrate import upgrade
from openler.web.app import create_app

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def serve(tmp: Path) -> tuple[str, dict[str, demo.DemoLogin], uvicorn.Server]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(
        data_dir=tmp,
        database_url=f"sqlite:///{tmp}/openler.db",
        secret_key=secrets.token_urlsafe(48),
        demo=True,
        port=port,
    )
    engine = make_engine(settings.database_url)
    upgrade(engine)
    with transaction(session_factory(engine)) as db:
        logins = {login.role: login for login in demo.seed(db, now=datetime.now(UTC))}
    engine.dispose()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", logins, server


def log_in(page: Page, login: demo.DemoLogin) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(login.email)
    page.get_by_label("Password").fill(login.password)
    page.get_by_role("button", name="Log in").click()
    if login.totp_secret:
        page.wait_for_url("**/login/code**")
        page.get_by_label("Code").fill(pyotp.TOTP(login.totp_secret).now())
        page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url, logins, server = serve(Path(tmp))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            shots = [
                (None, "/login", "login.png", "en-US"),
                ("worker", "/worker", "worker-home.png", "en-US"),
                ("worker", "/account/audit", "worker-audit-log.png", "en-US"),
                ("admin", "/admin/users", "admin-users.png", "en-US"),
                (None, "/login", "login-es.png", "es-US"),
            ]
            for role, path, name, locale in shots:
                context = browser.new_context(
                    base_url=url, locale=locale, viewport={"width": 1100, "height": 720}
                )
                page = context.new_page()
                if role:
                    log_in(page, logins[role])
                page.goto(path)
                page.screenshot(path=str(OUT / name), full_page=False)
                context.close()
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
