"""A stranger verifies a credential in the browser, without an account: the header links to
the page, a badge image an OpenLER issuer issued is uploaded through the plain form and
verified, unreadable pasted text gets an error; axe-core's WCAG A/AA rules on each state."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from tests.browser.test_accessibility import WCAG_AA, describe

pytestmark = pytest.mark.browser
BASE = "/issuer/orgs/suncoast-state-college"


def _accessible(page: Page) -> None:
    results = Axe().run(page, options=WCAG_AA)
    assert results.response["passes"], "axe-core checked nothing"
    violations = results.response["violations"]
    assert not violations, f"axe found WCAG A/AA problems on {page.url}:\n{describe(violations)}"


def _issued_png(issuer: Page, path: Path) -> Path:
    """Issue through the issuer's form, then download the baked PNG as the issuer would."""
    issuer.goto(f"{BASE}/issue")
    issuer.get_by_label("Recipient's email").fill("luis@example.org")
    issuer.get_by_label("Recipient's name").fill("Luis")
    issuer.get_by_role("button", name="Sign and issue").click()
    expect(issuer.get_by_role("status")).to_contain_text("Credential issued to")
    issuer.goto(f"{BASE}/issued")
    link = issuer.get_by_role("link", name="Download PNG for luis@example.org")
    href = link.first.get_attribute("href")
    assert href is not None
    response = issuer.request.get(href)
    assert response.ok
    path.write_bytes(response.body())
    return path


def test_a_stranger_verifies_an_issued_badge(
    page_as: Callable[[str], Page], page: Page, tmp_path: Path
) -> None:
    badge = _issued_png(page_as("issuer"), tmp_path / "badge.png")

    page.goto("/login")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Verify a credential"
    ).click()
    expect(page.get_by_role("heading", name="Verify a credential", level=1)).to_be_visible()
    _accessible(page)

    page.get_by_label("File (up to 5 MB)").set_input_files(badge)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="This record is verified")).to_be_visible()
    expect(page.get_by_role("row", name="Revocation status passed STATUS_ACTIVE")).to_be_visible()
    _accessible(page)

    page.get_by_label("Or paste it here").fill("this is not a credential")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text("We could not read a credential")
    expect(page.get_by_label("Or paste it here")).to_have_attribute("aria-invalid", "true")
    _accessible(page)
