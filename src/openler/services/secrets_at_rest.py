"""The key that seals the secrets kept in the database (openler.store.sealing): rotating it,
and going on without the secrets it sealed when it is lost."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from openler.services import audit
from openler.services.context import Actor
from openler.services.issuer import keys
from openler.services.wallet import holder
from openler.store import repositories as repo
from openler.store import sealing
from openler.store.models import Base, HolderKey, IssuerKey, Organization, User
from openler.store.sealing import Keyring


def rotate(db: Session, actor: Actor, new: Keyring, *, now: datetime) -> dict[str, int]:
    """Seal every secret again with ``new``'s first key, in the caller's one transaction: if any
    secret does not open, nothing changes. Returns how many were sealed, per column."""
    actor = actor.require("admin")
    old = sealing.keyring_of(db).current
    counts = sealing.reseal_all(db, new)
    audit.record(
        db,
        actor,
        "secrets.key_rotated",
        now=now,
        detail={"from_key": old.label, "to_key": new.current.label, "sealed": counts},
    )
    return counts


@dataclass(frozen=True)
class Forgotten:
    """What forgetting the unreadable secrets changes (or would change), by ids: never a
    secret. Each list holds JSON-ready dicts, as written to the audit entry."""

    issuer_keys: list[dict[str, Any]]
    holder_keys: list[dict[str, Any]]
    second_factors: list[dict[str, Any]]

    @property
    def empty(self) -> bool:
        return not (self.issuer_keys or self.holder_keys or self.second_factors)


def forget_unreadable(
    db: Session, actor: Actor, *, now: datetime, dry_run: bool = False
) -> Forgotten:
    """After the secrets key is lost: give up every secret that no longer opens, in the
    caller's one transaction, and say what changed (``dry_run``: what would, changing nothing).

    - An issuer's signing key loses its secret and is retired (its public key stays in the
      DID document, so the credentials it signed still verify); if it was signing, a new key
      takes its place. A key retired before needs no secret either: it is removed too, so that
      every secret left opens (a later ``rotate`` needs that).
    - A worker's holder key is replaced by a new one (a did:key: what the old one signed
      still verifies; a presentation share is signed when opened, so it carries the new one).
    - An authenticator secret is removed, and the person's sessions end; one who had set it up
      must set up a new one at their next login before reaching anything (``requires_second
      _factor``), so this never turns a second factor off.
    """
    actor = actor.require("admin")
    if not dry_run:
        sealing.hold_writers(db)
    found = sealing.unreadable(db)
    forgotten = Forgotten(
        issuer_keys=[_issuer_key(db, row, now, dry_run) for row in found[_ISSUER]],
        holder_keys=[_holder_key(db, row, now, dry_run) for row in found[_HOLDER]],
        second_factors=[_second_factor(db, row, now, dry_run) for row in found[_TOTP]],
    )
    if not dry_run and not forgotten.empty:
        audit.record(
            db,
            actor,
            "secrets.unreadable_forgotten",
            now=now,
            detail={"key": sealing.keyring_of(db).current.label, **asdict(forgotten)},
        )
    db.flush()
    return forgotten


_ISSUER = sealing.place_name(IssuerKey, "secret_key_sealed")
_HOLDER = sealing.place_name(HolderKey, "secret_key_sealed")
_TOTP = sealing.place_name(User, "totp_secret_sealed")


def _issuer_key(db: Session, row: Base, now: datetime, dry_run: bool) -> dict[str, Any]:
    assert isinstance(row, IssuerKey)
    org = db.get(Organization, row.organization_id)
    assert org is not None
    entry: dict[str, Any] = {
        "id": row.id,
        "organization": org.slug,
        "key_id": row.key_id,
        "was_retired": row.retired_at is not None,
        "new_key_id": None,
    }
    if not dry_run:
        new = keys.replace_unreadable(db, row, now=now)
        entry["new_key_id"] = new.key_id if new is not None else None
    return entry


def _holder_key(db: Session, row: Base, now: datetime, dry_run: bool) -> dict[str, Any]:
    assert isinstance(row, HolderKey)
    owner = db.get(User, row.user_id)
    assert owner is not None
    entry: dict[str, Any] = {"id": row.id, "user": owner.pseudonym, "old_did": row.did}
    if not dry_run:
        holder.replace_key(db, row, now=now)
        entry["new_did"] = row.did
    return entry


def _second_factor(db: Session, row: Base, now: datetime, dry_run: bool) -> dict[str, Any]:
    assert isinstance(row, User)
    entry = {"user": row.pseudonym, "was_set_up": row.totp_confirmed_at is not None}
    if not dry_run:
        if row.totp_confirmed_at is not None:
            row.second_factor_reset_at = now
        row.totp_secret_sealed = None
        row.totp_confirmed_at = None
        row.totp_last_step = None
        repo.delete_sessions_of(db, row.id)
    return entry
