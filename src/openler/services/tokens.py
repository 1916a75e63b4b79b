"""API tokens for machine clients: hashed at rest, scoped to one role, revocable."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from openler.errors import AuthenticationError, NotFoundError, ValidationError
from openler.services import audit
from openler.services.context import Actor
from openler.store import repositories as repo
from openler.store.models import ApiToken, User

PREFIX = "olr_"
MAX_LIFETIME_DAYS = 366


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def create(
    db: Session,
    actor: Actor,
    *,
    name: str,
    role: str,
    now: datetime,
    days: int | None = 90,
) -> NewToken:
    """A token that acts as ``role``, which the actor must hold."""
    assert actor.user_id is not None
    if actor.via == "api":
        raise ValidationError(
            "API tokens are made from a logged-in browser session, not an API token."
        )
    if role not in actor.roles:
        allowed = ", ".join(sorted(actor.roles))
        raise ValidationError(
            f"A token can only carry one of your own roles ({allowed}), not {role!r}.", field="role"
        )
    name = name.strip()
    if not name or len(name) > 120:
        raise ValidationError(
            "Name the token (1 to 120 characters), e.g. 'payroll sync'.", field="name"
        )
    if days is not None and not 1 <= days <= MAX_LIFETIME_DAYS:
        raise ValidationError(
            f"A token lives 1 to {MAX_LIFETIME_DAYS} days, not {days}.", field="days"
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=actor.user_id,
        name=name,
        role=role,
        token_hash=_hash(secret),
        created_at=now,
        expires_at=now + timedelta(days=days) if days else None,
    )
    db.add(token)
    db.flush()
    audit.record(
        db,
        actor.acting_as(role),
        "token.created",
        now=now,
        subject=actor.pseudonym,
        detail={"token_id": token.id, "role": role},
    )
    return NewToken(token, secret)


def authenticate(db: Session, secret: str, *, now: datetime) -> tuple[User, ApiToken]:
    """The user and token behind a bearer secret, or AuthenticationError."""
    token = repo.token_by_hash(db, _hash(secret)) if secret.startswith(PREFIX) else None
    if token is None:
        raise AuthenticationError("The API token is not valid.")
    if token.revoked_at is not None:
        raise AuthenticationError("The API token was revoked.")
    if token.expires_at is not None and token.expires_at <= now:
        raise AuthenticationError("The API token has expired; make a new one.")
    user = repo.user_by_id(db, token.user_id)
    if user is None or user.status != "active" or token.role not in user.role_names:
        raise AuthenticationError("The API token's account or role no longer exists.")
    token.last_used_at = now
    return user, token


def list_mine(db: Session, actor: Actor) -> Sequence[ApiToken]:
    assert actor.user_id is not None
    return repo.tokens_of(db, actor.user_id)


def revoke(db: Session, actor: Actor, token_id: int, *, now: datetime) -> ApiToken:
    """Revoke one of the actor's tokens (an admin may revoke anyone's)."""
    token = db.get(ApiToken, token_id)
    if token is None or (token.user_id != actor.user_id and "admin" not in actor.roles):
        raise NotFoundError(f"You have no token number {token_id}.")
    if token.revoked_at is None:
        token.revoked_at = now
        owner = repo.user_by_id(db, token.user_id)
        audit.record(
            db,
            actor,
            "token.revoked",
            now=now,
            subject=owner.pseudonym if owner else None,
            detail={"token_id": token.id},
        )
    return token
