"""The audit log: who did what to whose data, when, under which role or consent."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from openler.services.context import Actor
from openler.store import repositories as repo
from openler.store.models import AuditEntry


def record(
    db: Session,
    actor: Actor,
    action: str,
    *,
    now: datetime,
    subject: str | None = None,
    consent_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. ``detail`` must not hold personal data: people appear by pseudonym."""
    entry = AuditEntry(
        at=now,
        actor=actor.pseudonym,
        actor_role=actor.role,
        via=actor.via,
        subject=subject,
        action=action,
        consent_id=consent_id,
        detail=detail or {},
    )
    db.add(entry)
    return entry


def record_reads(
    db: Session, actor: Actor, action: str, subjects: Iterable[str], *, now: datetime
) -> None:
    """One entry per person whose data was shown, except the actor's own."""
    for subject in subjects:
        if subject != actor.pseudonym:
            record(db, actor, action, now=now, subject=subject)


@dataclass(frozen=True)
class AuditView:
    """An entry as shown to a person: names where the account still exists."""

    at: datetime
    action: str
    actor: str
    actor_role: str | None
    via: str
    subject: str
    consent_id: str | None
    detail: dict[str, Any]


# Who opened a share link is not known (no account is needed), and not recorded: the entry
# says which share was opened, when, and the browser family (services/wallet/shares.py).
SHARE_VIEWER = "someone with your share link"


def _describe(pseudonym: str | None, names: dict[str, str], via: str = "") -> str:
    if via == "share":
        return SHARE_VIEWER
    if pseudonym is None:
        return "OpenLER operator"
    return names.get(pseudonym, f"deleted account {pseudonym[:8]}")


def present(db: Session, entries: Sequence[AuditEntry]) -> list[AuditView]:
    people = {p for e in entries for p in (e.actor, e.subject) if p}
    users = repo.users_by_pseudonym(db, people)
    names = {
        p: (u.display_name or u.email or "")
        for p, u in users.items()
        if u.status == "active" and (u.display_name or u.email)
    }
    return [
        AuditView(
            at=e.at,
            action=e.action,
            actor=_describe(e.actor, names, e.via),
            actor_role=e.actor_role,
            via=e.via,
            subject=_describe(e.subject, names) if e.subject else "",
            consent_id=e.consent_id,
            detail=e.detail,
        )
        for e in entries
    ]


def my_log(db: Session, actor: Actor, *, limit: int = 100, offset: int = 0) -> list[AuditView]:
    """Everything recorded about the actor's own data, newest first."""
    assert actor.pseudonym is not None
    entries = repo.audit_entries(db, subject=actor.pseudonym, limit=limit, offset=offset)
    return present(db, entries)


def search(
    db: Session,
    actor: Actor,
    *,
    now: datetime,
    person_email: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AuditView]:
    """An admin's search of the whole log. The search itself is logged."""
    actor = actor.require("admin")
    involving = None
    if person_email:
        user = repo.user_by_email(db, person_email.strip().lower())
        if user is None:
            return []
        involving = user.pseudonym
    entries = repo.audit_entries(
        db, involving=involving, action=action, since=since, until=until, limit=limit, offset=offset
    )
    record(
        db,
        actor,
        "audit.searched",
        now=now,
        subject=involving,
        detail={"action": action or "", "results": len(entries)},
    )
    return present(db, entries)
