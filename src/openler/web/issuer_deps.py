"""What the issuer's pages and API share: running a batch after the response."""

from __future__ import annotations

from fastapi import BackgroundTasks, Request

from openler.services.context import Actor
from openler.services.issuer import bulk
from openler.services.issuer.identity import Site


def run_in_background(
    background: BackgroundTasks,
    request: Request,
    actor: Actor,
    site: Site,
    batch_id: int,
    runner: str | None = None,
) -> None:
    """Sign the batch in a thread of this server once the response is sent (its page and
    ``GET /batches/{id}`` show the progress); ``runner``: a claim made by ``bulk.resume``."""
    background.add_task(
        bulk.run_batch, request.app.state.sessions, actor, site, batch_id,
        clock=request.app.state.clock, runner=runner,
    )  # fmt: skip
