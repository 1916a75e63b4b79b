"""Seeding and logging in through the real forms."""

from __future__ import annotations

import pyotp
from fastapi import FastAPI
from starlette.testclient import TestClient

from openler.services import demo
from openler.store.db import transaction
from tests.conftest import csrf_from
from tests.support.clock import FakeClock


def seed_demo(app: FastAPI, clock: FakeClock) -> dict[str, demo.DemoLogin]:
    with transaction(app.state.sessions) as db:
        return {login.role: login for login in demo.seed(db, now=clock())}


def post_form(client: TestClient, page: str, action: str, data: dict[str, str]) -> object:
    """Open ``page`` (to get its CSRF token, as a browser would) and submit a form to ``action``."""
    token = csrf_from(client.get(page).text)
    return client.post(action, data={**data, "csrf_token": token}, follow_redirects=False)


def log_in(
    client: TestClient,
    email: str,
    password: str = demo.DEMO_PASSWORD,
    totp_secret: str | None = None,
    clock: FakeClock | None = None,
) -> object:
    response = post_form(client, "/login", "/login", {"email": email, "password": password})
    if totp_secret is not None:
        assert response.status_code == 303, response.text  # type: ignore[attr-defined]
        assert response.headers["location"].startswith("/login/code")  # type: ignore[attr-defined]
        assert clock is not None
        code = pyotp.TOTP(totp_secret).at(clock())
        response = post_form(client, "/login/code", "/login/code", {"code": code})
    return response
