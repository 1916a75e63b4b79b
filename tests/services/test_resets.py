from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from openler.errors import AuthenticationError, PermissionDenied, ValidationError
from openler.services import login, resets, sessions
from openler.services.context import Actor
from openler.services.login import LoginStatus
from tests.services.helpers import make_org, make_user
from tests.support.clock import FakeClock

NEW_PASSWORD = "a brand new passphrase"


def _caseworker(db: Session, clock: FakeClock) -> Actor:
    make_org(db, clock, "state-agency", "state_agency")
    return Actor.for_user(
        make_user(db, clock, email="cw@example.org", roles=("caseworker",), orgs=()), via="web"
    )


def test_link_is_single_use_and_sets_the_password(db: Session, clock: FakeClock) -> None:
    worker = make_user(db, clock)
    link = resets.issue(db, _caseworker(db, clock), worker, now=clock())
    resets.redeem(db, link.token, NEW_PASSWORD, now=clock())
    assert (
        login.check_password(db, "ana@example.org", NEW_PASSWORD, now=clock()).status
        is LoginStatus.OK
    )
    with pytest.raises(AuthenticationError, match="not valid"):
        resets.redeem(db, link.token, "another new passphrase", now=clock())


def test_link_expires_after_24_hours(db: Session, clock: FakeClock) -> None:
    worker = make_user(db, clock)
    link = resets.issue(db, _caseworker(db, clock), worker, now=clock())
    clock.advance(hours=24)
    with pytest.raises(AuthenticationError):
        resets.check(db, link.token, now=clock())


def test_new_link_replaces_older_ones(db: Session, clock: FakeClock) -> None:
    worker = make_user(db, clock)
    caseworker = _caseworker(db, clock)
    first = resets.issue(db, caseworker, worker, now=clock())
    second = resets.issue(db, caseworker, worker, now=clock())
    with pytest.raises(AuthenticationError):
        resets.check(db, first.token, now=clock())
    assert resets.check(db, second.token, now=clock()).id == worker.id


def test_reset_ends_lockout_and_sessions(db: Session, clock: FakeClock) -> None:
    worker = make_user(db, clock)
    token = sessions.start(db, worker, now=clock(), pending_second_factor=False, replaces=None)
    for _ in range(10):
        login.check_password(db, "ana@example.org", "wrong password!", now=clock())
    locked = login.check_password(db, "ana@example.org", "wrong password!", now=clock())
    assert locked.status is LoginStatus.LOCKED
    link = resets.issue(db, _caseworker(db, clock), worker, now=clock())
    resets.redeem(db, link.token, NEW_PASSWORD, now=clock())
    assert sessions.resolve(db, token, now=clock()) is None
    assert (
        login.check_password(db, "ana@example.org", NEW_PASSWORD, now=clock()).status
        is LoginStatus.OK
    )


def test_caseworker_cannot_reset_staff_accounts(db: Session, clock: FakeClock) -> None:
    admin = make_user(db, clock, email="root@example.org", roles=("admin",))
    with pytest.raises(PermissionDenied, match="workers only"):
        resets.issue(db, _caseworker(db, clock), admin, now=clock())
    # An admin can.
    resets.issue(db, Actor.for_user(admin, via="web"), admin, now=clock())


def test_workers_cannot_issue_links(db: Session, clock: FakeClock) -> None:
    worker = make_user(db, clock)
    with pytest.raises(PermissionDenied):
        resets.issue(db, Actor.for_user(worker, via="web"), worker, now=clock())


def test_new_password_must_follow_the_policy(db: Session, clock: FakeClock) -> None:
    worker = make_user(db, clock)
    link = resets.issue(db, _caseworker(db, clock), worker, now=clock())
    with pytest.raises(ValidationError, match="12 characters"):
        resets.redeem(db, link.token, "short", now=clock())
    resets.check(db, link.token, now=clock())  # still usable after a refused password
