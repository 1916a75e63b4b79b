"""An organization's Bitstring Status Lists: index reservation, bit flips, publication.

Indexes are handed out in increasing order and never reused. A list holds at least 131,072
entries (herd privacy); a batch larger than what is left gets a new list, big enough for it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from openler.credentials.proofs import sign
from openler.credentials.status import MIN_ENTRIES, StatusList, status_list_credential
from openler.services.issuer.identity import Site
from openler.services.issuer.keys import current_key, signing_pair
from openler.store.models import Organization, StatusListRecord


def _open_list(db: Session, org: Organization, purpose: str, count: int) -> StatusListRecord | None:
    return db.scalars(
        select(StatusListRecord)
        .where(
            StatusListRecord.organization_id == org.id,
            StatusListRecord.purpose == purpose,
            StatusListRecord.size - StatusListRecord.next_index >= count,
        )
        .order_by(StatusListRecord.id.desc())
        .limit(1)
        .with_for_update()  # PostgreSQL: two issuers never get the same range
    ).first()


def reserve(
    db: Session, site: Site, org: Organization, purpose: str, count: int, *, now: datetime
) -> tuple[StatusListRecord, int]:
    """``count`` consecutive fresh indexes of one list: the list and the first index."""
    record = _open_list(db, org, purpose, count)
    if record is None:
        size = max(MIN_ENTRIES, -(-count // 8) * 8)
        record = StatusListRecord(
            organization_id=org.id,
            purpose=purpose,
            size=size,
            next_index=0,
            bitstring=StatusList(size).encode(),
            updated_at=now,
        )
        db.add(record)
        db.flush()
        publish(db, site, org, record, now=now)
    start = record.next_index
    record.next_index = start + count
    return record, start


def set_bit(record: StatusListRecord, index: int, value: int) -> None:
    bits = StatusList.decode(record.bitstring)
    bits.set(index, value)
    record.bitstring = bits.encode()


def publish(
    db: Session, site: Site, org: Organization, record: StatusListRecord, *, now: datetime
) -> None:
    """Sign the list as a BitstringStatusListCredential with the current key and keep it."""
    pair = signing_pair(db, site, org, current_key(db, org, now=now))
    record.credential = status_list_credential(
        url=site.status_list_url(org, record.id),
        issuer=site.did(org),
        purpose=record.purpose,
        status_list=StatusList.decode(record.bitstring),
        valid_from=now,
        sign=lambda doc: sign(doc, pair, created=now),
    )
    record.updated_at = now


def published(db: Session, org: Organization, list_id: int) -> StatusListRecord | None:
    record = db.get(StatusListRecord, list_id)
    if record is None or record.organization_id != org.id or record.credential is None:
        return None
    return record
