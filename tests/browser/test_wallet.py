"""The wallet in a real browser, with axe-core's WCAG A/AA rules on every page of the flow:
add a record by pasting it, list, detail, share, the public share page opened without an
account, the worker's shares and views, a presentation share, withdraw, and the withdrawn
link (410)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page
from tests.browser.test_accessibility import WCAG_AA, describe
from tests.wallet.helpers import outside_credential

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _accessible(axe: Axe, page: Page) -> None:
    results = axe.run(page, options=WCAG_AA)
    assert results.response["passes"], "axe-core checked nothing"
    violations = results.response["violations"]
    assert not violations, f"axe found WCAG A/AA problems on {page.url}:\n{describe(violations)}"


def test_wallet_flow_is_accessible(page_as: Callable[[str], Page], page: Page, axe: Axe) -> None:
    worker = page_as("worker")
    worker.goto("/worker/records")
    _accessible(axe, worker)  # the empty list
    worker.goto("/worker/records/add")
    _accessible(axe, worker)
    worker.get_by_label("Or paste it here").fill(json.dumps(outside_credential()))
    worker.get_by_role("button", name="Check and keep in my records").click()
    worker.get_by_text("It is now in your records.").wait_for()
    _accessible(axe, worker)
    worker.get_by_role("link", name="Open it").click()
    worker.get_by_role("heading", name="Forklift Operator").wait_for()
    _accessible(axe, worker)
    worker.goto("/worker/records")
    worker.get_by_label("Share Forklift Operator").check()
    worker.get_by_label("Who is it for? (only you see this)").fill("Acme Corp hiring")
    worker.get_by_label("The link works for").select_option("1d")
    worker.get_by_role("button", name="Make a share link").click()
    url = worker.locator("#share-url").inner_text()
    _accessible(axe, worker)

    response = page.goto(url)  # a stranger: no account
    assert response is not None
    assert response.status == 200
    page.get_by_role("heading", name="Forklift Operator").wait_for()
    assert "SIGNATURE_INVALID" not in page.content()
    _accessible(axe, page)

    worker.goto("/worker/shares")
    _accessible(axe, worker)
    worker.get_by_role("link", name="Acme Corp hiring").click()
    worker.get_by_role("cell", name="the page").wait_for()  # the stranger's view is listed
    _accessible(axe, worker)
    worker.get_by_role("button", name="Withdraw this link now").click()
    worker.get_by_role("heading", name="When it was opened").wait_for()

    worker.goto("/worker/records")  # the same record, as a presentation for one recipient
    worker.get_by_label("Share Forklift Operator").check()
    worker.get_by_label("The same link, with the records also signed by you", exact=False).check()
    worker.get_by_label("Recipient's web address or DID", exact=False).fill(
        "https://hiring.acme.example"
    )
    worker.get_by_role("button", name="Make a share link").click()
    worker.locator("#share-challenge").wait_for()
    _accessible(axe, worker)
    page.goto(worker.locator("#share-url").inner_text())
    page.get_by_role("heading", name="Verifiable presentation").wait_for()
    _accessible(axe, page)

    gone = page.goto(url)
    assert gone is not None
    assert gone.status == 410
    assert "Forklift Operator" not in page.content()
    _accessible(axe, page)
