"""`openler secrets forget-unreadable`: going on after the secrets key is lost.

Secrets are sealed with key A; A is lost and key B installed; the command gives up what B
cannot open. Then a new credential verifies, an old one still does, people whose
authenticator was removed must set up a new one first, and one audit entry lists it all.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pyotp
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from openler.cli import main
from openler.config import Settings
from openler.services import login, sessions
from openler.services.context import Actor
from openler.services.issuer import issuing, keys
from openler.services.issuer.build import Recipient
from openler.services.wallet import holder
from openler.store import repositories as repo
from openler.store.db import session_factory, transaction
from openler.store.kek import read_key_file, write_new_key_file
from openler.store.models import AuditEntry, User
from openler.web.app import create_app
from tests.issuing.helpers import SITE, failures, setup_issuer, verify_issued
from tests.services.helpers import PASSWORD, make_user
from tests.support.clock import FakeClock
from tests.web.helpers import post_form

ANA = Recipient(email="ana@example.org", name="Ana Pérez")


@dataclasses.dataclass
class Before:
    credential: dict[str, Any]
    issuer_key_id: int
    holder_key_id: int
    holder_did: str
    admin: str  # pseudonyms
    bo: str
    cy: str
    admin_session: str


def _enrol(db: Session, user: User, clock: FakeClock) -> None:
    secret = login.begin_enrollment(db, user)
    code = pyotp.TOTP(secret).at(clock())
    assert login.confirm_enrollment(db, user, code, now=clock()).status is login.LoginStatus.OK


def _sealed_with_key_a(db: Session, clock: FakeClock) -> Before:
    s = setup_issuer(db, clock)
    row = issuing.issue_one(db, s.actor, SITE, s.org, s.achievement, ANA, now=clock())
    ana = make_user(db, clock, email="ana@example.org")
    held = holder.holder_key(db, Actor.for_user(ana, "web"), now=clock())
    admin = make_user(db, clock, email="root@example.org", roles=("admin",))
    _enrol(db, admin, clock)
    bo = make_user(db, clock, email="bo@example.org")  # a worker who chose a second factor
    _enrol(db, bo, clock)
    cy = make_user(db, clock, email="cy@example.org")  # began the setup, never finished
    login.begin_enrollment(db, cy)
    token = sessions.start(db, admin, now=clock(), pending_second_factor=False, replaces=None)
    db.commit()
    key = keys.current_key(db, s.org, now=clock())
    holder_row = db.execute(sa.text("SELECT id FROM holder_keys")).scalar_one()
    return Before(
        row.credential, key.id, holder_row, held.controller or "", admin.pseudonym,
        bo.pseudonym, cy.pseudonym, token,
    )  # fmt: skip


def _state(db: Session) -> list[Any]:
    """Everything the command may change, to show that a dry run changes none of it."""
    db.expire_all()
    queries = [
        "SELECT id, secret_key_sealed, retired_at FROM issuer_keys ORDER BY id",
        "SELECT id, did, secret_key_sealed FROM holder_keys ORDER BY id",
        "SELECT id, totp_secret_sealed, totp_confirmed_at, second_factor_reset_at FROM users "
        "ORDER BY id",
        "SELECT count(*) FROM audit_entries",
        "SELECT count(*) FROM web_sessions",
    ]
    return [db.execute(sa.text(q)).all() for q in queries]


@pytest.fixture
def key_b(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> Path:
    """Key A is lost: the service now has key B."""
    path = tmp_path / "key-b.key"
    write_new_key_file(path)
    for name in ("OPENLER_DEMO", "OPENLER_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENLER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OPENLER_DATABASE_URL", database_url)
    monkeypatch.setenv("OPENLER_SECRETS_KEY_FILE", str(path))
    monkeypatch.chdir(tmp_path)
    return path


def _forget(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(main, ["secrets", "forget-unreadable", *args], input=input)


def test_dry_run_and_refusal_change_nothing(db: Session, clock: FakeClock, key_b: Path) -> None:
    before = _sealed_with_key_a(db, clock)
    state = _state(db)
    dry = _forget("--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f"issuer key {before.issuer_key_id} (lake-college#key-1): retired and replaced" in (
        dry.output
    )
    assert f"holder key {before.holder_key_id} (person " in dry.output
    assert f"authenticator of person {before.bo}: removed (must set up a new one)" in dry.output
    assert f"authenticator of person {before.cy}: removed (had not finished" in dry.output
    assert "Dry run: nothing was changed." in dry.output
    assert _state(db) == state
    refused = _forget(input="no\n")
    assert refused.exit_code == 1
    assert "Not confirmed: nothing was changed." in refused.output
    assert _state(db) == state


def test_after_a_lost_key_issuing_and_verifying_go_on(
    db: Session, engine: Engine, clock: FakeClock, key_b: Path
) -> None:
    before = _sealed_with_key_a(db, clock)
    result = _forget(input="forget\n")  # typed confirmation
    assert result.exit_code == 0, result.output
    assert "retired and replaced by key-2" in result.output
    with session_factory(engine, read_key_file(key_b))() as after:
        org = repo.organization_by_slug(after, "lake-college")
        assert org is not None
        issuer = repo.user_by_email(after, "issuer@lake-college.edu")
        assert issuer is not None
        actor = Actor.for_user(issuer, "web")
        achievement = setup_achievement(after, org)
        new = issuing.issue_one(after, actor, SITE, org, achievement, ANA, now=clock())
        after.commit()
        assert new.credential["proof"]["verificationMethod"].endswith("#key-2")
        for credential in (before.credential, new.credential):
            report = verify_issued(after, org, credential, clock())
            assert report.verified, failures(report)
        # The worker's holder key is new, and opens with key B.
        ana = repo.user_by_email(after, "ana@example.org")
        assert ana is not None
        held = holder.holder_key(after, Actor.for_user(ana, "web"), now=clock())
        assert held.controller != before.holder_did
    # Running again finds nothing, and the key can be rotated again (every secret opens).
    again = _forget("--yes")
    assert again.exit_code == 0, again.output
    assert "nothing to forget" in again.output
    key_c = key_b.with_name("key-c.key")
    write_new_key_file(key_c)
    rotated = CliRunner().invoke(main, ["secrets", "rotate", "--new-key-file", str(key_c)])
    assert rotated.exit_code == 0, rotated.output


def setup_achievement(db: Session, org: Any) -> Any:
    from openler.store.models import Achievement

    return db.scalars(sa.select(Achievement).where(Achievement.organization_id == org.id)).one()


def test_one_audit_entry_lists_what_was_given_up(
    db: Session, clock: FakeClock, key_b: Path
) -> None:
    before = _sealed_with_key_a(db, clock)
    assert _forget("--yes").exit_code == 0
    db.expire_all()
    entry = db.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "secrets.unreadable_forgotten")
    ).one()
    detail = entry.detail
    assert detail["key"] == read_key_file(key_b).current.label
    assert [(k["id"], k["key_id"], k["new_key_id"]) for k in detail["issuer_keys"]] == [
        (before.issuer_key_id, "key-1", "key-2")
    ]
    assert [k["id"] for k in detail["holder_keys"]] == [before.holder_key_id]
    assert sorted((e["user"], e["was_set_up"]) for e in detail["second_factors"]) == sorted(
        [(before.admin, True), (before.bo, True), (before.cy, False)]
    )
    assert (entry.actor_role, entry.via) == ("admin", "cli")
    assert sessions.resolve(db, before.admin_session, now=clock()) is None


def test_people_whose_authenticator_was_removed_must_set_up_a_new_one(
    db: Session, engine: Engine, clock: FakeClock, key_b: Path
) -> None:
    _sealed_with_key_a(db, clock)
    assert _forget("--yes").exit_code == 0
    with session_factory(engine, read_key_file(key_b))() as after:
        for email in ("root@example.org", "bo@example.org"):
            result = login.check_password(after, email, PASSWORD, now=clock())
            assert result.status is login.LoginStatus.OK
            # bo, a worker, chose a second factor: removing it must not turn it off.
            assert result.needs_second_factor, email
            assert result.needs_enrollment, email
        cy = login.check_password(after, "cy@example.org", PASSWORD, now=clock())
        assert not cy.needs_second_factor  # never had one
        bo = repo.user_by_email(after, "bo@example.org")
        assert bo is not None
        _enrol(after, bo, clock)
        assert bo.second_factor_reset_at is None
        assert login.requires_second_factor(bo)  # on, with the new authenticator


def test_through_the_web_the_login_stops_at_the_new_setup(
    db: Session, settings: Settings, clock: FakeClock, key_b: Path
) -> None:
    _sealed_with_key_a(db, clock)
    assert _forget("--yes").exit_code == 0
    app: FastAPI = create_app(dataclasses.replace(settings, secrets_key_file=key_b), clock=clock)
    try:
        with TestClient(app) as client:
            response = post_form(
                client, "/login", "/login", {"email": "bo@example.org", "password": PASSWORD}
            )
            assert response.headers["location"].startswith("/login/enroll")  # type: ignore[attr-defined]
            # Half logged in: nothing but the setup.
            assert client.get("/worker/records", follow_redirects=False).status_code == 303
            assert client.get("/api/v1/me").status_code == 401
            assert 'class="secret"' in client.get("/login/enroll").text
        # The admin sets up a new authenticator, then reaches the admin pages, which say that
        # bo has to set one up again.
        with TestClient(app) as admin:
            response = post_form(
                admin, "/login", "/login", {"email": "root@example.org", "password": PASSWORD}
            )
            assert response.headers["location"].startswith("/login/enroll")  # type: ignore[attr-defined]
            page = admin.get("/login/enroll").text
            secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page)
            assert secret is not None
            code = pyotp.TOTP(secret.group(1)).at(clock())
            done = post_form(admin, "/login/enroll", "/login/enroll", {"code": code})
            assert done.status_code == 303  # type: ignore[attr-defined]
            with transaction(app.state.sessions) as db_b:
                bo = repo.user_by_email(db_b, "bo@example.org")
                assert bo is not None
                bo_id = bo.id
            shown = admin.get(f"/admin/users/{bo_id}")
            assert shown.status_code == 200
            assert "To be set up again at the next login" in shown.text
    finally:
        app.state.engine.dispose()
