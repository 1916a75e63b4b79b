"""Throttling password and one-time-code guessing, per account and per client address.

Failed attempts are rows in the database (``login_failures``), so every web process, on
every host, counts against one budget: a server with N workers does not give N budgets.

NIST SP 800-63B, section 5.2.2 (Rate Limiting (Throttling)): the verifier SHALL limit
consecutive failed authentication attempts on a single subscriber account to no more than
100, and may make the claimant wait longer as the account nears that allowance. Here:

- an account with 10 failures in 15 minutes is refused for 15 minutes after the last one,
  and with 100 failures in a day for a day after the last one, so a single account never
  sees more than 100 guesses a day, at no more than 10 a quarter of an hour;
- a client address with 50 failures in 15 minutes (on any accounts) is refused for 15
  minutes, so one address cannot spread guesses over many accounts.

A permanent lock is not used: anyone could then lock any person out for good by typing
their email with wrong passwords. The account is the SHA-256 of the normalized email typed,
whether or not an account has it, so a throttled unknown email answers exactly like a
throttled real one (no account enumeration). A full login clears the account's failures.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from openler.services import audit
from openler.services.context import Actor
from openler.store import repositories as repo
from openler.store.models import User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    """``limit`` failures within ``window`` refuse attempts for ``lockout`` after the newest."""

    limit: int
    window: timedelta
    lockout: timedelta


ACCOUNT_RULES = (
    Rule(10, timedelta(minutes=15), timedelta(minutes=15)),
    Rule(100, timedelta(days=1), timedelta(days=1)),
)
ADDRESS_RULES = (Rule(50, timedelta(minutes=15), timedelta(minutes=15)),)
# Who tried an email no account has: nobody known.
ANONYMOUS = Actor(user_id=None, pseudonym=None, roles=frozenset(), via="web")
# Failures older than every window and lockout count for nothing: they are deleted.
RETENTION = max(rule.window + rule.lockout for rule in (*ACCOUNT_RULES, *ADDRESS_RULES))
# The newest failures read per check: past a lock no failures are recorded, so a few hundred
# cover the longest rule; the bound only keeps a check cheap whatever the table holds.
MAX_ROWS = 1000


def account_key(identifier: str) -> str:
    """The account as throttling knows it: a hash of the email typed, normalized as
    accounts.normalize_email does (so every spelling that reaches an account counts against
    it), so the table holds no email and unknown ones count like known ones."""
    return hashlib.sha256(f"login:{identifier.strip().lower()}".encode()).hexdigest()


def key_of(user: User) -> str:
    """The throttling key of an existing account (the same as for the email it logs in with)."""
    return account_key(user.email) if user.email else account_key(f"user:{user.pseudonym}")


def _locked_until(times: list[datetime], rules: tuple[Rule, ...], now: datetime) -> datetime | None:
    """The end of the latest lock ``rules`` put on failures at ``times`` (oldest first), if it
    has not ended by ``now``.

    A failure starts a lock when it is the ``limit``-th within ``window``; the lock lasts
    ``lockout`` from that failure. Attempts refused during a lock are not failures (nothing
    was checked), so the lock does not grow while someone keeps knocking.
    """
    until = None
    for rule in rules:
        for i in range(rule.limit - 1, len(times)):
            if times[i - rule.limit + 1] > times[i] - rule.window:
                end = times[i] + rule.lockout
                until = end if until is None or end > until else until
    return until if until is not None and until > now else None


def _failure_times(
    db: Session, rules: tuple[Rule, ...], now: datetime, **who: str
) -> list[datetime]:
    # A lock still running began within ``lockout``, counting failures up to ``window`` back.
    since = now - max(rule.window + rule.lockout for rule in rules)
    return sorted(repo.login_failure_times(db, since=since, limit=MAX_ROWS, **who))


def _account_lock(db: Session, key: str, now: datetime) -> datetime | None:
    return _locked_until(
        _failure_times(db, ACCOUNT_RULES, now, account_key=key), ACCOUNT_RULES, now
    )


def _address_lock(db: Session, address: str | None, now: datetime) -> datetime | None:
    if address is None:
        return None
    times = _failure_times(db, ADDRESS_RULES, now, client_address=address)
    return _locked_until(times, ADDRESS_RULES, now)


def blocked_until(db: Session, key: str, address: str | None, *, now: datetime) -> datetime | None:
    """When attempts on account ``key`` from ``address`` may resume (None: now)."""
    ends = [end for end in (_account_lock(db, key, now), _address_lock(db, address, now)) if end]
    return max(ends) if ends else None


def record_failure(
    db: Session, key: str, address: str | None, step: str, *, now: datetime, user: User | None
) -> datetime | None:
    """Count one failed attempt; if it starts a lock, audit it and return when it ends."""
    repo.prune_login_failures(db, now - RETENTION)
    repo.add_login_failure(db, key, address, step, now)
    account_end = _account_lock(db, key, now)
    address_end = _address_lock(db, address, now)
    actor = Actor.for_user(user, via="web") if user is not None else ANONYMOUS
    if account_end is not None:
        if user is not None:
            user.locked_until = account_end  # shown to administrators, who can end it
        audit.record(
            db,
            actor,
            "account.locked",
            now=now,
            subject=user.pseudonym if user is not None else None,
            detail={"step": step, "until": account_end.isoformat(), "known": user is not None},
        )
    if address_end is not None:
        # The address goes to the operators' log, not the audit log (no personal data there).
        log.warning("login attempts from %s refused until %s", address, address_end.isoformat())
        audit.record(
            db, actor, "login.address_throttled", now=now, detail={"until": address_end.isoformat()}
        )
    ends = [end for end in (account_end, address_end) if end]
    return max(ends) if ends else None


def clear(db: Session, user: User) -> None:
    """Forget the account's failures (a full login, an administrator's unlock, a reset)."""
    repo.clear_login_failures(db, key_of(user))
    user.locked_until = None
    user.failed_logins = 0
