"""axe-core's WCAG 2.x A and AA rules on each page, as the page is rendered in Chromium.

axe-playwright-python ships axe.min.js inside the package and injects it into the page, so
the check needs no network.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

WCAG_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}

# (test id, who is signed in (None: nobody), address, HTTP status the page answers with)
PAGES = [
    ("login", None, "/login", 200),
    ("worker-home", "worker", "/worker", 200),
    ("account", "worker", "/account", 200),
    ("account-audit", "worker", "/account/audit", 200),
    ("account-data", "worker", "/account/data", 200),
    ("admin-users", "admin", "/admin/users", 200),
    ("admin-organizations", "admin", "/admin/organizations", 200),
    ("admin-audit", "admin", "/admin/audit", 200),
    ("forbidden-403", "worker", "/employer", 403),
    ("issuer-orgs", "issuer", "/issuer/orgs", 200),
    ("issuer-achievements", "issuer", "/issuer/orgs/suncoast-state-college/achievements", 200),
    ("issuer-issue", "issuer", "/issuer/orgs/suncoast-state-college/issue", 200),
    ("issuer-issued", "issuer", "/issuer/orgs/suncoast-state-college/issued", 200),
]


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [pytest.param(role, path, status, id=name) for name, role, path, status in PAGES],
)
def test_page_meets_wcag_aa(
    request: pytest.FixtureRequest, axe: Axe, role: str | None, path: str, status: int
) -> None:
    page: Page
    if role is None:
        page = request.getfixturevalue("page")
    else:
        page_as: Callable[[str], Page] = request.getfixturevalue("page_as")
        page = page_as(role)
    response = page.goto(path)
    assert response is not None
    assert response.status == status
    assert response.url.endswith(path), f"{path} redirected to {response.url}"

    results = axe.run(page, options=WCAG_AA)
    # axe reports the rules that passed too: none would mean it did not really run.
    assert results.response["passes"], "axe-core checked nothing"
    violations = results.response["violations"]
    assert not violations, f"axe found WCAG A/AA problems on {path}:\n{describe(violations)}"
