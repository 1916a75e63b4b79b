"""Resuming an interrupted batch from the issuer's batch page and the API: the page offers
Resume only for an interrupted batch, the resume runs in the background to completion with
no row twice, and a second resume (double submit, or while a runner signs) is refused."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from starlette.testclient import TestClient

from openler.services.context import Actor
from openler.services.issuer import achievements, bulk
from openler.store import repositories as repo
from openler.store.db import transaction
from openler.store.models import AuditEntry, IssuedCredential, WalletCredential
from tests.conftest import csrf_from
from tests.issuing.helpers import ONET_ALIGNMENT, SITE, interrupted_batch
from tests.issuing.test_pages import BASE, SLUG, _issuer_logged_in
from tests.issuing.test_web import _token
from tests.services.helpers import make_user
from tests.support.clock import FakeClock

ROWS = 5
RESUME = "Resume signing"


@pytest.fixture(autouse=True)
def chunk_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "CHUNK", 2)  # 5 rows in three chunks


def _interrupted_batch(app: FastAPI, clock: FakeClock) -> int:
    with transaction(app.state.sessions) as db:
        org = repo.organization_by_slug(db, SLUG)
        assert org is not None
        make_user(db, clock, email="worker3@example.org")
        achievement_id = achievements.define(
            db, Actor.system(), org, name="Welder", description="Welds.",
            criteria="A test weld.", alignments=[ONET_ALIGNMENT], now=clock(),
        ).id  # fmt: skip
    emails = [f"worker{i}@example.org" for i in range(ROWS)]
    return interrupted_batch(app.state.sessions, SITE, SLUG, achievement_id, emails, clock)


def _counts(app: FastAPI) -> tuple[int, int, int]:
    with transaction(app.state.sessions) as db:
        stored = db.scalars(select(IssuedCredential.row_number)).all()
        wallets = db.scalar(select(func.count()).select_from(WalletCredential)) or 0
        resumed = db.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "issuer.batch_resumed")
        )
    assert len(stored) == len(set(stored))  # no row twice
    return len(stored), wallets, resumed or 0


def _resume(client: TestClient, batch_id: int) -> object:
    token = csrf_from(client.get(f"{BASE}/issue").text)
    return client.post(
        f"{BASE}/batches/{batch_id}/resume", data={"csrf_token": token}, follow_redirects=False
    )


def test_resume_from_the_page_completes_once(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    _issuer_logged_in(app, client, clock)
    batch_id = _interrupted_batch(app, clock)
    page = client.get(f"{BASE}/batches/{batch_id}")
    assert "Interrupted: 2 of 5 credentials are signed and stored" in page.text
    assert RESUME in page.text
    assert f"openler credentials batch resume {batch_id}" in page.text
    assert _counts(app) == (2, 0, 0)
    response = _resume(client, batch_id)
    assert response.status_code == 303  # type: ignore[attr-defined]
    # The test client runs the background task before it returns.
    done = client.get(f"{BASE}/batches/{batch_id}").text
    assert "Complete: 5 credentials issued and delivered." in done
    assert RESUME not in done
    assert _counts(app) == (5, 1, 1)
    again = _resume(client, batch_id)  # a double submit
    assert again.status_code == 409  # type: ignore[attr-defined]
    assert "is complete: nothing to resume" in again.text  # type: ignore[attr-defined]
    assert _counts(app) == (5, 1, 1)


def test_no_resume_while_a_runner_signs(app: FastAPI, client: TestClient, clock: FakeClock) -> None:
    _issuer_logged_in(app, client, clock)
    batch_id = _interrupted_batch(app, clock)
    with transaction(app.state.sessions) as db:  # a runner in this (live) process claims it
        bulk.resume(db, Actor.system(), batch_id, now=clock())
    clock.advance(seconds=30)
    page = client.get(f"{BASE}/batches/{batch_id}")
    assert "Signing: 2 of 5." in page.text
    assert RESUME not in page.text
    refused = _resume(client, batch_id)
    assert refused.status_code == 409  # type: ignore[attr-defined]
    assert "is being signed now (2 of 5 rows)" in refused.text  # type: ignore[attr-defined]
    assert RESUME not in refused.text  # type: ignore[attr-defined]
    assert _counts(app)[0] == 2
    clock.advance(minutes=2)  # that runner made no progress for two minutes: gone
    assert RESUME in client.get(f"{BASE}/batches/{batch_id}").text
    assert _resume(client, batch_id).status_code == 303  # type: ignore[attr-defined]
    assert _counts(app) == (5, 1, 2)


def test_resume_needs_the_issuer_role_and_the_form_token(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    _issuer_logged_in(app, client, clock)
    batch_id = _interrupted_batch(app, clock)
    forged = client.post(f"{BASE}/batches/{batch_id}/resume", data={}, follow_redirects=False)
    assert forged.status_code == 403  # no CSRF token
    client.cookies.clear()
    anonymous = client.post(f"{BASE}/batches/{batch_id}/resume", follow_redirects=False)
    assert anonymous.status_code == 403  # the CSRF check comes first; nothing ran
    other = _token(app, clock, "issuer@river.org", "river-works")
    api = f"/api/v1/orgs/{SLUG}/batches/{batch_id}/resume"
    assert client.post(api, headers=other).status_code == 403
    assert _counts(app) == (2, 0, 0)


def test_resume_over_the_api(app: FastAPI, client: TestClient, clock: FakeClock) -> None:
    auth = _token(app, clock, "issuer@lake.edu", SLUG)
    batch_id = _interrupted_batch(app, clock)
    url = f"/api/v1/orgs/{SLUG}/batches/{batch_id}"
    resumed = client.post(f"{url}/resume", headers=auth)
    assert resumed.status_code == 202, resumed.text
    status = client.get(url, headers=auth).json()
    assert (status["state"], status["rows_done"]) == ("complete", ROWS)
    again = client.post(f"{url}/resume", headers=auth)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "CONFLICT"
    assert _counts(app) == (5, 1, 1)
