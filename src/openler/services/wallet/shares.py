"""Sharing: a worker shares a selection of their credentials through an unguessable link.

- The link's token is 256 random bits (``secrets.token_urlsafe(32)``); only its SHA-256 is
  stored, so the database alone cannot open a share. The worker sees the link once.
- The worker chooses the expiry, from one hour to a year, and may withdraw the share at any
  time; after either, the link answers "gone" (HTTP 410) and shows nothing personal.
- Whoever opens a live link sees the credentials and a verification made at that moment (a
  credential revoked since it was shared shows as revoked), without an account.
- Every opening is an entry in the worker's audit log: action ``wallet.share_viewed``,
  consent ``share-<id>``, detail ``{"share", "channel", "agent"}``. The viewer is anonymous
  and stays so: no account, no IP address, no full user agent; only the browser family
  (``agent_family``), enough to tell a person's browser from a link-preview bot.
- A share of kind ``presentation`` also delivers the records as a verifiable presentation
  signed by the worker's did:key and bound to the recipient's domain and a challenge
  (``presenting.py``).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openler.errors import GoneError, NotFoundError, ValidationError
from openler.services import audit
from openler.services.context import Actor
from openler.services.wallet import presenting
from openler.services.wallet.records import CredentialView, own_row, view_of
from openler.services.wallet.sources import LocalVerifier
from openler.store import repositories as repo
from openler.store.models import (
    SHARE_KINDS,
    AuditEntry,
    WalletCredential,
    WalletShare,
    WalletShareItem,
)

TOKEN_BYTES = 32
MIN_LIFETIME = timedelta(hours=1)
MAX_LIFETIME = timedelta(days=366)
MAX_ITEMS = 100
VIEWED = "wallet.share_viewed"
VIEWER = Actor(user_id=None, pseudonym=None, roles=frozenset(), via="share")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def consent_of(share: WalletShare) -> str:
    return f"share-{share.id}"


def share_state(share: WalletShare, now: datetime) -> str:
    if share.withdrawn_at is not None:
        return "withdrawn"
    return "expired" if share.expires_at <= now else "active"


@dataclass(frozen=True)
class NewShare:
    share: WalletShare
    token: str  # shown to the worker once, never stored


def _check_request(
    credential_ids: Sequence[int], expires_at: datetime, label: str, now: datetime
) -> list[int]:
    ids = list(dict.fromkeys(credential_ids))
    if not ids:
        raise ValidationError("Pick at least one record to share.", field="credentials")
    if len(ids) > MAX_ITEMS:
        raise ValidationError(f"Share at most {MAX_ITEMS} records at once.", field="credentials")
    if expires_at.tzinfo is None:
        raise ValidationError("Give the expiry with its time zone.", field="expires_at")
    if not now + MIN_LIFETIME <= expires_at <= now + MAX_LIFETIME:
        raise ValidationError(
            "A share lasts from one hour to one year; choose an expiry in that range.",
            field="expires_at",
        )
    if len(label) > 200:
        raise ValidationError("Keep the label to 200 characters.", field="recipient_label")
    return ids


def create(
    db: Session,
    actor: Actor,
    credential_ids: Sequence[int],
    *,
    expires_at: datetime,
    now: datetime,
    recipient_label: str = "",
    kind: str = "link",
    domain: str = "",
    challenge: str = "",
) -> NewShare:
    """Share the actor's credentials ``credential_ids`` (in that order) until ``expires_at``."""
    acting = actor.require("worker")
    assert acting.user_id is not None
    label = recipient_label.strip()
    ids = _check_request(credential_ids, expires_at, label, now)
    rows = [own_row(db, acting, i) for i in ids]
    if kind not in SHARE_KINDS:
        raise ValidationError(f"A share is a link or a presentation, not {kind!r}.", field="kind")
    bound = None
    if kind == "presentation":
        bound = presenting.binding(db, acting, rows, domain, challenge, now=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    share = WalletShare(
        owner_user_id=acting.user_id,
        kind=kind,
        token_hash=token_hash(token),
        recipient_label=label or None,
        domain=bound.domain if bound else None,
        challenge=bound.challenge if bound else None,
        created_at=now,
        expires_at=expires_at,
        items=[WalletShareItem(wallet_credential_id=r.id, position=n) for n, r in enumerate(rows)],
    )
    db.add(share)
    db.flush()
    audit.record(
        db,
        acting,
        "wallet.share_created",
        now=now,
        subject=acting.pseudonym,
        consent_id=consent_of(share),
        detail={"share": share.id, "credentials": ids, "expires_at": expires_at.isoformat()},
    )
    return NewShare(share, token)


@dataclass(frozen=True)
class ShareSummary:
    share: WalletShare
    state: str
    views: int


def own_share(db: Session, actor: Actor, share_id: int) -> WalletShare:
    acting = actor.require("worker")
    share = db.get(WalletShare, share_id)
    if share is None or share.owner_user_id != acting.user_id:
        raise NotFoundError(f"You have no share number {share_id}.", field="share")
    return share


def list_mine(db: Session, actor: Actor, *, now: datetime) -> list[ShareSummary]:
    """The actor's shares, newest first, with their state and how often each was opened."""
    acting = actor.require("worker")
    shares = db.scalars(
        select(WalletShare)
        .where(WalletShare.owner_user_id == acting.user_id)
        .order_by(WalletShare.created_at.desc(), WalletShare.id.desc())
    ).all()
    counted = db.execute(
        select(AuditEntry.consent_id, func.count())
        .where(AuditEntry.subject == acting.pseudonym, AuditEntry.action == VIEWED)
        .group_by(AuditEntry.consent_id)
    )
    counts: dict[str | None, int] = {row[0]: row[1] for row in counted}
    return [ShareSummary(s, share_state(s, now), counts.get(consent_of(s), 0)) for s in shares]


@dataclass(frozen=True)
class ShareView:
    """One opening of a share, as the worker sees it."""

    at: datetime
    channel: str
    agent: str


def views(db: Session, actor: Actor, share_id: int) -> list[ShareView]:
    """Every opening of the actor's share, newest first (read from their audit log)."""
    share = own_share(db, actor, share_id)
    entries = db.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.subject == actor.pseudonym,
            AuditEntry.action == VIEWED,
            AuditEntry.consent_id == consent_of(share),
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()
    return [
        ShareView(e.at, str(e.detail.get("channel", "")), str(e.detail.get("agent", "")))
        for e in entries
    ]


def withdraw(db: Session, actor: Actor, share_id: int, *, now: datetime) -> WalletShare:
    """End a share now; its link then says it was withdrawn. Withdrawing twice is a no-op."""
    share = own_share(db, actor, share_id)
    if share.withdrawn_at is None:
        share.withdrawn_at = now
        acting = actor.require("worker")
        audit.record(
            db,
            acting,
            "wallet.share_withdrawn",
            now=now,
            subject=acting.pseudonym,
            consent_id=consent_of(share),
            detail={"share": share.id},
        )
    return share


_AGENTS = (
    # (marker in the User-Agent, family); order matters: Edge and Opera also say Chrome.
    ("bot", "bot"),
    ("crawler", "bot"),
    ("spider", "bot"),
    ("preview", "bot"),
    ("edg/", "Edge"),
    ("opr/", "Opera"),
    ("firefox/", "Firefox"),
    ("chrome/", "Chrome"),
    ("chromium/", "Chrome"),
    ("safari/", "Safari"),
    ("curl/", "curl"),
    ("python", "script"),
)


def agent_family(user_agent: str | None) -> str:
    """A browser family, coarse on purpose: the log must not fingerprint the viewer."""
    ua = (user_agent or "").lower()
    if not ua:
        return "unknown"
    return next((family for marker, family in _AGENTS if marker in ua), "other")


@dataclass(frozen=True)
class OpenedShare:
    share: WalletShare
    credentials: list[CredentialView]
    presentation: presenting.Presentation | None = None


def _live_share(db: Session, token: str, now: datetime) -> WalletShare:
    share = db.scalars(
        select(WalletShare).where(WalletShare.token_hash == token_hash(token))
    ).one_or_none()
    if share is None:
        raise NotFoundError("There is no share at this link. Check that it was copied whole.")
    state = share_state(share, now)
    if state == "withdrawn":
        raise GoneError(
            "The person who shared these records has withdrawn this link.", code="SHARE_WITHDRAWN"
        )
    if state == "expired":
        raise GoneError("This share link has expired.", code="SHARE_EXPIRED")
    return share


def _record_view(db: Session, share: WalletShare, channel: str, agent: str, now: datetime) -> None:
    owner = repo.user_by_id(db, share.owner_user_id)
    assert owner is not None
    audit.record(
        db,
        VIEWER,
        VIEWED,
        now=now,
        subject=owner.pseudonym,
        consent_id=consent_of(share),
        detail={"share": share.id, "channel": channel, "agent": agent_family(agent)},
    )


def open_shared(
    db: Session,
    verifier: LocalVerifier,
    token: str,
    *,
    channel: str,
    user_agent: str | None,
    now: datetime,
) -> OpenedShare:
    """The records behind a live link, each verified now; the opening is audited."""
    share = _live_share(db, token, now)
    _record_view(db, share, channel, user_agent or "", now)
    rows = shared_rows(db, share)
    views = [view_of(row, verifier, now) for row in rows]
    if share.kind != "presentation":
        return OpenedShare(share, views)
    return OpenedShare(share, views, presenting.presentation(db, verifier, share, rows, now=now))


def shared_rows(db: Session, share: WalletShare) -> list[WalletCredential]:
    ids = [item.wallet_credential_id for item in share.items]
    found = {
        r.id: r for r in db.scalars(select(WalletCredential).where(WalletCredential.id.in_(ids)))
    }
    return [found[i] for i in ids if i in found]


def shared_credential(
    db: Session, token: str, position: int, *, user_agent: str | None, now: datetime
) -> WalletCredential:
    """One credential of a live share (1-based position), for download; audited."""
    share = _live_share(db, token, now)
    rows = shared_rows(db, share)
    if not 1 <= position <= len(rows):
        raise NotFoundError(f"This share has no record number {position}.", field="position")
    _record_view(db, share, f"download {position}", user_agent or "", now)
    return rows[position - 1]
