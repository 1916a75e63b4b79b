"""Lockout after repeated failures, and the second factor."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from sqlalchemy.orm import Session

from openler.services import accounts, login
from openler.services.context import Actor
from openler.services.login import LoginStatus
from tests.services.helpers import PASSWORD, make_org, make_user
from tests.support.clock import FakeClock


def test_ten_wrong_passwords_lock_for_fifteen_minutes(db: Session, clock: FakeClock) -> None:
    make_user(db, clock)
    for attempt in range(1, 10):
        result = login.check_password(db, "ana@example.org", "wrong password!", now=clock())
        assert result.status is LoginStatus.WRONG, attempt
    result = login.check_password(db, "ana@example.org", "wrong password!", now=clock())
    assert result.status is LoginStatus.LOCKED
    assert result.locked_until == clock() + timedelta(minutes=15)
    # The right password does not get in while locked...
    clock.advance(minutes=14, seconds=59)
    assert (
        login.check_password(db, "ana@example.org", PASSWORD, now=clock()).status
        is LoginStatus.LOCKED
    )
    # ...and does once the 15 minutes are over.
    clock.advance(seconds=1)
    assert (
        login.check_password(db, "ana@example.org", PASSWORD, now=clock()).status is LoginStatus.OK
    )


def test_success_resets_the_count_of_failures(db: Session, clock: FakeClock) -> None:
    make_user(db, clock)
    for _ in range(9):
        login.check_password(db, "ana@example.org", "wrong password!", now=clock())
    assert (
        login.check_password(db, "ana@example.org", PASSWORD, now=clock()).status is LoginStatus.OK
    )
    for _ in range(9):
        result = login.check_password(db, "ana@example.org", "wrong password!", now=clock())
    assert result.status is LoginStatus.WRONG  # 9 after a success: not locked


def test_admin_can_unlock(db: Session, clock: FakeClock) -> None:
    user = make_user(db, clock)
    for _ in range(10):
        login.check_password(db, "ana@example.org", "wrong password!", now=clock())
    assert login.is_locked(user, clock())  # shown to administrators
    admin = make_user(db, clock, email="root@example.org", roles=("admin",))
    accounts.unlock(db, Actor.for_user(admin, via="web"), user.id, now=clock())
    assert (
        login.check_password(db, "ana@example.org", PASSWORD, now=clock()).status is LoginStatus.OK
    )


def test_unknown_email_looks_like_a_wrong_password(db: Session, clock: FakeClock) -> None:
    assert (
        login.check_password(db, "nobody@example.org", PASSWORD, now=clock()).status
        is LoginStatus.WRONG
    )
    assert (
        login.check_password(db, "not an email", PASSWORD, now=clock()).status is LoginStatus.WRONG
    )


def test_admin_and_issuer_must_enrol_a_second_factor(db: Session, clock: FakeClock) -> None:
    make_org(db, clock)
    make_user(db, clock, email="root@example.org", roles=("admin",))
    make_user(db, clock, email="iss@example.org", roles=("issuer",), orgs=("lake-college",))
    make_user(db, clock, email="w@example.org", roles=("worker",))
    for email in ("root@example.org", "iss@example.org"):
        result = login.check_password(db, email, PASSWORD, now=clock())
        assert result.status is LoginStatus.OK
        assert result.needs_second_factor
        assert result.needs_enrollment
    worker = login.check_password(db, "w@example.org", PASSWORD, now=clock())
    assert not worker.needs_second_factor


def _enrolled_admin(db: Session, clock: FakeClock) -> tuple[object, str]:
    admin = make_user(db, clock, email="root@example.org", roles=("admin",))
    secret = login.begin_enrollment(db, admin)
    code = pyotp.TOTP(secret).at(clock())
    assert login.confirm_enrollment(db, admin, code, now=clock()).status is LoginStatus.OK
    return admin, secret


def test_totp_code_accepted_once_and_within_drift(db: Session, clock: FakeClock) -> None:
    admin, secret = _enrolled_admin(db, clock)
    clock.advance(seconds=60)
    totp = pyotp.TOTP(secret)
    # A code from the previous 30-second step is still accepted (clock drift)...
    previous = totp.at(clock().timestamp() - 30)
    assert login.check_second_factor(db, admin, previous, now=clock()).status is LoginStatus.OK  # type: ignore[arg-type]
    # ...but not twice, nor an older one (replay).
    assert login.check_second_factor(db, admin, previous, now=clock()).status is LoginStatus.WRONG  # type: ignore[arg-type]
    current = totp.at(clock())
    assert login.check_second_factor(db, admin, current, now=clock()).status is LoginStatus.OK  # type: ignore[arg-type]


def test_codes_two_steps_away_are_refused(db: Session, clock: FakeClock) -> None:
    admin, secret = _enrolled_admin(db, clock)
    clock.advance(minutes=5)
    stale = pyotp.TOTP(secret).at(clock().timestamp() - 60)
    assert login.check_second_factor(db, admin, stale, now=clock()).status is LoginStatus.WRONG  # type: ignore[arg-type]


def test_wrong_codes_count_toward_the_lockout(db: Session, clock: FakeClock) -> None:
    admin, _ = _enrolled_admin(db, clock)
    statuses = [
        login.check_second_factor(db, admin, "000000", now=clock()).status  # type: ignore[arg-type]
        for _ in range(10)
    ]
    assert statuses[-1] is LoginStatus.LOCKED
    assert set(statuses[:-1]) == {LoginStatus.WRONG}
