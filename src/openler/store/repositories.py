"""Queries over the tables. Repositories add and find; they never commit (services do)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from openler.store.models import (
    ApiToken,
    AuditEntry,
    LoginFailure,
    Organization,
    PasswordReset,
    User,
    WebSession,
)


def user_by_email(db: Session, email: str) -> User | None:
    return db.scalars(select(User).where(User.email == email)).one_or_none()


def user_by_id(db: Session, user_id: int) -> User | None:
    return db.get(User, user_id)


def users_by_pseudonym(db: Session, pseudonyms: set[str]) -> dict[str, User]:
    if not pseudonyms:
        return {}
    rows = db.scalars(select(User).where(User.pseudonym.in_(pseudonyms)))
    return {u.pseudonym: u for u in rows}


def count_users(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(User)) or 0


def list_users(db: Session, *, query: str = "", limit: int = 50, offset: int = 0) -> Sequence[User]:
    stmt = select(User).where(User.status == "active").order_by(User.email)
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(
            or_(func.lower(User.email).like(like), func.lower(User.display_name).like(like))
        )
    return db.scalars(stmt.limit(limit).offset(offset)).all()


def organization_by_slug(db: Session, slug: str) -> Organization | None:
    return db.scalars(select(Organization).where(Organization.slug == slug)).one_or_none()


def list_organizations(db: Session) -> Sequence[Organization]:
    return db.scalars(select(Organization).order_by(Organization.name)).all()


def session_by_hash(db: Session, token_hash: str) -> WebSession | None:
    return db.scalars(select(WebSession).where(WebSession.token_hash == token_hash)).one_or_none()


def delete_sessions_of(db: Session, user_id: int) -> None:
    db.execute(delete(WebSession).where(WebSession.user_id == user_id))


def delete_expired_sessions(db: Session, now: datetime) -> None:
    db.execute(delete(WebSession).where(WebSession.expires_at <= now))


def token_by_hash(db: Session, token_hash: str) -> ApiToken | None:
    return db.scalars(select(ApiToken).where(ApiToken.token_hash == token_hash)).one_or_none()


def tokens_of(db: Session, user_id: int) -> Sequence[ApiToken]:
    return db.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.created_at)
    ).all()


def reset_by_hash(db: Session, token_hash: str) -> PasswordReset | None:
    return db.scalars(
        select(PasswordReset).where(PasswordReset.token_hash == token_hash)
    ).one_or_none()


def resets_of(db: Session, user_id: int) -> Sequence[PasswordReset]:
    return db.scalars(select(PasswordReset).where(PasswordReset.user_id == user_id)).all()


def delete_personal_rows(db: Session, user_id: int) -> None:
    """Remove the rows that exist only for this person's account (not the audit log)."""
    for model in (WebSession, ApiToken, PasswordReset):
        db.execute(delete(model).where(model.user_id == user_id))


def add_login_failure(
    db: Session, account_key: str, client_address: str | None, step: str, now: datetime
) -> None:
    db.add(
        LoginFailure(
            account_key=account_key, client_address=client_address, step=step, failed_at=now
        )
    )
    db.flush()


def login_failure_times(
    db: Session,
    *,
    since: datetime,
    limit: int,
    account_key: str | None = None,
    client_address: str | None = None,
) -> list[datetime]:
    """When the newest ``limit`` failures at or after ``since`` happened, newest first, for one
    account or one client address."""
    stmt = select(LoginFailure.failed_at).where(LoginFailure.failed_at >= since)
    if account_key is not None:
        stmt = stmt.where(LoginFailure.account_key == account_key)
    if client_address is not None:
        stmt = stmt.where(LoginFailure.client_address == client_address)
    stmt = stmt.order_by(LoginFailure.failed_at.desc()).limit(limit)
    return list(db.scalars(stmt))


def clear_login_failures(db: Session, account_key: str) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.account_key == account_key))


def prune_login_failures(db: Session, before: datetime) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.failed_at < before))


def audit_entries(
    db: Session,
    *,
    subject: str | None = None,
    actor: str | None = None,
    involving: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Sequence[AuditEntry]:
    """Audit entries, newest first. ``involving`` matches the person as actor or subject."""
    stmt = select(AuditEntry)
    if subject is not None:
        stmt = stmt.where(AuditEntry.subject == subject)
    if actor is not None:
        stmt = stmt.where(AuditEntry.actor == actor)
    if involving is not None:
        stmt = stmt.where(or_(AuditEntry.subject == involving, AuditEntry.actor == involving))
    if action:
        stmt = stmt.where(AuditEntry.action.startswith(action))
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= since)
    if until is not None:
        stmt = stmt.where(AuditEntry.at < until)
    stmt = stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset)
    return db.scalars(stmt).all()
