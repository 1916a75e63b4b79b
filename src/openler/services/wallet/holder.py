"""A worker's holder key: the did:key that would sign their verifiable presentations.

Made the first time it is needed and kept, so a recipient sees the same holder each time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from openler.credentials.dids import did_key, did_key_method_id
from openler.credentials.keys import Ed25519KeyPair
from openler.services.context import Actor
from openler.store import sealing
from openler.store.models import HolderKey


def _row(db: Session, user_id: int) -> HolderKey | None:
    return db.scalars(select(HolderKey).where(HolderKey.user_id == user_id)).one_or_none()


def holder_key(db: Session, actor: Actor, *, now: datetime) -> Ed25519KeyPair:
    """The actor's key pair, with its did:key verification method as id (made on first use)."""
    acting = actor.require("worker")
    assert acting.user_id is not None
    row = _row(db, acting.user_id)
    if row is None:
        pair = Ed25519KeyPair.generate()
        row = HolderKey(
            user_id=acting.user_id,
            did=did_key(pair.public_key),
            public_key_multibase=pair.public_multibase,
            secret_key_sealed=b"",  # sealed below, once the row has the id it is bound to
            created_at=now,
        )
        db.add(row)
        sealing.seal_into(db, row, "secret_key_sealed", pair.secret_multibase)
        db.flush()
        return pair.with_id(did_key_method_id(pair.public_key), row.did)
    return _pair(db, row)


def replace_key(db: Session, row: HolderKey, *, now: datetime) -> None:
    """Give a worker a new holder key in place of one whose secret can no longer be opened (the
    secrets key was lost). What the old one signed still verifies (a did:key carries its public
    key); presentation shares are signed when opened, so they carry the new holder from now."""
    pair = Ed25519KeyPair.generate()
    row.did = did_key(pair.public_key)
    row.public_key_multibase = pair.public_multibase
    row.created_at = now
    sealing.seal_into(db, row, "secret_key_sealed", pair.secret_multibase)


def stored_key(db: Session, user_id: int) -> Ed25519KeyPair | None:
    """A worker's key as stored (None before first use), for signing on their behalf when
    someone opens a presentation share they made."""
    row = _row(db, user_id)
    return _pair(db, row) if row is not None else None


def _pair(db: Session, row: HolderKey) -> Ed25519KeyPair:
    """The stored key pair, its secret opened here to sign with at once."""
    pair = Ed25519KeyPair.from_json(
        {
            "publicKeyMultibase": row.public_key_multibase,
            "secretKeyMultibase": sealing.open_from(db, row, "secret_key_sealed"),
        }
    )
    return pair.with_id(did_key_method_id(pair.public_key), row.did)
