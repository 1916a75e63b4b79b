"""A worker's export holds their wallet and shares (never a link's token); deleting the
account erases them, and every link they shared stops working."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openler.errors import NotFoundError
from openler.services import privacy
from openler.services.wallet import holder, records, shares
from openler.store.models import HolderKey, WalletCredential, WalletShare, WalletShareItem
from tests.services.helpers import PASSWORD
from tests.support.clock import FakeClock
from tests.wallet.helpers import as_bytes, outside_credential, verifier, worker


def test_export_and_erase_cover_the_wallet(db: Session, clock: FakeClock) -> None:
    _, ana = worker(db, clock)
    kept = records.upload(db, ana, verifier(db), as_bytes(outside_credential()), now=clock()).kept
    new = shares.create(
        db, ana, [kept.id], expires_at=clock() + timedelta(days=1), recipient_label="Acme",
        now=clock(),
    )  # fmt: skip
    did = holder.holder_key(db, ana, now=clock()).controller
    document = privacy.export(db, ana, now=clock())
    text = json.dumps(document)
    assert [c["credential"]["name"] for c in document["wallet_credentials"]] == [
        "Forklift Operator"
    ]
    assert [(s["recipient_label"], s["credentials"]) for s in document["shares"]] == [
        ("Acme", [kept.id])
    ]
    assert document["holder_did"] == did
    assert new.token not in text
    assert new.share.token_hash not in text
    privacy.delete_account(db, ana, PASSWORD, now=clock())
    db.commit()
    for model in (WalletCredential, WalletShare, WalletShareItem, HolderKey):
        assert db.scalar(select(func.count()).select_from(model)) == 0
    with pytest.raises(NotFoundError):
        shares.open_shared(db, verifier(db), new.token, channel="page", user_agent="", now=clock())
