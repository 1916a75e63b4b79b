"""Issuing one credential, changing its status, listing and downloading what was issued.

Each function is one use case: it adds to the caller's transaction and writes one audit
entry; the caller commits. Bulk issuing from CSV is in ``bulk.py``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from openler.credentials.proofs import sign
from openler.credentials.status import status_entry
from openler.errors import ConflictError, NotFoundError, ValidationError
from openler.services import audit, wallet_delivery
from openler.services.context import Actor
from openler.services.issuer import status_lists
from openler.services.issuer.achievements import achievement_json
from openler.services.issuer.build import Recipient, unsigned_credential
from openler.services.issuer.identity import Site, authorize
from openler.services.issuer.keys import current_key, signing_pair
from openler.services.issuer.recipients import check_recipient
from openler.store import repositories as repo
from openler.store.models import (
    Achievement,
    IssueBatch,
    IssuedCredential,
    Organization,
    StatusListRecord,
    User,
)


def issuer_profile(site: Site, org: Organization) -> dict[str, Any]:
    return {"id": site.did(org), "type": ["Profile"], "name": org.name}


@dataclass(frozen=True)
class Slots:
    """Where one credential's status bits live."""

    revocation: StatusListRecord
    revocation_index: int
    suspension: StatusListRecord
    suspension_index: int


def reserve_slots(
    db: Session, site: Site, org: Organization, count: int, *, now: datetime
) -> Slots:
    rev, rev_start = status_lists.reserve(db, site, org, "revocation", count, now=now)
    sus, sus_start = status_lists.reserve(db, site, org, "suspension", count, now=now)
    return Slots(rev, rev_start, sus, sus_start)


def revocation_entry(site: Site, org: Organization, list_id: int, index: int) -> dict[str, Any]:
    url = site.status_list_url(org, list_id)
    return status_entry(list_credential=url, index=index, purpose="revocation")


def _signed_row(
    db: Session,
    site: Site,
    org: Organization,
    achievement: Achievement,
    recipient: Recipient,
    now: datetime,
) -> IssuedCredential:
    """A new credential, signed by the current key, with fresh status indexes."""
    slots = reserve_slots(db, site, org, 1, now=now)
    uid = f"urn:uuid:{uuid.uuid4()}"
    unsigned = unsigned_credential(
        uid=uid,
        issuer=issuer_profile(site, org),
        achievement=achievement_json(achievement),
        recipient=recipient,
        issued_at=now,
        status=revocation_entry(site, org, slots.revocation.id, slots.revocation_index),
    )
    pair = signing_pair(db, site, org, current_key(db, org, now=now))
    return IssuedCredential(
        uid=uid,
        organization_id=org.id,
        achievement_id=achievement.id,
        recipient_identifier=recipient.email,
        credential=sign(unsigned, pair, created=now),
        revocation_list_id=slots.revocation.id,
        revocation_index=slots.revocation_index,
        suspension_list_id=slots.suspension.id,
        suspension_index=slots.suspension_index,
        state="active",
        issued_at=now,
    )


def issue_one(
    db: Session,
    actor: Actor,
    site: Site,
    org: Organization,
    achievement: Achievement,
    recipient: Recipient,
    *,
    now: datetime,
) -> IssuedCredential:
    """Sign and store one credential; it goes to the recipient's wallet if they have an
    account with that email."""
    actor = authorize(actor, org)
    if achievement.organization_id != org.id:
        raise NotFoundError(f"{org.name} has no such achievement.", field="achievement")
    recipient = check_recipient(recipient)
    user = repo.user_by_email(db, recipient.email)
    row = _signed_row(db, site, org, achievement, recipient, now)
    row.recipient_user_id = user.id if user is not None else None
    db.add(row)
    db.flush()
    if user is not None:
        wallet_delivery.deliver(
            db, user.id, credential=row.credential, now=now, issued_credential_id=row.id
        )
    audit.record(
        db,
        actor,
        "issuer.credential_issued",
        now=now,
        subject=user.pseudonym if user is not None else None,
        detail={"organization": org.slug, "credential": row.uid, "achievement": achievement.id},
    )
    return row


def get_issued(db: Session, org: Organization, uid: str) -> IssuedCredential:
    row = db.scalars(select(IssuedCredential).where(IssuedCredential.uid == uid)).one_or_none()
    if row is None or row.organization_id != org.id:
        raise NotFoundError(f"{org.name} issued no credential {uid}.", field="credential")
    return row


def list_issued(
    db: Session,
    actor: Actor,
    org: Organization,
    *,
    now: datetime,
    state: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Sequence[IssuedCredential]:
    """What the organization issued, newest first (batch credentials once complete).

    Showing them is a read of each recipient's data: one audit entry per recipient with an
    account."""
    actor = authorize(actor, org)
    complete = select(IssueBatch.id).where(IssueBatch.state == "complete")
    stmt = select(IssuedCredential).where(
        IssuedCredential.organization_id == org.id,
        or_(IssuedCredential.batch_id.is_(None), IssuedCredential.batch_id.in_(complete)),
    )
    if state is not None:
        stmt = stmt.where(IssuedCredential.state == state)
    stmt = stmt.order_by(IssuedCredential.issued_at.desc(), IssuedCredential.id.desc())
    rows = db.scalars(stmt.limit(min(limit, 1000)).offset(offset)).all()
    people = {r.recipient_user_id for r in rows if r.recipient_user_id is not None}
    if people:
        pseudonyms = db.scalars(select(User.pseudonym).where(User.id.in_(people)))
        audit.record_reads(db, actor, "issuer.credentials_listed", pseudonyms, now=now)
    return rows


_CHANGES = {
    # action: (states it applies to, new state, list purpose, bit value)
    "revoke": (("active", "suspended"), "revoked", "revocation", 1),
    "suspend": (("active",), "suspended", "suspension", 1),
    "reinstate": (("suspended",), "active", "suspension", 0),
}


def change_status(
    db: Session,
    actor: Actor,
    site: Site,
    org: Organization,
    uid: str,
    action: str,
    *,
    reason: str = "",
    now: datetime,
) -> IssuedCredential:
    """Revoke (final; a reason is required), suspend or reinstate: flip the bit and publish
    the re-signed status list."""
    actor = authorize(actor, org)
    if action not in _CHANGES:
        raise ValidationError(f"Unknown status change {action!r}.", field="action")
    allowed, new_state, purpose, value = _CHANGES[action]
    row = get_issued(db, org, uid)
    if row.state not in allowed:
        raise ConflictError(f"A {row.state} credential cannot be {action}d.", field="credential")
    reason = reason.strip()
    if action == "revoke" and not 1 <= len(reason) <= 500:
        raise ValidationError("Give the reason for revoking (1 to 500 characters).", field="reason")
    list_id, index = (
        (row.revocation_list_id, row.revocation_index)
        if purpose == "revocation"
        else (row.suspension_list_id, row.suspension_index)
    )
    record = db.get(StatusListRecord, list_id, with_for_update=True)
    assert record is not None
    status_lists.set_bit(record, index, value)
    status_lists.publish(db, site, org, record, now=now)
    row.state = new_state
    if action == "revoke":
        row.revoked_reason = reason
    recipient = db.get(User, row.recipient_user_id) if row.recipient_user_id else None
    audit.record(
        db,
        actor,
        f"issuer.credential_{new_state}"
        if action != "reinstate"
        else "issuer.credential_reinstated",
        now=now,
        subject=recipient.pseudonym if recipient is not None else None,
        detail={"organization": org.slug, "credential": uid},
    )
    return row
