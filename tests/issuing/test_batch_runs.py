"""One runner signs a batch at a time: a second resume is refused while the first runs (also
when both read the batch before either claimed it), a runner whose claim was taken over
stops before storing, a failed run gives its claim up, a killed process on this machine is
seen as gone at once, and every row is stored and delivered exactly once."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from openler.errors import ConflictError
from openler.services.issuer import batch_runs, bulk
from openler.store.models import AuditEntry, IssueBatch, IssuedCredential, WalletCredential
from tests.issuing.helpers import SITE, IssuerSetup, setup_issuer
from tests.services.helpers import make_user
from tests.support.clock import FakeClock

ROWS = 5


@pytest.fixture
def chunk_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "CHUNK", 2)  # 5 rows: three chunks, so a run can stop between


def _batch(db: Session, clock: FakeClock) -> tuple[IssuerSetup, int]:
    s = setup_issuer(db, clock)
    make_user(db, clock, email="worker3@example.org")
    rows = "".join(f"worker{i}@example.org,Worker {i}\n" for i in range(ROWS))
    batch = bulk.create_batch(
        db, s.actor, SITE, s.org, s.achievement,
        source_name="x.csv", data=("email,name\n" + rows).encode(), now=clock(),
    )  # fmt: skip
    db.commit()
    return s, batch.id


def _stored_once(factory: sessionmaker[Session], batch_id: int) -> None:
    with factory() as db:
        rows = db.scalars(select(IssuedCredential.row_number)).all()
        batch = db.get(IssueBatch, batch_id)
        assert batch is not None
        assert (batch.state, batch.rows_done, batch.runner) == ("complete", ROWS, None)
        assert sorted(rows) == list(range(1, ROWS + 1))
        assert db.scalar(select(func.count()).select_from(WalletCredential)) == 1


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_live_claim_refuses_a_second_resume(
    db: Session, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    s, batch_id = _batch(db, clock)
    first = bulk.resume(db, s.actor, batch_id, now=clock())
    db.commit()
    clock.advance(seconds=30)
    with pytest.raises(ConflictError, match="is being signed now"):
        bulk.resume(db, s.actor, batch_id, now=clock())
    db.rollback()
    batch = db.get(IssueBatch, batch_id)
    assert batch is not None
    assert (batch.runner, batch_runs.resumable(batch, clock())) == (first, False)
    bulk.run_batch(factory, s.actor, SITE, batch_id, clock=clock, processes=1, runner=first)
    _stored_once(factory, batch_id)
    with pytest.raises(ConflictError, match="complete: nothing to resume"):
        bulk.resume(db, s.actor, batch_id, now=clock())
    db.rollback()
    resumed = db.scalars(select(AuditEntry).where(AuditEntry.action == "issuer.batch_resumed"))
    assert [e.detail for e in resumed] == [
        {"organization": "lake-college", "batch": batch_id, "rows_done": 0, "rows": ROWS}
    ]


def test_of_two_claims_read_at_once_one_wins(db: Session, clock: FakeClock) -> None:
    """The window between reading the batch and claiming it: the claim compares and sets."""
    _, batch_id = _batch(db, clock)
    factory = sessionmaker(bind=db.get_bind(), expire_on_commit=False)
    with factory() as first, factory() as second:
        seen = [session.get(IssueBatch, batch_id) for session in (first, second)]
        assert seen[0] is not None
        assert seen[1] is not None
        assert (seen[0].runner, seen[1].runner) == (None, None)  # both see it unclaimed
        winner = batch_runs.new_runner()
        batch_runs.claim(first, seen[0], winner, clock())
        first.commit()
        with pytest.raises(ConflictError, match="started by someone else"):
            batch_runs.claim(second, seen[1], batch_runs.new_runner(), clock())
        second.rollback()
    db.expire_all()
    batch = db.get(IssueBatch, batch_id)
    assert batch is not None
    assert (batch.state, batch.runner) == ("signing", winner)


def test_a_stale_runner_is_taken_over_and_stops_before_storing(
    db: Session, factory: sessionmaker[Session], clock: FakeClock, chunk_of_two: None
) -> None:
    s, batch_id = _batch(db, clock)
    stuck = bulk.resume(db, s.actor, batch_id, now=clock())
    db.commit()
    clock.advance(minutes=2)  # no progress for STALE: taken to be gone
    assert timedelta(minutes=2) == batch_runs.STALE
    taker = bulk.resume(db, s.actor, batch_id, now=clock())
    db.commit()
    with pytest.raises(ConflictError, match="taken over"):
        bulk.run_batch(factory, s.actor, SITE, batch_id, clock=clock, processes=1, runner=stuck)
    with factory() as other:
        assert other.scalar(select(func.count()).select_from(IssuedCredential)) == 0
    bulk.run_batch(factory, s.actor, SITE, batch_id, clock=clock, processes=1, runner=taker)
    _stored_once(factory, batch_id)


def test_a_failed_run_gives_its_claim_up_and_the_batch_resumes(
    db: Session, factory: sessionmaker[Session], clock: FakeClock, chunk_of_two: None
) -> None:
    s, batch_id = _batch(db, clock)

    def crash_after_first_chunk(done: int, total: int) -> None:
        if done == 2:
            raise RuntimeError("the server stopped")

    with pytest.raises(RuntimeError):
        bulk.run_batch(
            factory, s.actor, SITE, batch_id, clock=clock, processes=1,
            progress=crash_after_first_chunk,
        )  # fmt: skip
    with factory() as other:
        batch = other.get(IssueBatch, batch_id)
        assert batch is not None
        assert (batch.state, batch.rows_done, batch.runner) == ("signing", 2, None)
        assert batch_runs.resumable(batch, clock())
        assert other.scalar(select(func.count()).select_from(WalletCredential)) == 0
    runner = bulk.resume(db, s.actor, batch_id, now=clock())
    db.commit()
    bulk.run_batch(factory, s.actor, SITE, batch_id, clock=clock, processes=1, runner=runner)
    _stored_once(factory, batch_id)


def test_a_chunk_the_database_refuses_stores_none_of_its_rows(
    db: Session, factory: sessionmaker[Session], clock: FakeClock, chunk_of_two: None
) -> None:
    """On PostgreSQL a chunk goes in by COPY: a row refused half-way through the stream
    (here row 4 of the chunk 3-4, already stored) takes the whole chunk and its count back."""
    s, batch_id = _batch(db, clock)

    def store_row_4_meanwhile(done: int, total: int) -> None:
        if done != 2:
            return
        with factory() as other, other.begin():
            first = other.scalars(
                select(IssuedCredential).where(IssuedCredential.row_number == 1)
            ).one()
            stray = IssuedCredential(
                uid="urn:uuid:00000000-0000-4000-8000-000000000004",
                batch_id=batch_id, row_number=4, recipient_identifier="worker3@example.org",
                issued_at=clock(), state="active", credential=first.credential,
            )  # fmt: skip
            for name in ("organization_id", "achievement_id", "revocation_list_id",
                         "suspension_list_id"):  # fmt: skip
                setattr(stray, name, getattr(first, name))
            stray.revocation_index = first.revocation_index + 100  # only (batch, row) clashes
            stray.suspension_index = first.suspension_index + 100
            other.add(stray)

    with pytest.raises(IntegrityError):
        bulk.run_batch(
            factory, s.actor, SITE, batch_id, clock=clock, processes=1,
            progress=store_row_4_meanwhile,
        )  # fmt: skip
    with factory() as other:
        batch = other.get(IssueBatch, batch_id)
        assert batch is not None
        assert (batch.rows_done, batch.runner) == (2, None)
        rows = other.scalars(select(IssuedCredential.row_number)).all()
        assert sorted(rows) == [1, 2, 4]  # row 3 went back with the chunk
        other.execute(delete(IssuedCredential).where(IssuedCredential.row_number == 4))
        other.commit()
    runner = bulk.resume(db, s.actor, batch_id, now=clock())
    db.commit()
    bulk.run_batch(factory, s.actor, SITE, batch_id, clock=clock, processes=1, runner=runner)
    _stored_once(factory, batch_id)
    with factory() as other:
        times = set(other.scalars(select(IssuedCredential.issued_at)))
        assert times == {clock()}  # the time survives COPY, in UTC


def test_a_killed_runner_on_this_machine_is_gone_at_once(db: Session, clock: FakeClock) -> None:
    _, batch_id = _batch(db, clock)
    batch = db.get(IssueBatch, batch_id)
    assert batch is not None
    alive = batch_runs.new_runner()
    batch.state, batch.runner, batch.heartbeat_at = "signing", alive, clock()
    assert batch_runs.is_running(batch, clock())
    host, pid, nonce = alive.split(":")
    assert int(pid) > 0
    batch.runner = f"{host}:{_dead_pid()}:{nonce}"
    assert not batch_runs.is_running(batch, clock())  # its process is gone
    assert batch_runs.resumable(batch, clock())
    batch.runner = f"elsewhere.example:{pid}:{nonce}"
    assert batch_runs.is_running(batch, clock())  # another host: the heartbeat decides
    clock.advance(minutes=2)
    assert not batch_runs.is_running(batch, clock())


def test_a_batch_just_uploaded_is_not_offered_for_resuming(db: Session, clock: FakeClock) -> None:
    _, batch_id = _batch(db, clock)
    batch = db.get(IssueBatch, batch_id)
    assert batch is not None
    assert batch.state == "validated"
    assert not batch_runs.resumable(batch, clock())  # the server is about to start it
    clock.advance(minutes=2)
    assert batch_runs.resumable(batch, clock())  # it never started: interrupted
