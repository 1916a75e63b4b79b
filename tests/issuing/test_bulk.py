"""Bulk issuing: every row checked before anything is signed; chunks commit; wallets get the
credentials only when the batch completes; the status indexes are the reserved range."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from openler.errors import ConflictError, ValidationError
from openler.services.issuer import bulk, issuing
from openler.store.models import AuditEntry, IssueBatch, IssuedCredential, WalletCredential
from tests.issuing.helpers import SITE, failures, setup_issuer, verify_issued
from tests.services.helpers import make_user
from tests.support.clock import FakeClock

HEADER = "email,name,issued_on,result,result_status\n"


def _csv(n: int) -> bytes:
    rows = [
        f"worker{i}@example.org,Worker {i},2026-01-{1 + i % 28:02d},{i},Completed" for i in range(n)
    ]
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_every_bad_row_is_reported_and_nothing_is_signed(db: Session, clock: FakeClock) -> None:
    s = setup_issuer(db, clock)
    data = (
        HEADER
        + "ok@example.org,Ok,,,\n"  # row 1: fine
        + "not-an-email,Bad,,,\n"  # row 2
        + "c@example.org,,2026-01-01,,\n"  # row 3: no name
        + "d@example.org,D,01/02/2026,,\n"  # row 4: date form
        + "e@example.org,E,,,Passed\n"  # row 5: not a result status
        + "f@example.org,F\n"  # row 6: short row
    ).encode()
    batch = bulk.create_batch(
        db, s.actor, SITE, s.org, s.achievement, source_name="x.csv", data=data, now=clock()
    )
    assert batch.state == "failed"
    assert [(e["row"], e["field"]) for e in batch.error_report or []] == [
        (2, "email"),
        (3, "name"),
        (4, "issued_on"),
        (5, "result_status"),
        (6, "row"),
    ]
    assert batch.rows == []
    assert batch.revocation_list_id is None
    assert db.scalar(select(func.count()).select_from(IssuedCredential)) == 0


@pytest.mark.parametrize(
    "data", [b"", b"email\n", b"email,name,colour\nx@y.org,X,red\n", b"email,name\n"]
)
def test_bad_files_are_refused_naming_the_file(db: Session, clock: FakeClock, data: bytes) -> None:
    s = setup_issuer(db, clock)
    with pytest.raises(ValidationError) as info:
        bulk.create_batch(
            db, s.actor, SITE, s.org, s.achievement, source_name="x.csv", data=data, now=clock()
        )
    assert info.value.field == "file"


def test_batch_delivers_to_wallets_only_when_complete(
    db: Session, factory: sessionmaker[Session], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "CHUNK", 2)
    s = setup_issuer(db, clock)
    worker = make_user(db, clock, email="worker3@example.org")
    batch = bulk.create_batch(
        db, s.actor, SITE, s.org, s.achievement, source_name="x.csv", data=_csv(5), now=clock()
    )
    db.commit()
    assert batch.state == "validated"
    seen: list[tuple[int, int, int]] = []

    def progress(done: int, total: int) -> None:
        with factory() as other:
            stored = other.scalar(select(func.count()).select_from(IssuedCredential))
            wallets = other.scalar(select(func.count()).select_from(WalletCredential))
            listed = len(issuing.list_issued(other, s.actor, s.org, now=clock()))
        assert stored == done
        seen.append((done, wallets or 0, listed))

    bulk.run_batch(factory, s.actor, SITE, batch.id, clock=clock, processes=1, progress=progress)
    assert seen == [(0, 0, 0), (2, 0, 0), (4, 0, 0), (5, 0, 0)]
    db.expire_all()
    done = db.get(IssueBatch, batch.id)
    assert done is not None
    assert (done.state, done.rows_done) == ("complete", 5)
    wallet = db.scalars(select(WalletCredential)).all()
    assert [w.owner_user_id for w in wallet] == [worker.id]
    delivered = db.scalars(
        select(AuditEntry).where(AuditEntry.action == "issuer.credential_delivered")
    ).all()
    assert [(e.subject, e.detail) for e in delivered] == [
        (worker.pseudonym, {"organization": "lake-college", "batch": batch.id})
    ]
    rows = db.scalars(select(IssuedCredential).order_by(IssuedCredential.row_number)).all()
    assert [r.revocation_index - rows[0].revocation_index for r in rows] == [0, 1, 2, 3, 4]
    assert len(issuing.list_issued(db, s.actor, s.org, now=clock())) == 5
    report = verify_issued(db, s.org, rows[3].credential, clock())
    assert report.verified, failures(report)
    subject: dict[str, Any] = rows[3].credential["credentialSubject"]
    assert subject["result"] == [{"type": ["Result"], "value": "3", "status": "Completed"}]
    assert rows[3].credential["validFrom"] == "2026-01-04T00:00:00Z"


def test_a_failed_batch_cannot_be_run(
    db: Session, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    s = setup_issuer(db, clock)
    data = (HEADER + "bad,X,,,\n").encode()
    batch = bulk.create_batch(
        db, s.actor, SITE, s.org, s.achievement, source_name="x.csv", data=data, now=clock()
    )
    db.commit()
    with pytest.raises(ConflictError):
        bulk.run_batch(factory, s.actor, SITE, batch.id, clock=clock, processes=1)
