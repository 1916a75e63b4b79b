"""Through the web: the setup page shows the authenticator secret to its owner while the
database keeps it sealed, and a secret that does not open gives a clear page, not details."""

from __future__ import annotations

import re

import pyotp
import sqlalchemy as sa
from fastapi import FastAPI
from starlette.testclient import TestClient

from openler.store.db import transaction
from tests.conftest import csrf_from
from tests.support.clock import FakeClock
from tests.web.helpers import log_in, post_form, seed_demo


def test_setup_page_shows_the_secret_that_the_database_keeps_sealed(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    logins = seed_demo(app, clock)
    admin = logins["admin"]
    assert admin.totp_secret is not None
    log_in(client, admin.email, totp_secret=admin.totp_secret, clock=clock)
    post_form(
        client,
        "/admin/users",
        "/admin/users",
        {"email": "new@example.org", "password": "a long first password", "roles": "admin"},
    )
    with TestClient(app) as newcomer:
        log_in(newcomer, "new@example.org", password="a long first password")
        page = newcomer.get("/login/enroll").text
        shown = re.search(r'class="secret">([A-Z2-7]+)<', page)
        assert shown
        with transaction(app.state.sessions) as db:
            raw = db.execute(
                sa.text("SELECT totp_secret_sealed FROM users WHERE email = 'new@example.org'")
            ).scalar_one()
        assert shown.group(1).encode() not in bytes(raw)
        code = pyotp.TOTP(shown.group(1)).at(clock())
        done = post_form(newcomer, "/login/enroll", "/login/enroll", {"code": code})
        assert done.status_code == 303  # type: ignore[attr-defined]


def test_a_secret_moved_between_rows_gives_a_plain_error_page(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    logins = seed_demo(app, clock)
    with transaction(app.state.sessions) as db:
        db.execute(
            sa.text(
                "UPDATE users SET totp_secret_sealed = (SELECT totp_secret_sealed FROM users "
                "WHERE email = :issuer) WHERE email = :admin"
            ),
            {"issuer": logins["issuer"].email, "admin": logins["admin"].email},
        )
    admin = logins["admin"]
    assert admin.totp_secret is not None
    response = log_in(client, admin.email, totp_secret=admin.totp_secret, clock=clock)
    assert response.status_code == 500  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "could not read a key it keeps" in text
    assert "SECRET_UNREADABLE" in text
    assert "totp_secret_sealed" not in text  # the details go to the operator's log


def test_the_setup_page_is_closed_once_the_authenticator_is_confirmed(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    """Someone who knows only the password of an enrolled admin must not get the secret."""
    logins = seed_demo(app, clock)
    admin = logins["admin"]
    assert admin.totp_secret is not None
    first = log_in(client, admin.email)  # password only: the code is still to come
    assert first.headers["location"].startswith("/login/code")  # type: ignore[attr-defined]
    page = client.get("/login/enroll", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login/code")
    assert admin.totp_secret not in page.text
    code = pyotp.TOTP(admin.totp_secret).at(clock())
    token = csrf_from(client.get("/login/code").text)
    sent = client.post(
        "/login/enroll", data={"code": code, "csrf_token": token}, follow_redirects=False
    )
    assert sent.status_code == 303
    assert sent.headers["location"].startswith("/login/code")  # not logged in by this route
    assert client.get("/admin", follow_redirects=False).status_code == 303
