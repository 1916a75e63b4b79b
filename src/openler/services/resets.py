"""Password reset through a single-use, expiring link that an admin or caseworker issues.

No mail server is assumed: the link is shown to the person who issued it, to hand over. Where
OPENLER_SMTP_URL is set, it is also mailed to the account's address.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from openler.errors import AuthenticationError, PermissionDenied
from openler.services import audit, throttle
from openler.services.context import Actor
from openler.services.passwords import check_policy, hash_password
from openler.store import repositories as repo
from openler.store.models import PasswordReset, User

LINK_LIFETIME = timedelta(hours=24)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class ResetLink:
    user: User
    token: str
    expires_at: datetime

    def url(self, base_url: str) -> str:
        return f"{base_url.rstrip('/')}/reset/{self.token}"


def issue(db: Session, actor: Actor, user: User, *, now: datetime) -> ResetLink:
    """A new link; earlier unused links for the same account stop working.

    A caseworker may reset the password of a worker only (the people they help); an admin may
    reset anyone's.
    """
    actor = actor.require("admin", "caseworker")
    if actor.role == "caseworker" and user.role_names != {"worker"}:
        raise PermissionDenied(
            "A caseworker can issue reset links for workers only; ask an admin for this account."
        )
    for earlier in repo.resets_of(db, user.id):
        if earlier.used_at is None:
            earlier.used_at = now
    token = secrets.token_urlsafe(32)
    reset = PasswordReset(
        user_id=user.id,
        token_hash=_hash(token),
        issued_by=actor.pseudonym or "operator",
        created_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    db.add(reset)
    audit.record(db, actor, "password.reset_issued", now=now, subject=user.pseudonym)
    return ResetLink(user, token, reset.expires_at)


def _valid(db: Session, token: str, now: datetime) -> tuple[PasswordReset, User]:
    reset = repo.reset_by_hash(db, _hash(token))
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        raise AuthenticationError(
            "This reset link is not valid: it was used, replaced or has expired. "
            "Ask your caseworker or an administrator for a new one."
        )
    user = repo.user_by_id(db, reset.user_id)
    if user is None or user.status != "active":
        raise AuthenticationError("This reset link's account no longer exists.")
    return reset, user


def check(db: Session, token: str, *, now: datetime) -> User:
    """The account a link is for, if the link still works."""
    return _valid(db, token, now)[1]


def redeem(db: Session, token: str, new_password: str, *, now: datetime) -> User:
    """Set a new password, spend the link, end the lockout and every open session."""
    reset, user = _valid(db, token, now)
    check_policy(new_password)
    user.password_hash = hash_password(new_password)
    throttle.clear(db, user)
    reset.used_at = now
    repo.delete_sessions_of(db, user.id)
    audit.record(
        db, Actor.for_user(user, via="web"), "password.reset", now=now, subject=user.pseudonym
    )
    return user
