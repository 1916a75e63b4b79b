"""Login throttling through the web: shared by every process, per account and per address."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from openler.config import Settings
from openler.services import demo
from openler.web.app import create_app
from tests.support.clock import FakeClock
from tests.web.helpers import log_in, post_form, seed_demo

WORKER = "worker@demo.openler.org"
WRONG = "not the password"


@pytest.fixture
def second_app(settings: Settings, clock: FakeClock) -> Iterator[FastAPI]:
    """Another instance of the service on the same database: another worker process."""
    application = create_app(settings, clock=clock)
    yield application
    application.state.engine.dispose()


def _status(client: TestClient, email: str, password: str = WRONG) -> int:
    return log_in(client, email, password=password).status_code  # type: ignore[attr-defined,no-any-return]


def test_two_processes_share_one_account_budget(
    app: FastAPI, second_app: FastAPI, clock: FakeClock
) -> None:
    seed_demo(app, clock)
    # Two processes, and the guesses come from two addresses: five each is still ten.
    with (
        TestClient(app, client=("203.0.113.1", 4000)) as first,
        TestClient(second_app, client=("198.51.100.9", 4000)) as second,
    ):
        statuses = [_status(first if n % 2 else second, WORKER) for n in range(10)]
        assert statuses == [401] * 9 + [429]
        assert _status(second, WORKER, password=demo.DEMO_PASSWORD) == 429
        clock.advance(minutes=15)
        assert _status(first, WORKER, password=demo.DEMO_PASSWORD) == 303


def _normalized(text: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", text)


def test_no_account_enumeration(app: FastAPI, client: TestClient, clock: FakeClock) -> None:
    seed_demo(app, clock)
    answers: dict[str, list[tuple[int, str | None, str]]] = {}
    for email in (WORKER, "nobody@demo.openler.org"):
        responses = [log_in(client, email, password=WRONG) for _ in range(11)]
        answers[email] = [
            (r.status_code, r.headers.get("retry-after"), _normalized(r.text))  # type: ignore[attr-defined]
            for r in responses[9:]
        ]
    assert answers[WORKER] == answers["nobody@demo.openler.org"]
    status, retry_after, text = answers[WORKER][0]
    assert (status, retry_after) == (429, "900")
    assert "Try again in 15 minutes (at 14:15 UTC)" in text


def test_retry_after_counts_down_and_speaks_spanish(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    seed_demo(app, clock)
    for _ in range(10):
        log_in(client, WORKER, password=WRONG)
    clock.advance(minutes=10, seconds=30)
    client.cookies.set("openler_lang", "es")
    response = log_in(client, WORKER, password=WRONG)
    assert response.status_code == 429  # type: ignore[attr-defined]
    assert response.headers["retry-after"] == "270"  # type: ignore[attr-defined]
    assert "Vuelva a intentarlo dentro de 5 minutos (a las 14:15 UTC)" in response.text  # type: ignore[attr-defined]


def test_one_address_is_limited_across_accounts(
    app: FastAPI, second_app: FastAPI, clock: FakeClock
) -> None:
    seed_demo(app, clock)
    with (
        TestClient(app, client=("203.0.113.7", 4000)) as attacker,
        TestClient(second_app, client=("203.0.113.7", 4001)) as same_address,
        TestClient(app, client=("198.51.100.2", 4000)) as someone_else,
    ):
        statuses = [_status(attacker, f"guess{n}@example.org") for n in range(49)]
        assert set(statuses) == {401}
        refused = log_in(same_address, "guess49@example.org", password=WRONG)
        assert refused.status_code == 429  # type: ignore[attr-defined]
        assert refused.headers["retry-after"] == "900"  # type: ignore[attr-defined]
        assert _status(attacker, WORKER, password=demo.DEMO_PASSWORD) == 429
        assert _status(someone_else, WORKER, password=demo.DEMO_PASSWORD) == 303


def test_a_wrong_code_lock_ends_the_half_login(
    app: FastAPI, client: TestClient, clock: FakeClock
) -> None:
    logins = seed_demo(app, clock)
    admin = logins["admin"]
    for _ in range(9):
        assert _status(client, admin.email) == 401
    response = log_in(client, admin.email, password=admin.password)
    assert response.headers["location"].startswith("/login/code")  # type: ignore[attr-defined]
    locked = post_form(client, "/login/code", "/login/code", {"code": "000000"})
    assert locked.status_code == 429  # type: ignore[attr-defined]
    assert locked.headers["retry-after"] == "900"  # type: ignore[attr-defined]
    # The pending session is over: the code page now asks for a login.
    assert client.get("/login/code", follow_redirects=False).status_code == 303
