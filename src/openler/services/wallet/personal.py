"""The wallet's part of a worker's rights over their data: export it, erase it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from openler.store.models import HolderKey, WalletCredential, WalletShare, WalletShareItem


def export(db: Session, user_id: int) -> dict[str, Any]:
    """The worker's credentials as held, their shares (never a link's token: only its hash
    is kept) and their holder DID."""
    rows = db.scalars(
        select(WalletCredential)
        .where(WalletCredential.owner_user_id == user_id)
        .order_by(WalletCredential.id)
    )
    shares = db.scalars(
        select(WalletShare).where(WalletShare.owner_user_id == user_id).order_by(WalletShare.id)
    )
    holder = db.scalars(select(HolderKey.did).where(HolderKey.user_id == user_id)).one_or_none()
    return {
        "wallet_credentials": [
            {
                "id": r.id,
                "source": r.source,
                "format": r.format,
                "added_at": r.added_at.isoformat(),
                "credential": r.credential,
            }
            for r in rows
        ],
        "shares": [
            {
                "id": s.id,
                "kind": s.kind,
                "recipient_label": s.recipient_label,
                "credentials": [i.wallet_credential_id for i in s.items],
                "created_at": s.created_at.isoformat(),
                "expires_at": s.expires_at.isoformat(),
                "withdrawn_at": s.withdrawn_at.isoformat() if s.withdrawn_at else None,
            }
            for s in shares
        ],
        "holder_did": holder,
    }


def erase(db: Session, user_id: int) -> None:
    """Remove the worker's credentials, shares (so every link stops working) and holder key."""
    share_ids = select(WalletShare.id).where(WalletShare.owner_user_id == user_id)
    db.execute(delete(WalletShareItem).where(WalletShareItem.share_id.in_(share_ids)))
    db.execute(delete(WalletShare).where(WalletShare.owner_user_id == user_id))
    db.execute(delete(WalletCredential).where(WalletCredential.owner_user_id == user_id))
    db.execute(delete(HolderKey).where(HolderKey.user_id == user_id))
