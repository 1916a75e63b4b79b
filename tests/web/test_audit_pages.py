"""Reads of personal data leave audit entries the worker can see and an admin can search."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import select
from starlette.testclient import TestClient

from openler.store import repositories as repo
from openler.store.db import transaction
from openler.store.models import AuditEntry
from tests.support.clock import FakeClock
from tests.web.helpers import log_in, seed_demo


def test_admin_view_is_in_the_workers_log(app: FastAPI, clock: FakeClock) -> None:
    logins = seed_demo(app, clock)
    with transaction(app.state.sessions) as db:
        worker = repo.user_by_email(db, "worker@demo.openler.org")
        assert worker is not None
        worker_id, pseudonym = worker.id, worker.pseudonym
    with TestClient(app) as admin, TestClient(app) as me:
        log_in(admin, logins["admin"].email, totp_secret=logins["admin"].totp_secret, clock=clock)
        assert admin.get(f"/admin/users/{worker_id}").status_code == 200
        with transaction(app.state.sessions) as db:
            entry = db.scalars(
                select(AuditEntry).where(
                    AuditEntry.subject == pseudonym, AuditEntry.action == "account.viewed"
                )
            ).one()
            assert entry.actor_role == "admin"
            assert entry.via == "web"
        log_in(me, "worker@demo.openler.org")
        page = me.get("/account/audit").text
        assert "account.viewed" in page
        assert "Sam Admin" in page
        api = me.get("/api/v1/me/audit").json()
        assert any(e["action"] == "account.viewed" and e["actor_role"] == "admin" for e in api)
        search = admin.get("/admin/audit", params={"email": "worker@demo.openler.org"}).text
        assert "account.viewed" in search
        assert "Maria Lopez" in search


def test_api_reads_are_audited_too(app: FastAPI, clock: FakeClock) -> None:
    logins = seed_demo(app, clock)
    with TestClient(app) as admin:
        log_in(admin, logins["admin"].email, totp_secret=logins["admin"].totp_secret, clock=clock)
        from tests.conftest import csrf_from

        csrf = csrf_from(admin.get("/account").text)
        token = admin.post(
            "/api/v1/tokens",
            json={"name": "reports", "role": "admin"},
            headers={"X-CSRF-Token": csrf},
        ).json()["token"]
    with TestClient(app) as machine:
        users = machine.get("/api/v1/users", headers={"Authorization": f"Bearer {token}"}).json()
        assert len(users) == 7
    with transaction(app.state.sessions) as db:
        listed = db.scalars(
            select(AuditEntry).where(AuditEntry.action == "account.listed", AuditEntry.via == "api")
        ).all()
        assert len(listed) == 6  # everyone but the admin reading the list


def test_export_and_delete_through_the_web(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    import json

    from tests.web.helpers import post_form

    seed_demo(app, clock)
    log_in(client, "worker@demo.openler.org")
    exported = post_form(client, "/account/data", "/account/data/export", {})
    assert exported.headers["content-disposition"].startswith("attachment")  # type: ignore[attr-defined]
    assert json.loads(exported.text)["account"]["email"] == "worker@demo.openler.org"  # type: ignore[attr-defined]
    refused = post_form(
        client,
        "/account/data",
        "/account/data/delete",
        {"password": "openler-demo-2026", "confirm": "delete"},
    )
    assert refused.status_code == 422  # type: ignore[attr-defined]
    deleted = post_form(
        client,
        "/account/data",
        "/account/data/delete",
        {"password": "openler-demo-2026", "confirm": "DELETE"},
    )
    assert deleted.status_code == 200  # type: ignore[attr-defined]
    assert client.get("/account", follow_redirects=False).status_code == 303
    assert log_in(client, "worker@demo.openler.org").status_code == 401  # type: ignore[attr-defined]
