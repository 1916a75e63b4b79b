"""Bulk issuing from a CSV file: validate every row, then sign and store in chunks.

1. ``create_batch`` reads the CSV. Any bad row: the batch is saved ``failed`` with the
   per-row error report and nothing is signed. All good: the rows are kept on the batch,
   status list indexes are reserved for all of them at once (row n gets ``start + n - 1``),
   and the batch is ``validated``.
2. ``run_batch`` signs the rows not yet stored (in worker processes) and commits each chunk
   of credentials together with the batch's progress. The UNIQUE (batch, row) constraint and
   the skip of stored rows mean a batch killed at any moment resumes (``resume``, then
   ``run_batch``) without losing or duplicating a credential; one runner at a time signs a
   batch (``batch_runs``), so two resumes at once cannot both run.
3. When every row is stored, one transaction publishes the two status lists once, puts the
   credentials into the wallets of recipients who have an account, and marks the batch
   ``complete``. Until then no wallet holds any credential of the batch.

This is the one use case that commits by itself (in chunks), so it takes a session factory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Table, func, insert, literal, select, update
from sqlalchemy.orm import Session, sessionmaker

from openler.errors import ConflictError, NotFoundError
from openler.services import audit, wallet_delivery
from openler.services.context import Actor, Clock
from openler.services.issuer import batch_runs, csvrows, status_lists
from openler.services.issuer.achievements import achievement_json
from openler.services.issuer.identity import Site, authorize
from openler.services.issuer.issuing import issuer_profile, reserve_slots
from openler.services.issuer.keys import current_key, signing_pair
from openler.services.issuer.signer import BatchTemplate, RowSpec, Signed, signed_chunks
from openler.store.copy import insert_rows
from openler.store.models import (
    Achievement,
    AuditEntry,
    IssueBatch,
    IssuedCredential,
    Organization,
    StatusListRecord,
    User,
)
from openler.store.types import UTCDateTime

Progress = Callable[[int, int], None]  # (rows done, rows in all)
CHUNK = 1000  # rows per committed transaction (and per task sent to a signer)


def create_batch(
    db: Session,
    actor: Actor,
    site: Site,
    org: Organization,
    achievement: Achievement,
    *,
    source_name: str,
    data: bytes,
    now: datetime,
) -> IssueBatch:
    """A batch from CSV bytes: ``validated`` (ready to run) or ``failed`` with the report."""
    actor = authorize(actor, org)
    if achievement.organization_id != org.id:
        raise NotFoundError(f"{org.name} has no such achievement.", field="achievement")
    recipients, errors = csvrows.read(data)
    batch = IssueBatch(
        organization_id=org.id,
        achievement_id=achievement.id,
        created_by=actor.user_id,
        state="failed" if errors else "validated",
        row_count=len(recipients) + len(errors),
        rows_done=0,
        source_name=source_name[-255:],
        rows=[] if errors else recipients,
        error_report=csvrows.errors_json(errors) if errors else None,
        created_at=now,
    )
    if not errors:
        slots = reserve_slots(db, site, org, len(recipients), now=now)
        batch.revocation_list_id = slots.revocation.id
        batch.revocation_start = slots.revocation_index
        batch.suspension_list_id = slots.suspension.id
        batch.suspension_start = slots.suspension_index
    db.add(batch)
    db.flush()
    _audit(db, actor, "issuer.batch_created", org, batch, now, state=batch.state,
           rows=batch.row_count, errors=len(errors))  # fmt: skip
    return batch


def _audit(
    db: Session, actor: Actor, action: str, org: Organization, batch: IssueBatch,
    now: datetime, **detail: Any,
) -> None:  # fmt: skip
    audit.record(
        db, actor, action, now=now,
        detail={"organization": org.slug, "batch": batch.id, **detail},
    )  # fmt: skip


def get_batch(db: Session, actor: Actor, batch_id: int) -> IssueBatch:
    batch = db.get(IssueBatch, batch_id)
    if batch is None:
        raise NotFoundError(f"There is no batch {batch_id}.", field="batch")
    org = db.get(Organization, batch.organization_id)
    assert org is not None
    authorize(actor, org)
    return batch


def get_org_batch(db: Session, actor: Actor, org: Organization, batch_id: int) -> IssueBatch:
    """Batch ``batch_id`` of ``org`` (another organization's is "not found")."""
    batch = get_batch(db, actor, batch_id)
    if batch.organization_id != org.id:
        raise NotFoundError(f"{org.name} has no batch {batch_id}.", field="batch_id")
    return batch


def _done_rows(db: Session, batch_id: int) -> set[int]:
    rows = db.scalars(
        select(IssuedCredential.row_number).where(IssuedCredential.batch_id == batch_id)
    )
    return {n for n in rows if n is not None}


def _template(db: Session, site: Site, batch: IssueBatch, now: datetime) -> BatchTemplate:
    org = db.get(Organization, batch.organization_id)
    achievement = db.get(Achievement, batch.achievement_id)
    assert org is not None
    assert achievement is not None
    assert batch.revocation_list_id is not None
    pair = signing_pair(db, site, org, current_key(db, org, now=now))
    assert pair.seed is not None
    assert pair.id is not None
    return BatchTemplate(
        seed=pair.seed,
        method_id=pair.id,
        did=site.did(org),
        issuer=issuer_profile(site, org),
        achievement=achievement_json(achievement),
        revocation_url=site.status_list_url(org, batch.revocation_list_id),
    )


def _chunks(
    batch: IssueBatch, done: set[int], clock: Clock
) -> Iterator[tuple[datetime, list[RowSpec]]]:
    assert batch.revocation_start is not None
    specs: list[RowSpec] = []
    for number, row in enumerate(batch.rows, start=1):
        if number not in done:
            specs.append((number, row, batch.revocation_start + number - 1))
        if len(specs) == CHUNK:
            yield clock(), specs
            specs = []
    if specs:
        yield clock(), specs


_TABLE: Table = IssuedCredential.__table__  # type: ignore[assignment]
# The columns ``_store`` fills, in the order of its row tuples.
_COLUMNS = (
    "organization_id", "achievement_id", "batch_id", "revocation_list_id",
    "suspension_list_id", "state", "issued_at", "uid", "row_number", "recipient_user_id",
    "recipient_identifier", "credential", "revocation_index", "suspension_index",
)  # fmt: skip


def _store(db: Session, batch: IssueBatch, signed: list[Signed], now: datetime) -> None:
    """Insert a chunk's credentials (``COPY`` on PostgreSQL, see ``store.copy``) and count
    them on the batch, in the caller's transaction: the chunk is stored whole or not at all.

    The signing processes encode each credential as JSON text (in parallel, and a string
    crosses the process boundary faster than a nested dict), so it is stored as it is.
    """
    assert batch.revocation_start is not None
    assert batch.suspension_start is not None
    # Plain locals: ORM attribute access per row is measurable at 100,000 rows.
    rows, rev_start, sus_start = batch.rows, batch.revocation_start, batch.suspension_start
    shared = (
        batch.organization_id, batch.achievement_id, batch.id, batch.revocation_list_id,
        batch.suspension_list_id, "active", now,
    )  # fmt: skip
    emails = {rows[number - 1]["email"] for number, _, _ in signed}
    found = db.execute(
        select(User.email, User.id).where(User.email.in_(emails), User.status == "active")
    )
    users: dict[str, int] = {row.email: row.id for row in found}
    values = []
    for number, uid, credential in signed:
        email = rows[number - 1]["email"]
        values.append(
            (*shared, uid, number, users.get(email), email, credential,
             rev_start + number - 1, sus_start + number - 1)
        )  # fmt: skip
    insert_rows(db, _TABLE, _COLUMNS, values, json_text=("credential",))
    db.execute(
        update(IssueBatch)
        .where(IssueBatch.id == batch.id)
        .values(rows_done=IssueBatch.rows_done + len(values))
    )


def _complete(db: Session, actor: Actor, site: Site, batch: IssueBatch, now: datetime) -> None:
    org = db.get(Organization, batch.organization_id)
    assert org is not None
    for list_id in (batch.revocation_list_id, batch.suspension_list_id):
        record = db.get(StatusListRecord, list_id, with_for_update=True)
        assert record is not None
        status_lists.publish(db, site, org, record, now=now)
    delivered = wallet_delivery.deliver_batch(db, batch.id, now=now)
    _audit_recipients(db, actor, org, batch, now)
    batch.state = "complete"
    batch.completed_at = now
    _audit(db, actor, "issuer.batch_completed", org, batch, now, rows=batch.row_count,
           delivered=delivered)  # fmt: skip


def _audit_recipients(
    db: Session, actor: Actor, org: Organization, batch: IssueBatch, now: datetime
) -> None:
    """One audit entry per recipient with an account: their wallet changed."""
    detail = {"organization": org.slug, "batch": batch.id}
    recipients = (
        select(User.pseudonym)
        .distinct()
        .join(IssuedCredential, IssuedCredential.recipient_user_id == User.id)
        .where(IssuedCredential.batch_id == batch.id)
        .subquery()
    )
    db.execute(
        insert(AuditEntry).from_select(
            ["at", "actor", "actor_role", "via", "subject", "action", "detail"],
            select(
                literal(now, UTCDateTime()),
                literal(actor.pseudonym, String()),
                literal(actor.role, String()),
                literal(actor.via, String()),
                recipients.c.pseudonym,
                literal("issuer.credential_delivered", String()),
                literal(detail, JSON()),
            ),
        )
    )


def resume(db: Session, actor: Actor, batch_id: int, *, now: datetime) -> str:
    """Claim an interrupted batch for a new run, audited; returns the claim to pass to
    ``run_batch``. Refused (``ConflictError``) while another runner signs it, or when there
    is nothing to resume (see ``batch_runs``)."""
    batch = get_batch(db, actor, batch_id)
    db.refresh(batch, batch_runs.CLAIM_FIELDS)  # the claim compares with the database now
    runner = batch_runs.new_runner()
    batch_runs.claim(db, batch, runner, now)
    org = db.get(Organization, batch.organization_id)
    assert org is not None
    _audit(db, actor, "issuer.batch_resumed", org, batch, now, rows_done=batch.rows_done,
           rows=batch.row_count)  # fmt: skip
    return runner


@dataclass(frozen=True)
class _Run:
    batch: IssueBatch
    template: BatchTemplate
    done: set[int]
    runner: str


def _sign_rows(
    factory: sessionmaker[Session], run: _Run, clock: Clock, processes: int, progress: Progress
) -> None:
    batch = run.batch
    total, count = batch.row_count, len(run.done)
    progress(count, total)
    processes = processes if total - count > 2 * CHUNK else 1
    for signed in signed_chunks(run.template, _chunks(batch, run.done, clock), processes):
        with factory() as db, db.begin():
            now = clock()
            batch_runs.renew(db, batch.id, run.runner, now)  # first: stop if taken over
            _store(db, batch, signed, now)
        count += len(signed)
        progress(count, total)


def _finish(
    factory: sessionmaker[Session], actor: Actor, site: Site, run: _Run, clock: Clock
) -> IssueBatch:
    batch_id = run.batch.id
    with factory() as db, db.begin():
        now = clock()
        batch_runs.renew(db, batch_id, run.runner, now)  # only the claim's holder completes
        batch = get_batch(db, actor, batch_id)
        stored = db.scalar(
            select(func.count())
            .select_from(IssuedCredential)
            .where(IssuedCredential.batch_id == batch_id)
        )
        if stored != batch.row_count:
            raise ConflictError(f"Batch {batch_id} has {stored} of {batch.row_count} rows stored.")
        _complete(db, actor, site, batch, now)
        batch.runner, batch.heartbeat_at = None, None
    return batch


def run_batch(
    factory: sessionmaker[Session],
    actor: Actor,
    site: Site,
    batch_id: int,
    *,
    clock: Clock,
    processes: int = 2,
    progress: Progress | None = None,
    runner: str | None = None,
) -> IssueBatch:
    """Sign and store every row not stored yet, then complete the batch (see the module).

    ``runner`` is the claim ``resume`` made; without one the batch is claimed here. Either
    way no other runner signs the batch meanwhile (``batch_runs``), and a run that fails
    gives its claim up, so the batch can be resumed at once.
    """
    with factory() as db:
        batch = get_batch(db, actor, batch_id)
        if batch.state == "complete" and runner is None:
            return batch
        if runner is None:
            runner = batch_runs.new_runner()
            batch_runs.claim(db, batch, runner, clock())
        run = _Run(batch, _template(db, site, batch, clock()), _done_rows(db, batch.id), runner)
        db.commit()
    try:
        _sign_rows(factory, run, clock, processes, progress or (lambda done, total: None))
        return _finish(factory, actor, site, run, clock)
    except BaseException:
        with suppress(Exception), factory() as db, db.begin():
            batch_runs.release(db, batch_id, runner)
        raise
