"""A batch killed mid-way (SIGKILL of the real command and its signing processes) resumes
without losing or duplicating a credential, and wallets see nothing until it completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from openler.store.models import IssueBatch, IssuedCredential, WalletCredential
from tests.issuing.helpers import SITE, failures, setup_issuer, verify_issued
from tests.services.helpers import make_user
from tests.support.clock import FakeClock

ROWS = 2500
SRC = Path(__file__).resolve().parents[2] / "src"


def _env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "OPENLER_DATABASE_URL": database_url,
        "OPENLER_BASE_URL": SITE.base_url,
        "OPENLER_DATA_DIR": str(tmp_path),
        # The key the test's own sessions seal with (made by the settings fixture).
        "OPENLER_SECRETS_KEY_FILE": str(tmp_path / "secrets.key"),
    }


def _batch_progress(engine: Engine) -> tuple[int, int] | None:
    with engine.connect() as conn:
        row = conn.execute(select(IssueBatch.rows_done, IssueBatch.row_count)).first()
    return None if row is None else (row[0], row[1])


def _wait_for_first_chunk(engine: Engine, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        progress = _batch_progress(engine)
        if progress is not None and progress[0] > 0:
            return
        assert process.poll() is None, "the batch command ended before it was killed"
        time.sleep(0.01)
    raise AssertionError("no chunk was committed in time")


def test_killed_batch_resumes_without_loss_or_duplicates(
    db: Session, engine: Engine, database_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    s = setup_issuer(db, clock)
    worker = make_user(db, clock, email="worker7@example.org")
    db.commit()
    csv = tmp_path / "cohort.csv"
    rows = "".join(f"worker{i}@example.org,Worker {i}\n" for i in range(ROWS))
    csv.write_text("email,name\n" + rows)
    env = _env(database_url, tmp_path)
    log = (tmp_path / "issue.log").open("wb")
    command = [sys.executable, "-m", "openler", "credentials", "batch"]
    issue = subprocess.Popen(
        [*command, "issue", "--org", s.org.slug, "--achievement", str(s.achievement.id), str(csv)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the kill reaches the signers too
    )
    try:
        _wait_for_first_chunk(engine, issue)
    finally:
        os.killpg(issue.pid, signal.SIGKILL)
        issue.wait()
    done, total = _batch_progress(engine) or (0, 0)
    assert 0 < done < total == ROWS
    with engine.connect() as conn:
        stored = conn.scalar(select(func.count()).select_from(IssuedCredential))
        delivered = conn.scalar(select(func.count()).select_from(WalletCredential))
    assert (stored, delivered) == (done, 0)  # chunks are whole; wallets wait for completion

    resume = subprocess.run(
        [*command, "resume", "1"], env=env, capture_output=True, timeout=300, check=False
    )
    assert resume.returncode == 0, resume.stderr.decode()
    db.expire_all()
    issued = db.scalars(select(IssuedCredential).order_by(IssuedCredential.row_number)).all()
    assert [c.row_number for c in issued] == list(range(1, ROWS + 1))
    assert len({c.uid for c in issued}) == ROWS
    assert len({c.revocation_index for c in issued}) == ROWS
    batch = db.scalars(select(IssueBatch)).one()
    assert (batch.state, batch.rows_done) == ("complete", ROWS)
    wallet = db.scalars(select(WalletCredential)).all()
    assert [(w.owner_user_id, w.issued_credential_id) for w in wallet] == [
        (worker.id, issued[7].id)
    ]
    for row in (issued[0], issued[-1]):  # signed before and after the kill
        report = verify_issued(db, s.org, row.credential, datetime.now(UTC))  # the CLI's clock
        assert report.verified, failures(report)
