"""Rotating the key that seals the secrets kept in the database (openler.store.sealing)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from openler.services import audit
from openler.services.context import Actor
from openler.store import sealing
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
