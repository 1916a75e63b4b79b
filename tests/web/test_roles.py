"""Every route checks the caller's role; each demo role logs in and sees its home page."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.testclient import TestClient

from openler.services.demo import USERS
from openler.web.navigation import CAPABILITIES
from tests.support.clock import FakeClock
from tests.web.helpers import log_in, seed_demo


def _access(dependant: Any) -> list[Any]:
    found = []
    for dep in dependant.dependencies:
        if hasattr(dep.call, "__openler_access__"):
            found.append(dep.call.__openler_access__)
        found.extend(_access(dep))
    return found


def test_every_route_declares_who_may_call_it(app: FastAPI) -> None:
    undeclared = [
        f"{sorted(route.methods)} {route.path}"
        for route in app.routes
        if isinstance(route, APIRoute)
        and not _access(route.dependant)
        and not route.path.startswith("/api/v1/openapi")
    ]
    assert undeclared == []


@pytest.mark.parametrize("role", [role for role, _, _ in USERS])
def test_each_demo_role_logs_in_and_sees_its_home(
    app: FastAPI, client: TestClient, clock: FakeClock, role: str
) -> None:
    logins = seed_demo(app, clock)
    login = logins[role]
    response = log_in(client, login.email, totp_secret=login.totp_secret, clock=clock)
    assert response.status_code == 303  # type: ignore[attr-defined]
    home = client.get("/")
    assert home.status_code == 200
    assert home.url.path == f"/{role}"
    for capability in CAPABILITIES[role]:
        assert capability.title.replace("'", "&#39;") in home.text


def test_worker_cannot_open_employer_pages(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    seed_demo(app, clock)
    log_in(client, "worker@demo.openler.org")
    response = client.get("/employer")
    assert response.status_code == 403
    assert "This page is for the employer role" in response.text
    assert "<h1>You do not have access to this page</h1>" in response.text
    assert client.get("/admin/users").status_code == 403


def test_pages_ask_anonymous_visitors_to_log_in(client: TestClient) -> None:
    response = client.get("/worker", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/worker"
    api = client.get("/api/v1/me")
    assert api.status_code == 401
    assert api.json()["error"]["code"] == "NOT_AUTHENTICATED"


def test_capabilities_not_built_are_marked(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    seed_demo(app, clock)
    log_in(client, "worker@demo.openler.org")
    page = client.get("/worker").text
    unbuilt = [c for c in CAPABILITIES["worker"] if not c.available]
    assert page.count("Not available yet") == len(unbuilt)
