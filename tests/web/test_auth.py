"""Login, cookies, CSRF, lockout, second factor and reset through the web."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

import pyotp
from fastapi import FastAPI
from starlette.testclient import TestClient

from openler.services import sessions
from openler.store import repositories as repo
from openler.store.db import transaction
from openler.web.security import CSRF_COOKIE, SESSION_COOKIE, unsign_session
from tests.conftest import csrf_from
from tests.support.clock import FakeClock
from tests.web.helpers import log_in, post_form, seed_demo


def _set_cookies(response: object) -> dict[str, str]:
    """Set-Cookie headers by cookie name."""
    out = {}
    for header in response.headers.get_list("set-cookie"):  # type: ignore[attr-defined]
        name = header.split("=", 1)[0]
        out[name] = header
    return out


def test_session_cookie_flags(app: FastAPI, client: TestClient, clock: FakeClock) -> None:
    seed_demo(app, clock)
    response = log_in(client, "worker@demo.openler.org")
    header = _set_cookies(response)[SESSION_COOKIE]
    parsed = SimpleCookie()
    parsed.load(header)
    morsel = parsed[SESSION_COOKIE]
    assert morsel["httponly"] is True
    assert morsel["samesite"].lower() == "lax"
    assert morsel["path"] == "/"
    assert int(morsel["max-age"]) == 12 * 3600
    assert not morsel["secure"]  # OPENLER_SECURE_COOKIES is off in this test
    # The cookie is signed: its value is not the raw token, and a tampered one is refused.
    token = unsign_session(app.state.settings, morsel.value)
    assert token is not None
    assert token not in morsel.value.split(".")[-1]
    assert unsign_session(app.state.settings, morsel.value[:-2] + "xx") is None


def test_secure_flag_when_configured(app: FastAPI, client: TestClient, clock: FakeClock) -> None:
    from dataclasses import replace

    app.state.settings = replace(app.state.settings, secure_cookies=True)
    seed_demo(app, clock)
    header = _set_cookies(log_in(client, "worker@demo.openler.org"))[SESSION_COOKIE]
    assert "Secure" in header


def test_session_rotates_at_login(app: FastAPI, client: TestClient, clock: FakeClock) -> None:
    seed_demo(app, clock)
    log_in(client, "worker@demo.openler.org")
    first = client.cookies.get(SESSION_COOKIE)
    first_csrf = client.cookies.get(CSRF_COOKIE)
    log_in(client, "worker@demo.openler.org")
    second = client.cookies.get(SESSION_COOKIE)
    assert first
    assert second
    assert first != second
    assert client.cookies.get(CSRF_COOKIE) != first_csrf
    old_token = unsign_session(app.state.settings, first)
    assert old_token is not None
    with transaction(app.state.sessions) as db:
        assert sessions.resolve(db, old_token, now=clock()) is None  # the old session is gone


def test_form_without_csrf_token_is_refused(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    seed_demo(app, clock)
    client.get("/login")
    data = {"email": "worker@demo.openler.org", "password": "openler-demo-2026"}
    missing = client.post("/login", data=data, follow_redirects=False)
    assert missing.status_code == 403
    assert "CSRF_FAILED" in missing.text
    wrong = client.post("/login", data={**data, "csrf_token": "f" * 64}, follow_redirects=False)
    assert wrong.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_csrf_token_from_another_visitor_is_refused(app: FastAPI, clock: FakeClock) -> None:
    seed_demo(app, clock)
    with TestClient(app) as attacker, TestClient(app) as victim:
        stolen = csrf_from(attacker.get("/login").text)
        victim.get("/login")
        response = victim.post(
            "/login",
            data={"email": "worker@demo.openler.org", "password": "x" * 12, "csrf_token": stolen},
        )
        assert response.status_code == 403


def test_every_form_on_every_page_carries_a_csrf_token(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    logins = seed_demo(app, clock)
    log_in(client, logins["admin"].email, totp_secret=logins["admin"].totp_secret, clock=clock)
    pages = ["/admin", "/admin/users", "/admin/organizations", "/account", "/account/data"]
    for page in pages:
        html = client.get(page).text
        for form in re.findall(r"<form[^>]*>.*?</form>", html, flags=re.S):
            if 'method="post"' in form:
                assert 'name="csrf_token"' in form, (page, form[:80])


def test_json_api_needs_csrf_header_with_a_cookie(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    seed_demo(app, clock)
    log_in(client, "worker@demo.openler.org")
    body = {"name": "script", "role": "worker"}
    assert client.post("/api/v1/tokens", json=body).status_code == 403
    token = csrf_from(client.get("/account").text)
    made = client.post("/api/v1/tokens", json=body, headers={"X-CSRF-Token": token})
    assert made.status_code == 201
    # A bearer token needs no CSRF token: browsers never attach it on their own.
    with TestClient(app) as machine:
        auth = {"Authorization": f"Bearer {made.json()['token']}"}
        assert machine.get("/api/v1/me", headers=auth).json()["acting_role"] == "worker"
        assert (
            machine.delete(f"/api/v1/tokens/{made.json()['id']}", headers=auth).status_code == 200
        )


def test_ten_wrong_passwords_lock_the_account(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    seed_demo(app, clock)
    statuses = [
        log_in(client, "worker@demo.openler.org", password="not the password").status_code  # type: ignore[attr-defined]
        for _ in range(10)
    ]
    assert statuses == [401] * 9 + [429]
    right = log_in(client, "worker@demo.openler.org")
    assert right.status_code == 429  # type: ignore[attr-defined]
    assert "Try again in 15 minutes" in right.text  # type: ignore[attr-defined]
    clock.advance(minutes=15)
    assert log_in(client, "worker@demo.openler.org").status_code == 303  # type: ignore[attr-defined]


def test_admin_unlocks_through_the_web(app: FastAPI, clock: FakeClock) -> None:
    logins = seed_demo(app, clock)
    with TestClient(app) as worker, TestClient(app) as admin:
        for _ in range(10):
            log_in(worker, "worker@demo.openler.org", password="not the password")
        log_in(admin, logins["admin"].email, totp_secret=logins["admin"].totp_secret, clock=clock)
        with transaction(app.state.sessions) as db:
            user = repo.user_by_email(db, "worker@demo.openler.org")
            assert user is not None
            user_id = user.id
        assert "Unlock" in admin.get(f"/admin/users/{user_id}").text
        post_form(admin, f"/admin/users/{user_id}", f"/admin/users/{user_id}/unlock", {})
        assert log_in(worker, "worker@demo.openler.org").status_code == 303  # type: ignore[attr-defined]


def test_admin_needs_the_second_factor(app: FastAPI, client: TestClient, clock: FakeClock) -> None:
    logins = seed_demo(app, clock)
    response = log_in(client, logins["admin"].email)
    assert response.headers["location"] == "/login/code?next=/"  # type: ignore[attr-defined]
    # Half logged in: no page but the code page.
    assert client.get("/admin", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/me").status_code == 401
    wrong = post_form(client, "/login/code", "/login/code", {"code": "123456"})
    assert wrong.status_code == 401  # type: ignore[attr-defined]
    code = pyotp.TOTP(logins["admin"].totp_secret).at(clock())
    right = post_form(client, "/login/code", "/login/code", {"code": code})
    assert right.status_code == 303  # type: ignore[attr-defined]
    assert client.get("/admin").status_code == 200


def test_new_admin_enrols_an_authenticator(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    logins = seed_demo(app, clock)
    with TestClient(app) as admin:
        log_in(admin, logins["admin"].email, totp_secret=logins["admin"].totp_secret, clock=clock)
        post_form(
            admin,
            "/admin/users",
            "/admin/users",
            {
                "email": "new.admin@example.org",
                "password": "a long first password",
                "roles": "admin",
                "display_name": "New Admin",
            },
        )
    response = log_in(client, "new.admin@example.org", password="a long first password")
    assert response.headers["location"] == "/login/enroll?next=/"  # type: ignore[attr-defined]
    page = client.get("/login/enroll")
    assert "<svg" in page.text  # the QR code
    secret = re.search(r'class="secret">([A-Z2-7]+)<', page.text)
    assert secret
    code = pyotp.TOTP(secret.group(1)).at(clock())
    done = post_form(client, "/login/enroll", "/login/enroll", {"code": code})
    assert done.status_code == 303  # type: ignore[attr-defined]
    assert client.get("/admin").status_code == 200


def test_logout_ends_the_session(app: FastAPI, client: TestClient, clock: FakeClock) -> None:
    seed_demo(app, clock)
    log_in(client, "worker@demo.openler.org")
    cookie = client.cookies.get(SESSION_COOKIE)
    post_form(client, "/account", "/logout", {})
    assert client.get("/account", follow_redirects=False).status_code == 303
    # Replaying the old cookie does not bring the session back.
    with TestClient(app) as replay:
        replay.cookies.set(SESSION_COOKIE, cookie or "")
        assert replay.get("/account", follow_redirects=False).status_code == 303


def test_caseworker_reset_link_flow(app: FastAPI, clock: FakeClock) -> None:
    seed_demo(app, clock)
    with TestClient(app) as caseworker, TestClient(app) as worker:
        log_in(caseworker, "caseworker@demo.openler.org")
        issued = post_form(
            caseworker,
            "/caseworker/reset",
            "/caseworker/reset",
            {"email": "worker@demo.openler.org"},
        )
        link = re.search(r'id="reset-link">([^<]+)<', issued.text)  # type: ignore[attr-defined]
        assert link
        assert link.group(1).startswith("https://openler.example.gov/reset/")
        path = link.group(1).removeprefix("https://openler.example.gov")
        new = "my own new passphrase"
        done = post_form(worker, path, path, {"password": new, "confirm": new})
        assert done.status_code == 200  # type: ignore[attr-defined]
        assert log_in(worker, "worker@demo.openler.org", password=new).status_code == 303  # type: ignore[attr-defined]
        assert worker.get(path).status_code == 401  # single use
        refused = post_form(
            caseworker,
            "/caseworker/reset",
            "/caseworker/reset",
            {"email": "admin@demo.openler.org"},
        )
        assert refused.status_code == 403  # type: ignore[attr-defined]
