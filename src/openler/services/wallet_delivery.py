"""Putting credentials into workers' wallets.

Repositories never commit and neither does this module: it adds rows to the caller's
transaction, so a batch's credentials reach wallets in the same commit that completes it.
Auditing is the caller's (the use case that delivers writes one entry).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, insert, literal, select
from sqlalchemy.orm import Session

from openler.errors import ValidationError
from openler.store.models import (
    WALLET_FORMATS,
    WALLET_SOURCES,
    IssuedCredential,
    WalletCredential,
)
from openler.store.types import UTCDateTime


@dataclass(frozen=True)
class IssuedDelivery:
    """One credential issued in OpenLER, bound for its recipient's wallet."""

    owner_user_id: int
    issued_credential_id: int
    credential: dict[str, Any]


def deliver(
    db: Session,
    owner_user_id: int,
    *,
    credential: dict[str, Any] | str,
    now: datetime,
    format: str = "json",
    source: str = "issued",
    issued_credential_id: int | None = None,
) -> WalletCredential:
    """Add one credential (a JSON object, or a VC-JWT string) to a worker's wallet."""
    if format not in WALLET_FORMATS:
        raise ValidationError(
            f"format must be one of {WALLET_FORMATS}, not {format!r}.", field="format"
        )
    if source not in WALLET_SOURCES:
        raise ValidationError(
            f"source must be one of {WALLET_SOURCES}, not {source!r}.", field="source"
        )
    if (format == "jwt") != isinstance(credential, str):
        raise ValidationError(
            "A json credential is an object and a jwt credential a compact string.",
            field="credential",
        )
    row = WalletCredential(
        owner_user_id=owner_user_id,
        credential=credential,
        format=format,
        source=source,
        issued_credential_id=issued_credential_id,
        added_at=now,
    )
    db.add(row)
    return row


def deliver_issued(db: Session, deliveries: Iterable[IssuedDelivery], *, now: datetime) -> int:
    """Bulk-insert issued JSON credentials into their recipients' wallets; returns the count."""
    rows = [
        {
            "owner_user_id": d.owner_user_id,
            "credential": d.credential,
            "format": "json",
            "source": "issued",
            "issued_credential_id": d.issued_credential_id,
            "added_at": now,
        }
        for d in deliveries
    ]
    for start in range(0, len(rows), 5000):
        db.execute(insert(WalletCredential), rows[start : start + 5000])
    return len(rows)


def deliver_batch(db: Session, batch_id: int, *, now: datetime) -> int:
    """Copy a completed batch's credentials into the wallets of recipients with an account,
    inside the database (no round trip through Python); returns how many."""
    result = db.execute(
        insert(WalletCredential).from_select(
            ["owner_user_id", "credential", "format", "source", "issued_credential_id", "added_at"],
            select(
                IssuedCredential.recipient_user_id,
                IssuedCredential.credential,
                literal("json"),
                literal("issued"),
                IssuedCredential.id,
                literal(now, UTCDateTime()),
            ).where(
                IssuedCredential.batch_id == batch_id,
                IssuedCredential.recipient_user_id.is_not(None),
            ),
        )
    )
    return cast(CursorResult[Any], result).rowcount
