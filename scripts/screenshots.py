"""Take the README's screenshots: a demo server, Debian's Chromium, a few pages.

    .venv/bin/python scripts/screenshots.py

Writes PNG files to docs/screenshots/. Uses a throwaway SQLite database with the demo data,
served and logged into the same way as the browser tests (tests/support/live_server.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.live_server import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    demo_settings,
    log_in,
    serve,
)

OUT = ROOT / "docs" / "screenshots"
SHOTS = [
    (None, "/login", "login.png", "en-US"),
    ("worker", "/worker", "worker-home.png", "en-US"),
    ("worker", "/account/audit", "worker-audit-log.png", "en-US"),
    ("admin", "/admin/users", "admin-users.png", "en-US"),
    (None, "/login", "login-es.png", "es-US"),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        serve(demo_settings(Path(tmp))) as server,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for role, path, name, locale in SHOTS:
            context = browser.new_context(
                base_url=server.url, locale=locale, viewport={"width": 1100, "height": 720}
            )
            page = context.new_page()
            if role:
                log_in(page, server, role)
            page.goto(path)
            page.screenshot(path=str(OUT / name))
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
