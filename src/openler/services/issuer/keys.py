"""An organization's signing keys and the DID document that publishes them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openler.credentials.dids import PublishedKey, did_web_document
from openler.credentials.keys import Ed25519KeyPair
from openler.services import audit
from openler.services.context import Actor
from openler.services.issuer.identity import Site, authorize
from openler.store import sealing
from openler.store.models import IssuerKey, Organization


def all_keys(db: Session, org: Organization) -> Sequence[IssuerKey]:
    return db.scalars(
        select(IssuerKey).where(IssuerKey.organization_id == org.id).order_by(IssuerKey.id)
    ).all()


def _new_key(db: Session, org: Organization, *, now: datetime) -> IssuerKey:
    pair = Ed25519KeyPair.generate()
    number = len(all_keys(db, org)) + 1
    row = IssuerKey(
        organization_id=org.id,
        key_id=f"key-{number}",
        public_key_multibase=pair.public_multibase,
        secret_key_sealed=b"",  # sealed below, once the row has the id it is bound to
        created_at=now,
    )
    db.add(row)
    sealing.seal_into(db, row, "secret_key_sealed", pair.secret_multibase)
    db.flush()
    return row


def current_key(db: Session, org: Organization, *, now: datetime) -> IssuerKey:
    """The key that signs now; the first one is made when the organization first issues."""
    row = db.scalars(
        select(IssuerKey)
        .where(IssuerKey.organization_id == org.id, IssuerKey.retired_at.is_(None))
        .order_by(IssuerKey.id.desc())
        .limit(1)
    ).first()
    return row if row is not None else _new_key(db, org, now=now)


def signing_pair(db: Session, site: Site, org: Organization, row: IssuerKey) -> Ed25519KeyPair:
    """The key pair with its verification method id in the organization's DID (the secret
    opened here, to sign with at once)."""
    did = site.did(org)
    pair = Ed25519KeyPair.from_json(
        {
            "publicKeyMultibase": row.public_key_multibase,
            "secretKeyMultibase": sealing.open_from(db, row, "secret_key_sealed"),
        }
    )
    return pair.with_id(f"{did}#{row.key_id}", did)


def rotate(db: Session, actor: Actor, org: Organization, *, now: datetime) -> IssuerKey:
    """Retire the signing key (it stays published for old credentials) and make a new one."""
    actor = authorize(actor, org)
    old = current_key(db, org, now=now)
    old.retired_at = now
    new = _new_key(db, org, now=now)
    audit.record(
        db,
        actor,
        "issuer.key_rotated",
        now=now,
        detail={"organization": org.slug, "retired": old.key_id, "new": new.key_id},
    )
    return new


def replace_unreadable(db: Session, row: IssuerKey, *, now: datetime) -> IssuerKey | None:
    """Give up a key whose secret can no longer be opened (the secrets key was lost): its secret
    is removed and it is retired, its public key still published so what it signed still
    verifies; if it was signing, a new key takes its place (returned; None when it was already
    retired). The caller audits."""
    row.secret_key_sealed = None
    if row.retired_at is not None:
        return None
    org = db.get(Organization, row.organization_id)
    assert org is not None
    row.retired_at = now
    db.flush()  # the new key's number counts the retired one
    return _new_key(db, org, now=now)


def did_document(db: Session, site: Site, org: Organization) -> dict[str, Any]:
    """The did:web document: every key, retired ones included, for assertionMethod."""
    published = [
        PublishedKey(
            key=Ed25519KeyPair.from_json({"publicKeyMultibase": row.public_key_multibase}),
            fragment=row.key_id,
            retired=row.retired_at is not None,
        )
        for row in all_keys(db, org)
    ]
    return did_web_document(site.did(org), published)
