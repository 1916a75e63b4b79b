from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openler.errors import AuthenticationError
from openler.services import accounts, audit, login, privacy, tokens
from openler.services.context import Actor
from openler.services.login import LoginStatus
from openler.store.models import AuditEntry, User
from tests.services.helpers import PASSWORD, make_user
from tests.support.clock import FakeClock


def test_worker_sees_who_read_their_data(db: Session, clock: FakeClock) -> None:
    worker = make_user(db, clock)
    admin = make_user(db, clock, email="root@example.org", roles=("admin",))
    accounts.get_user(db, Actor.for_user(admin, via="web"), worker.id, now=clock())
    log = audit.my_log(db, Actor.for_user(worker, via="web"))
    viewed = [e for e in log if e.action == "account.viewed"]
    assert len(viewed) == 1
    assert viewed[0].actor == "Root"  # the admin's name, as the worker sees it
    assert viewed[0].actor_role == "admin"


def test_export_holds_the_account_tokens_and_log(db: Session, clock: FakeClock) -> None:
    worker = make_user(db, clock)
    actor = Actor.for_user(worker, via="web")
    tokens.create(db, actor, name="phone", role="worker", now=clock())
    document = privacy.export(db, actor, now=clock())
    json.dumps(document)  # JSON-ready
    assert document["account"]["email"] == "ana@example.org"
    assert document["account"]["roles"] == ["worker"]
    assert [t["name"] for t in document["api_tokens"]] == ["phone"]
    assert {e["action"] for e in document["audit_log"]} >= {"account.created", "token.created"}
    assert "token_hash" not in json.dumps(document)


def test_deletion_erases_personal_data_and_keeps_a_pseudonymous_log(
    db: Session, clock: FakeClock
) -> None:
    worker = make_user(db, clock)
    pseudonym = worker.pseudonym
    actor = Actor.for_user(worker, via="web")
    with pytest.raises(AuthenticationError):
        privacy.delete_account(db, actor, "not my password", now=clock())
    privacy.delete_account(db, actor, PASSWORD, now=clock())
    db.commit()
    row = db.get(User, worker.id)
    assert row is not None
    assert (row.email, row.display_name, row.password_hash, row.status) == (
        None,
        None,
        None,
        "deleted",
    )
    assert row.roles == []
    entries = db.scalars(select(AuditEntry).where(AuditEntry.subject == pseudonym)).all()
    assert {e.action for e in entries} >= {"account.created", "account.deleted"}
    everything = json.dumps(
        [[e.actor, e.subject, e.detail] for e in db.scalars(select(AuditEntry))]
    )
    assert "ana@example.org" not in everything
    assert "Ana" not in everything
    assert (
        login.check_password(db, "ana@example.org", PASSWORD, now=clock()).status
        is LoginStatus.WRONG
    )
    # The email can be used again by a new account.
    make_user(db, clock)
