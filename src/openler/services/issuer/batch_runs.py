"""Who is signing a batch now: one runner at a time, so resuming is safe to repeat.

A runner (``openler credentials batch issue|resume``, or the web server's background thread
after an upload or a Resume) claims the batch before it signs: a compare-and-set of the
batch's ``runner`` and ``heartbeat_at`` as it read them, so of two claims at once one wins.
The runner renews its claim first thing in the transaction that stores each chunk, and stops
(storing nothing more) if another took it over. A claim is live while its heartbeat is
younger than :data:`STALE` and its process is not known to be dead (same host, pid gone: a
killed command is resumed at once). The UNIQUE (batch, row) constraint stays the last line
of defence, and completion happens under the claim, so wallets get a batch once.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from openler.errors import ConflictError
from openler.store.models import IssueBatch

# Without progress for this long, a runner is taken to be gone. A chunk of 1,000 rows takes a
# second or two, starting the signing processes a few seconds.
STALE = timedelta(minutes=2)
RUNNABLE = ("validated", "signing")
# What a claim reads and writes (a batch's rows, possibly 100,000 of them, are not re-read).
CLAIM_FIELDS = ["state", "rows_done", "runner", "heartbeat_at"]


def new_runner() -> str:
    """An id for one run in this process: host, pid and a nonce (two threads differ)."""
    return f"{_host()}:{os.getpid()}:{secrets.token_hex(4)}"


def _host() -> str:
    return socket.gethostname()[:80]


def _known_dead(runner: str) -> bool:
    host, _, rest = runner.partition(":")
    pid = rest.partition(":")[0]
    if host != _host() or not pid.isdigit():
        return False  # another machine: only the heartbeat tells
    try:
        os.kill(int(pid), 0)  # signal 0: does the process exist?
    except ProcessLookupError:
        return True
    except OSError:
        return False  # it exists (another user's)
    return False


def is_running(batch: IssueBatch, now: datetime) -> bool:
    """Someone is signing the batch now (a live claim, see the module)."""
    if batch.state != "signing" or batch.runner is None or batch.heartbeat_at is None:
        return False
    return now - batch.heartbeat_at < STALE and not _known_dead(batch.runner)


def resumable(batch: IssueBatch, now: datetime) -> bool:
    """Interrupted: not complete, not failed, and nobody is signing it. A batch uploaded a
    moment ago is about to be started by the server, so it is not interrupted yet."""
    if batch.state not in RUNNABLE or is_running(batch, now):
        return False
    return batch.state == "signing" or now - batch.created_at >= STALE


def _update(db: Session, conditions: list[Any], **values: Any) -> int:
    """UPDATE the batch row where ``conditions`` hold; how many rows changed (0 or 1)."""
    result = db.execute(
        update(IssueBatch)
        .where(*conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], result).rowcount


def claim(db: Session, batch: IssueBatch, runner: str, now: datetime) -> None:
    """Make ``runner`` the batch's one runner, or say why not (``ConflictError``)."""
    if batch.state == "complete":
        raise ConflictError(f"Batch {batch.id} is complete: nothing to resume.", field="batch")
    if batch.state not in RUNNABLE:
        raise ConflictError(
            f"Batch {batch.id} did not pass validation; fix the file and upload it again.",
            field="batch",
        )
    if is_running(batch, now):
        raise ConflictError(
            f"Batch {batch.id} is being signed now ({batch.rows_done} of {batch.row_count} "
            "rows); its page shows the progress.",
            field="batch",
        )
    seen = [
        IssueBatch.id == batch.id,
        IssueBatch.state.in_(RUNNABLE),
        IssueBatch.runner.is_not_distinct_from(batch.runner),
        IssueBatch.heartbeat_at.is_not_distinct_from(batch.heartbeat_at),
    ]
    if _update(db, seen, state="signing", runner=runner, heartbeat_at=now) != 1:
        raise ConflictError(
            f"Batch {batch.id} was started by someone else a moment ago; its page shows the "
            "progress.",
            field="batch",
        )
    db.refresh(batch, CLAIM_FIELDS)


def renew(db: Session, batch_id: int, runner: str, now: datetime) -> None:
    """Renew the claim, in the transaction about to store a chunk or complete the batch."""
    mine = [IssueBatch.id == batch_id, IssueBatch.runner == runner]
    if _update(db, mine, heartbeat_at=now) != 1:
        raise ConflictError(
            f"Batch {batch_id} was taken over by another runner; this one stopped "
            "(nothing is stored twice).",
            field="batch",
        )


def release(db: Session, batch_id: int, runner: str) -> None:
    """Give the claim up (the run ended or failed): the batch can be resumed at once."""
    _update(db, [IssueBatch.id == batch_id, IssueBatch.runner == runner], runner=None,
            heartbeat_at=None)  # fmt: skip
