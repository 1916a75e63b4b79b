"""Logging in: password, throttling of repeated failures, and the second factor (TOTP).

Failures are throttled per account and per client address by services/throttle.py, shared by
every process through the database. ``address`` is the client address the web layer sees
(None from the command line or a test: no per-address limit).
"""

from __future__ import annotations

import contextlib
import enum
import math
from dataclasses import dataclass
from datetime import datetime

import pyotp
from sqlalchemy.orm import Session

from openler.errors import ConflictError, ValidationError
from openler.services import audit, throttle
from openler.services.accounts import SECOND_FACTOR_ROLES, normalize_email
from openler.services.context import Actor
from openler.services.passwords import hash_password, needs_rehash, verify_password
from openler.store import repositories as repo
from openler.store import sealing
from openler.store.models import User

# RFC 6238 time step, and how many steps either side of now a code is accepted (clock drift).
TOTP_STEP_SECONDS = 30
TOTP_DRIFT_STEPS = 1
TOTP_ISSUER = "OpenLER"


class LoginStatus(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    # Too many failures on the account or from the address: nothing was checked.
    LOCKED = "locked"


@dataclass(frozen=True)
class LoginResult:
    status: LoginStatus
    user: User | None = None
    locked_until: datetime | None = None

    def retry_after(self, now: datetime) -> int:
        """Whole seconds until a locked attempt may be made again (at least 1)."""
        if self.locked_until is None:
            return 1
        return max(1, math.ceil((self.locked_until - now).total_seconds()))

    @property
    def needs_second_factor(self) -> bool:
        return self.user is not None and requires_second_factor(self.user)

    @property
    def needs_enrollment(self) -> bool:
        return (
            self.needs_second_factor and self.user is not None and not self.user.totp_confirmed_at
        )


def requires_second_factor(user: User) -> bool:
    """Admins and issuers must use one; anyone else who turned it on uses it too, and so does
    one whose authenticator was removed because its secret could no longer be opened (they
    must set up a new one: losing the secrets key must not turn a second factor off)."""
    return (
        bool(SECOND_FACTOR_ROLES & user.role_names)
        or user.totp_confirmed_at is not None
        or user.second_factor_reset_at is not None
    )


def is_locked(user: User, now: datetime) -> bool:
    """Whether the account's logins are refused now (as last recorded, for administrators)."""
    return user.locked_until is not None and user.locked_until > now


def _count_failure(
    db: Session, key: str, user: User | None, now: datetime, what: str, address: str | None
) -> LoginResult:
    if user is not None:
        actor = Actor.for_user(user, via="web")
        audit.record(db, actor, f"login.failed.{what}", now=now, subject=user.pseudonym)
    until = throttle.record_failure(db, key, address, what, now=now, user=user)
    if until is not None:
        # The same answer whether or not ``user`` exists: no user in the result.
        return LoginResult(LoginStatus.LOCKED, None, until)
    return LoginResult(LoginStatus.WRONG, user)


def check_password(
    db: Session, email: str, password: str, *, now: datetime, address: str | None = None
) -> LoginResult:
    """First step of a login. Failures are counted (and must be committed by the caller).

    A throttled attempt is refused before anything about the account is looked up, so known
    and unknown emails are answered alike, in the same time.
    """
    key = throttle.account_key(email)
    until = throttle.blocked_until(db, key, address, now=now)
    if until is not None:
        return LoginResult(LoginStatus.LOCKED, None, until)
    user = None
    with contextlib.suppress(ValidationError):  # not an email: no account, a wrong password
        user = repo.user_by_email(db, normalize_email(email))
    if user is None or user.status != "active":
        verify_password(None, password)  # same time as a real check: no account probing
        return _count_failure(db, key, None, now, "password", address)
    if not verify_password(user.password_hash, password):
        return _count_failure(db, key, user, now, "password", address)
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if not requires_second_factor(user):
        _succeed(db, user, now)
    return LoginResult(LoginStatus.OK, user)


def _succeed(db: Session, user: User, now: datetime) -> None:
    # Only a whole login clears the failures: a right password alone does not, or knowing it
    # would give endless guesses at the one-time code.
    throttle.clear(db, user)
    audit.record(db, Actor.for_user(user, via="web"), "login", now=now, subject=user.pseudonym)


def _matching_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    totp = pyotp.TOTP(secret, interval=TOTP_STEP_SECONDS)
    current = int(now.timestamp()) // TOTP_STEP_SECONDS
    for step in range(current - TOTP_DRIFT_STEPS, current + TOTP_DRIFT_STEPS + 1):
        # A code is good once: a step at or before the last one used is a replay.
        if (last_step is None or step > last_step) and pyotp.utils.strings_equal(
            totp.at(step * TOTP_STEP_SECONDS), code
        ):
            return step
    return None


def _blocked(db: Session, user: User, address: str | None, now: datetime) -> LoginResult | None:
    until = throttle.blocked_until(db, throttle.key_of(user), address, now=now)
    return LoginResult(LoginStatus.LOCKED, None, until) if until is not None else None


def check_second_factor(
    db: Session, user: User, code: str, *, now: datetime, address: str | None = None
) -> LoginResult:
    """Second step: the one-time code from the person's authenticator app."""
    if blocked := _blocked(db, user, address, now):
        return blocked
    code = code.strip().replace(" ", "")
    step = None
    if user.totp_confirmed_at:
        secret = authenticator_secret(db, user)
        if secret:
            step = _matching_step(secret, code, now, user.totp_last_step)
    if step is None:
        return _count_failure(db, throttle.key_of(user), user, now, "second_factor", address)
    user.totp_last_step = step
    _succeed(db, user, now)
    return LoginResult(LoginStatus.OK, user)


def authenticator_secret(db: Session, user: User) -> str | None:
    """The person's TOTP secret, opened from its sealed column for use at once (None when
    they never began the setup)."""
    if user.totp_secret_sealed is None:
        return None
    return sealing.open_from(db, user, "totp_secret_sealed")


def begin_enrollment(db: Session, user: User) -> str:
    """The secret for the person's authenticator app (not in force until confirmed).

    Made once and kept (sealed), so that reloading the setup page does not change the code the
    person has already scanned. Once confirmed it is never handed out again: someone who knows
    only the password must not get it.
    """
    if user.totp_confirmed_at is not None:
        raise ConflictError("The authenticator is already set up.", field="code")
    secret = authenticator_secret(db, user)
    if secret is None:
        secret = pyotp.random_base32()
        sealing.seal_into(db, user, "totp_secret_sealed", secret)
    return secret


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address the setup page shows as a QR code."""
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email or user.pseudonym, issuer_name=TOTP_ISSUER
    )


def confirm_enrollment(
    db: Session, user: User, code: str, *, now: datetime, address: str | None = None
) -> LoginResult:
    """Turn the second factor on once the person proves their app makes the right codes."""
    if user.totp_confirmed_at is not None:
        raise ConflictError("The authenticator is already set up.", field="code")
    if blocked := _blocked(db, user, address, now):
        return blocked
    secret = authenticator_secret(db, user)
    if secret is None:
        raise ValidationError("Start the authenticator setup first.", field="code")
    step = _matching_step(secret, code.strip().replace(" ", ""), now, None)
    if step is None:
        return _count_failure(db, throttle.key_of(user), user, now, "second_factor", address)
    user.totp_confirmed_at = now
    user.totp_last_step = step
    user.second_factor_reset_at = None
    actor = Actor.for_user(user, via="web")
    audit.record(db, actor, "account.second_factor_enabled", now=now, subject=user.pseudonym)
    _succeed(db, user, now)
    return LoginResult(LoginStatus.OK, user)


def current_code(secret: str, now: datetime) -> str:
    """The code an authenticator app shows now (for the demo's command line helper)."""
    return pyotp.TOTP(secret, interval=TOTP_STEP_SECONDS).at(now)
