"""An issuer in the browser: defines an achievement through the form, then the issue page
(with its two forms) meets WCAG 2.x AA; the credential it issues to the demo worker is in the
worker's records, verified."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from tests.browser.test_accessibility import WCAG_AA, describe

pytestmark = pytest.mark.browser
BASE = "/issuer/orgs/suncoast-state-college"


def test_define_an_achievement_then_the_issue_page(page_as: Callable[[str], Page]) -> None:
    page = page_as("issuer")
    page.goto(f"{BASE}/achievements")
    page.get_by_label("Name", exact=True).fill("Phlebotomy Technician")
    page.get_by_label("Description").fill("Draws blood safely.")
    page.get_by_label("What earns it (criteria)").fill("Passed the practical exam.")
    page.get_by_label("Skill name").fill("Phlebotomy")
    page.get_by_label("Web address of the skill (O*NET, CTDL, CASE)").fill(
        "https://www.onetonline.org/link/summary/31-9097.00"
    )
    page.get_by_role("button", name="Save achievement").click()
    expect(page.get_by_role("cell", name="Phlebotomy Technician")).to_be_visible()

    page.goto(f"{BASE}/issue")
    results = Axe().run(page, options=WCAG_AA)
    assert results.response["passes"], "axe-core checked nothing"
    assert not results.response["violations"], describe(results.response["violations"])

    page.locator("#i-achievement").select_option(label="Phlebotomy Technician")
    page.get_by_label("Recipient's email").fill("worker@demo.openler.org")
    page.get_by_label("Recipient's name").fill("María")
    page.get_by_role("button", name="Sign and issue").click()
    # The browser tests serve plain http in demo mode: the DID is the https reading of the
    # same host, which this OpenLER resolves from its own database.
    expect(page.get_by_role("status")).to_contain_text("Credential issued to")

    worker = page_as("worker")
    worker.goto("/worker/records")
    row = worker.get_by_role("row").filter(has_text="Phlebotomy Technician")
    expect(row).to_contain_text("Verified")
