"""Signing a chunk of a batch, in this process or in a pool of worker processes.

A worker gets the key once (pool initializer) and then chunks of row specifications; it
returns signed credentials. Nothing here touches the database.
"""

from __future__ import annotations

import json
import multiprocessing
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openler.credentials.keys import Ed25519KeyPair
from openler.credentials.proofs import new_proof
from openler.credentials.status import status_entry
from openler.services.issuer.build import unsigned_credential
from openler.services.issuer.csvrows import from_json


@dataclass(frozen=True)
class BatchTemplate:
    """What every credential of a batch shares."""

    seed: bytes
    method_id: str
    did: str
    issuer: dict[str, Any]
    achievement: dict[str, Any]
    revocation_url: str


# Plain tuples cross the process boundary: pickling a dataclass per row costs a Python-level
# reconstruction on the other side, measurable at 100,000 rows.
RowSpec = tuple[int, dict[str, Any], int]  # (row number, csvrows.to_json form, revocation index)
Signed = tuple[int, str, str]  # (row number, uid, signed credential as JSON text)


_TEMPLATE: BatchTemplate | None = None
_KEY: Ed25519KeyPair | None = None


def _init(template: BatchTemplate) -> None:
    global _TEMPLATE, _KEY  # one per worker process, set once by the pool initializer
    _TEMPLATE = template
    _KEY = Ed25519KeyPair.from_seed(template.seed, template.method_id, template.did)


def sign_chunk(chunk: tuple[datetime, list[RowSpec]]) -> list[Signed]:
    issued_at, specs = chunk
    assert _TEMPLATE is not None
    assert _KEY is not None
    out = []
    for row_number, recipient, revocation_index in specs:
        uid = f"urn:uuid:{uuid.uuid4()}"
        status = status_entry(
            list_credential=_TEMPLATE.revocation_url, index=revocation_index, purpose="revocation"
        )
        unsigned = unsigned_credential(
            uid=uid,
            issuer=_TEMPLATE.issuer,
            achievement=_TEMPLATE.achievement,
            recipient=from_json(recipient),
            issued_at=issued_at,
            status=status,
        )
        # Built here and dropped after encoding, so the proof is added without the deep copy
        # ``sign`` makes to protect a caller's objects.
        unsigned["proof"] = new_proof(unsigned, _KEY, created=issued_at)
        out.append((row_number, uid, json.dumps(unsigned, ensure_ascii=False)))
    return out


def signed_chunks(
    template: BatchTemplate, chunks: Iterable[tuple[datetime, list[RowSpec]]], processes: int
) -> Iterator[list[Signed]]:
    """Signed chunks in order; ``processes`` > 1 signs in that many worker processes.

    Workers are spawned, not forked: the caller may hold database connections and threads.
    """
    if processes <= 1:
        _init(template)
        yield from map(sign_chunk, chunks)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes, initializer=_init, initargs=(template,)) as pool:
        yield from pool.imap(sign_chunk, chunks)
