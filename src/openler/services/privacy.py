"""A worker's rights over their own data: read who saw it, download it, delete it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from openler.errors import AuthenticationError
from openler.services import audit
from openler.services.context import Actor
from openler.services.passwords import verify_password
from openler.services.wallet import personal as wallet_data
from openler.store import repositories as repo
from openler.store.models import User

EXPORT_FORMAT = "openler.personal-data/1"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(db: Session, actor: Actor, *, now: datetime) -> dict[str, Any]:
    """All the data OpenLER holds about the actor, as one JSON-ready document."""
    assert actor.user_id is not None
    assert actor.pseudonym is not None
    user = repo.user_by_id(db, actor.user_id)
    assert user is not None
    audit.record(db, actor, "data.exported", now=now, subject=user.pseudonym)
    log = repo.audit_entries(db, involving=user.pseudonym, limit=100_000)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": now.isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "pseudonymous_id": user.pseudonym,
            "roles": sorted(user.role_names),
            "organizations": [
                {"slug": m.organization.slug, "name": m.organization.name} for m in user.memberships
            ],
            "language": user.language,
            "created_at": _iso(user.created_at),
            "second_factor_enabled": user.totp_confirmed_at is not None,
        },
        "api_tokens": [
            {
                "id": t.id,
                "name": t.name,
                "role": t.role,
                "created_at": _iso(t.created_at),
                "expires_at": _iso(t.expires_at),
                "revoked_at": _iso(t.revoked_at),
                "last_used_at": _iso(t.last_used_at),
            }
            for t in repo.tokens_of(db, user.id)
        ],
        **wallet_data.export(db, user.id),
        "audit_log": [{**asdict(v), "at": v.at.isoformat()} for v in audit.present(db, log)],
    }


def delete_account(db: Session, actor: Actor, password: str, *, now: datetime) -> str:
    """Erase the actor's personal data; return the pseudonym the audit log keeps.

    The account row stays as a tombstone holding only the pseudonymous id, so that audit
    entries (which never held names or emails) still hang together without identifying them.
    """
    assert actor.user_id is not None
    user = repo.user_by_id(db, actor.user_id)
    assert user is not None
    if not verify_password(user.password_hash, password):
        raise AuthenticationError("The password is wrong; your account was not deleted.")
    _erase(db, user, now)
    audit.record(db, actor, "account.deleted", now=now, subject=user.pseudonym)
    return user.pseudonym


def _erase(db: Session, user: User, now: datetime) -> None:
    repo.delete_personal_rows(db, user.id)
    wallet_data.erase(db, user.id)
    user.email = None
    user.display_name = None
    user.password_hash = None
    user.totp_secret_sealed = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    user.second_factor_reset_at = None
    user.language = None
    user.locked_until = None
    user.status = "deleted"
    user.deleted_at = now
    user.roles.clear()
    user.memberships.clear()
