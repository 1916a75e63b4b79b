"""An issuer resumes an interrupted batch in the browser: the batch page says it was
interrupted and offers Resume signing, the live server signs the rest in its background
thread, and the page then shows it complete; axe-core's WCAG A/AA rules on both states."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from tests.browser.test_verify_page import _accessible
from tests.issuing.helpers import interrupted_batch
from tests.support.live_server import LiveServer

from openler.services.issuer import achievements, bulk
from openler.services.issuer.identity import Site
from openler.store import repositories as repo
from openler.store.db import make_engine, session_factory, transaction
from openler.store.kek import keyring_for

pytestmark = pytest.mark.browser
SLUG = "suncoast-state-college"
ROWS = 6


def _interrupted_batch(live_server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> int:
    """A batch of the demo college whose run stopped after its first chunk of two."""
    monkeypatch.setattr(bulk, "CHUNK", 2)  # also for the server's thread: the same process
    engine = make_engine(live_server.settings.database_url)
    # the demo's key file, as the live server uses it (the college's signing key is sealed)
    factory = session_factory(engine, keyring_for(live_server.settings))
    try:
        with transaction(factory) as db:
            org = repo.organization_by_slug(db, SLUG)
            assert org is not None
            achievement_id = achievements.of_org(db, org)[0].id
        emails = [f"learner{i}@example.org" for i in range(ROWS)]
        site = Site.from_settings(live_server.settings)
        return interrupted_batch(
            factory, site, SLUG, achievement_id, emails, lambda: datetime.now(UTC)
        )
    finally:
        engine.dispose()


def test_an_interrupted_batch_is_resumed_from_its_page(
    page_as: Callable[[str], Page], live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch_id = _interrupted_batch(live_server, monkeypatch)
    page = page_as("issuer")
    page.goto(f"/issuer/orgs/{SLUG}/batches/{batch_id}")
    expect(page.get_by_role("status")).to_contain_text(
        f"Interrupted: 2 of {ROWS} credentials are signed and stored"
    )
    _accessible(page)
    page.get_by_role("button", name="Resume signing").click()
    for _ in range(50):  # the server signs in its background thread; the page refreshes
        if "Complete" in page.content():
            break
        page.wait_for_timeout(200)
        page.get_by_role("link", name="Refresh").click()
    expect(page.get_by_role("status")).to_have_text(
        f"Complete: {ROWS} credentials issued and delivered."
    )
    _accessible(page)
