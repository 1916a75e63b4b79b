"""A worker's credentials: list and look at them (verified now), add by upload, remove.

Only the worker sees their wallet: every function here acts for the actor as a worker, on
the actor's own rows; anyone else's row is "not found", never "forbidden", so ids reveal
nothing. Reads of one's own records are not audited; every change is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from openler.credentials.baking import extract
from openler.credentials.verify import VerificationReport
from openler.errors import ConflictError, NotFoundError, ValidationError
from openler.services import audit, wallet_delivery
from openler.services.context import Actor
from openler.services.wallet.sources import LocalVerifier
from openler.store.models import WalletCredential, WalletShareItem

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a baked PNG of a few megabytes; a JSON credential is KBs


@dataclass(frozen=True)
class Summary:
    """What a person reads first about a credential (taken from it, not verified by itself)."""

    name: str
    issuer: str
    achievement: str
    valid_from: str
    valid_until: str


@dataclass(frozen=True)
class CredentialView:
    id: int
    source: str
    format: str
    added_at: datetime
    summary: Summary
    report: VerificationReport

    @property
    def state(self) -> str:
        """verified, revoked, suspended, expired or not_verified (for people and filters)."""
        return state_of(self.report)


def state_of(report: VerificationReport) -> str:
    codes = report.codes()
    for code, state in (
        ("STATUS_REVOKED", "revoked"),
        ("STATUS_SUSPENDED", "suspended"),
        ("CREDENTIAL_EXPIRED", "expired"),
    ):
        if code in codes:
            return state
    return "verified" if report.verified else "not_verified"


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return _text(value.get("name")) or _text(value.get("id"))
    if isinstance(value, list) and value:
        return _text(value[0])
    return ""


def summarize(credential: Mapping[str, Any] | None) -> Summary:
    c = credential or {}
    subject = c.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    return Summary(
        name=_text(c.get("name")) or _text(achievement) or _text(c.get("type")),
        issuer=_text(c.get("issuer")),
        achievement=_text(achievement.get("name")) if isinstance(achievement, Mapping) else "",
        valid_from=_text(c.get("validFrom") or c.get("issuanceDate")),
        valid_until=_text(c.get("validUntil") or c.get("expirationDate")),
    )


def view_of(row: WalletCredential, verifier: LocalVerifier, now: datetime) -> CredentialView:
    report = verifier.verify(row.credential, now)
    return CredentialView(
        row.id, row.source, row.format, row.added_at, summarize(report.credential), report
    )


def _rows(db: Session, owner_id: int) -> Sequence[WalletCredential]:
    return db.scalars(
        select(WalletCredential)
        .where(WalletCredential.owner_user_id == owner_id)
        .order_by(WalletCredential.added_at.desc(), WalletCredential.id.desc())
    ).all()


def _worker(actor: Actor) -> tuple[Actor, int]:
    acting = actor.require("worker")
    assert acting.user_id is not None
    return acting, acting.user_id


def list_mine(
    db: Session, actor: Actor, verifier: LocalVerifier, *, now: datetime
) -> list[CredentialView]:
    """The actor's credentials, newest first, each verified now."""
    _, owner = _worker(actor)
    return [view_of(row, verifier, now) for row in _rows(db, owner)]


def own_row(db: Session, actor: Actor, credential_id: int) -> WalletCredential:
    _, owner = _worker(actor)
    row = db.get(WalletCredential, credential_id)
    if row is None or row.owner_user_id != owner:
        raise NotFoundError(f"You have no record number {credential_id}.", field="credential")
    return row


def get_mine(
    db: Session, actor: Actor, verifier: LocalVerifier, credential_id: int, *, now: datetime
) -> CredentialView:
    return view_of(own_row(db, actor, credential_id), verifier, now)


def _checked_bytes(data: bytes, field: str) -> bytes:
    what = "pasted text" if field == "text" else "file"
    if not data.strip():
        raise ValidationError("Choose a file, or paste a credential: it was empty.", field=field)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The {what} is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; "
            "a credential or a badge image is much smaller.",
            field=field,
        )
    return data


def check(
    verifier: LocalVerifier, data: bytes, *, now: datetime, field: str = "file"
) -> VerificationReport:
    """Verify a credential (JSON, VC-JWT, baked PNG or SVG: told apart by content), keep nothing.

    ``field`` is the form field the bytes came from (``file`` or ``text``), named by errors.
    """
    return verifier.verify(_checked_bytes(data, field), now)


def _stored_form(report: VerificationReport, data: bytes) -> tuple[dict[str, Any] | str, str]:
    """What the wallet keeps: the JSON object, or the compact JWT as received."""
    parse = report.check("parse")
    if parse is None or parse.status != "passed":
        code = parse.code if parse else "INPUT_MALFORMED"
        message = parse.message if parse else "it could not be read"
        raise ValidationError(
            f"This is not a credential that can be kept ({code}): {message}", field="file"
        )
    if report.input_kind == "jwt":
        return data.decode("utf-8").strip(), "jwt"
    if report.input_kind in ("png", "svg"):
        baked = extract(data)
        return (baked, "jwt") if isinstance(baked, str) else (dict(baked), "json")
    assert report.credential is not None
    return dict(report.credential), "json"


@dataclass(frozen=True)
class Upload:
    report: VerificationReport
    kept: WalletCredential


def upload(
    db: Session,
    actor: Actor,
    verifier: LocalVerifier,
    data: bytes,
    *,
    now: datetime,
    field: str = "file",
) -> Upload:
    """Verify and keep an uploaded credential (source ``uploaded``). A credential that reads
    but does not verify is kept too (an issuer's key may only be reachable online); its report
    says so wherever it is shown."""
    actor, owner = _worker(actor)
    report = check(verifier, data, now=now, field=field)
    credential, fmt = _stored_form(report, data)
    if any(row.credential == credential for row in _rows(db, owner)):
        raise ConflictError("This credential is already in your records.", field="file")
    row = wallet_delivery.deliver(
        db, owner, credential=credential, format=fmt, source="uploaded", now=now
    )
    db.flush()
    audit.record(
        db,
        actor,
        "wallet.credential_added",
        now=now,
        subject=actor.pseudonym,
        detail={"credential": row.id, "kind": report.input_kind, "verified": report.verified},
    )
    return Upload(report, row)


def remove(db: Session, actor: Actor, credential_id: int, *, now: datetime) -> None:
    """Remove a credential from the wallet, and so from every share that holds it."""
    row = own_row(db, actor, credential_id)
    acting, _ = _worker(actor)
    db.execute(delete(WalletShareItem).where(WalletShareItem.wallet_credential_id == row.id))
    db.delete(row)
    audit.record(
        db,
        acting,
        "wallet.credential_removed",
        now=now,
        subject=acting.pseudonym,
        detail={"credential": credential_id, "source": row.source},
    )


def download(row: WalletCredential) -> tuple[bytes, str, str]:
    """The credential as it is held: (content, media type, file extension)."""
    if row.format == "jwt":
        return str(row.credential).encode(), "application/vc+jwt", "jwt"
    body = json.dumps(row.credential, indent=2, ensure_ascii=False).encode()
    return body, "application/vc+ld+json", "json"
