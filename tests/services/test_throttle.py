"""Throttling failed logins per account and per client address (services/throttle.py)."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openler.services import login, passwords, throttle
from openler.services.login import LoginStatus
from openler.store import repositories as repo
from openler.store.models import LoginFailure
from tests.services.helpers import PASSWORD, make_user
from tests.support.clock import FakeClock

WRONG = "wrong password!"


def _fail(
    db: Session, clock: FakeClock, email: str, times: int, address: str | None = None
) -> None:
    for attempt in range(times):
        result = login.check_password(db, email, WRONG, now=clock(), address=address)
        assert result.status is LoginStatus.WRONG, attempt


def test_the_lock_ends_fifteen_minutes_after_the_tenth_failure(
    db: Session, clock: FakeClock
) -> None:
    make_user(db, clock)
    _fail(db, clock, "ana@example.org", 9)
    clock.advance(minutes=5)
    locked = login.check_password(db, "ana@example.org", WRONG, now=clock())
    assert locked.status is LoginStatus.LOCKED
    assert locked.locked_until == clock() + timedelta(minutes=15)
    assert locked.retry_after(clock()) == 15 * 60
    clock.advance(minutes=14, seconds=59)
    still = login.check_password(db, "ana@example.org", PASSWORD, now=clock())
    assert (still.status, still.retry_after(clock())) == (LoginStatus.LOCKED, 1)
    clock.advance(seconds=1)
    assert login.check_password(db, "ana@example.org", PASSWORD, now=clock()).status is (
        LoginStatus.OK
    )


def test_failures_spread_beyond_the_window_do_not_lock(db: Session, clock: FakeClock) -> None:
    make_user(db, clock)
    _fail(db, clock, "ana@example.org", 9)
    clock.advance(minutes=15)  # the nine are now older than the 15-minute window
    _fail(db, clock, "ana@example.org", 9)


def test_a_day_allows_no_more_than_a_hundred_failures(db: Session, clock: FakeClock) -> None:
    # NIST SP 800-63B 5.2.2: no more than 100 consecutive failures on one account. Nine every
    # 16 minutes never trips the 15-minute rule; the hundredth trips the daily one.
    make_user(db, clock)
    for _ in range(11):
        _fail(db, clock, "ana@example.org", 9)
        clock.advance(minutes=16)
    result = login.check_password(db, "ana@example.org", WRONG, now=clock())
    assert result.status is LoginStatus.LOCKED
    assert result.locked_until == clock() + timedelta(days=1)
    clock.advance(hours=23, minutes=59)
    assert login.check_password(db, "ana@example.org", PASSWORD, now=clock()).status is (
        LoginStatus.LOCKED
    )
    clock.advance(minutes=1)
    assert login.check_password(db, "ana@example.org", PASSWORD, now=clock()).status is (
        LoginStatus.OK
    )


def test_unknown_and_known_emails_are_throttled_alike(
    db: Session, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_user(db, clock)
    hashed: list[str | None] = []
    real_verify = passwords.verify_password
    monkeypatch.setattr(
        login, "verify_password", lambda h, p: hashed.append(h) or real_verify(h, p)
    )
    outcomes = {}
    for email in ("ana@example.org", "nobody@example.org"):
        hashed.clear()
        results = [login.check_password(db, email, WRONG, now=clock()) for _ in range(12)]
        outcomes[email] = [(r.status, r.user is None, r.locked_until) for r in results[9:]]
        # Ten password checks (one each until the lock, real or dummy), none once locked.
        assert len(hashed) == 10, email
    assert outcomes["ana@example.org"] == outcomes["nobody@example.org"]
    assert outcomes["nobody@example.org"][0] == (
        LoginStatus.LOCKED,
        True,
        clock() + timedelta(minutes=15),
    )


def test_the_account_key_is_the_normalized_email(db: Session, clock: FakeClock) -> None:
    user = make_user(db, clock)
    assert throttle.account_key("  Ana@Example.ORG ") == throttle.key_of(user)
    _fail(db, clock, "ANA@example.org", 5)
    _fail(db, clock, " ana@EXAMPLE.org", 4)
    assert login.check_password(db, "ana@example.org", WRONG, now=clock()).status is (
        LoginStatus.LOCKED
    )


def test_wrong_codes_and_passwords_share_the_account_budget(db: Session, clock: FakeClock) -> None:
    admin = make_user(db, clock, email="root@example.org", roles=("admin",))
    secret = login.begin_enrollment(db, admin)
    confirmed = login.confirm_enrollment(db, admin, pyotp.TOTP(secret).at(clock()), now=clock())
    assert confirmed.status is LoginStatus.OK
    _fail(db, clock, "root@example.org", 5)
    for _ in range(4):
        assert login.check_second_factor(db, admin, "000000", now=clock()).status is (
            LoginStatus.WRONG
        )
    locked = login.check_second_factor(db, admin, "000000", now=clock())
    assert locked.status is LoginStatus.LOCKED
    # The right code is refused too while locked, and the password as well.
    clock.advance(seconds=30)
    code = pyotp.TOTP(secret).at(clock())
    assert login.check_second_factor(db, admin, code, now=clock()).status is LoginStatus.LOCKED
    assert login.check_password(db, "root@example.org", PASSWORD, now=clock()).status is (
        LoginStatus.LOCKED
    )


def test_one_address_is_limited_across_accounts(db: Session, clock: FakeClock) -> None:
    make_user(db, clock)
    for n in range(49):
        _fail(db, clock, f"guess{n}@example.org", 1, address="203.0.113.7")
    fiftieth = login.check_password(
        db, "guess49@example.org", WRONG, now=clock(), address="203.0.113.7"
    )
    assert fiftieth.status is LoginStatus.LOCKED
    assert fiftieth.locked_until == clock() + timedelta(minutes=15)
    # Even a right password from that address waits; another address does not.
    assert (
        login.check_password(
            db, "ana@example.org", PASSWORD, now=clock(), address="203.0.113.7"
        ).status
        is LoginStatus.LOCKED
    )
    assert (
        login.check_password(
            db, "ana@example.org", PASSWORD, now=clock(), address="198.51.100.2"
        ).status
        is LoginStatus.OK
    )


def test_a_lock_is_audited_known_or_not(db: Session, clock: FakeClock) -> None:
    user = make_user(db, clock)
    _fail(db, clock, "ana@example.org", 9)
    _fail(db, clock, "nobody@example.org", 9)
    for email in ("ana@example.org", "nobody@example.org"):
        login.check_password(db, email, WRONG, now=clock())
    entries = repo.audit_entries(db, action="account.locked")
    assert sorted((e.subject or "", e.detail["known"]) for e in entries) == [
        ("", False),
        (user.pseudonym, True),
    ]
    assert all(e.detail["until"] == (clock() + timedelta(minutes=15)).isoformat() for e in entries)


def test_old_failures_are_pruned(db: Session, clock: FakeClock) -> None:
    _fail(db, clock, "nobody@example.org", 5)
    clock.advance(days=2, seconds=1)
    _fail(db, clock, "other@example.org", 1)
    rows = db.scalar(select(func.count()).select_from(LoginFailure))
    assert rows == 1  # the five older than two days went when the new one was recorded
