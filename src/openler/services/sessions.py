"""Browser sessions, kept on the server. The cookie holds a random token (signed by the web
layer); the database keeps only its SHA-256, so a database dump cannot be used to log in."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from openler.services import audit
from openler.services.context import Actor
from openler.store import repositories as repo
from openler.store.models import User, WebSession

SESSION_LIFETIME = timedelta(hours=12)
# A session that has only passed the password step lives a short time.
PENDING_LIFETIME = timedelta(minutes=10)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(
    db: Session, user: User, *, now: datetime, pending_second_factor: bool, replaces: str | None
) -> str:
    """A new session for ``user``; the one it replaces (if any) ends, so ids rotate at login."""
    if replaces:
        end(db, replaces)
    repo.delete_expired_sessions(db, now)
    token = secrets.token_urlsafe(32)
    lifetime = PENDING_LIFETIME if pending_second_factor else SESSION_LIFETIME
    db.add(
        WebSession(
            token_hash=token_hash(token),
            user_id=user.id,
            second_factor_pending=pending_second_factor,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    return token


def resolve(db: Session, token: str, *, now: datetime) -> tuple[User, WebSession] | None:
    row = repo.session_by_hash(db, token_hash(token))
    if row is None or row.expires_at <= now:
        return None
    user = repo.user_by_id(db, row.user_id)
    if user is None or user.status != "active":
        return None
    return user, row


def end(db: Session, token: str) -> None:
    row = repo.session_by_hash(db, token_hash(token))
    if row is not None:
        db.delete(row)


def logout(db: Session, token: str, *, now: datetime) -> None:
    found = resolve(db, token, now=now)
    if found is not None:
        user, _ = found
        audit.record(db, Actor.for_user(user, via="web"), "logout", now=now, subject=user.pseudonym)
    end(db, token)
