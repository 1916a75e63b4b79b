"""Fixtures shared by the suite.

Every test that touches the database runs twice: on SQLite and on a throwaway PostgreSQL
cluster started for the session. If PostgreSQL cannot be started, those tests fail (they are
never skipped), so `make test` fails.
"""

from __future__ import annotations

import itertools
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from openler.config import Settings
from openler.store.db import make_engine, session_factory
from openler.store.kek import keyring_for, write_new_key_file
from openler.store.migrate import upgrade
from openler.store.sealing import Keyring
from openler.web.app import create_app
from tests.support.clock import FakeClock
from tests.support.postgres import PostgresUnavailable, ThrowawayPostgres

ENGINES = ("sqlite", "postgresql")
_counter = itertools.count()


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with small costs, so the suite does not spend minutes hashing.

    The production parameters are checked on their own in tests/services/test_passwords.py.
    """
    from argon2 import PasswordHasher

    from openler.services import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    cluster = ThrowawayPostgres()
    try:
        cluster.start()
    except PostgresUnavailable as exc:
        cluster.stop()
        pytest.fail(f"PostgreSQL could not be started for the tests: {exc}", pytrace=False)
    cluster.execute("CREATE DATABASE openler_template")
    engine = make_engine(cluster.admin_url("openler_template"))
    upgrade(engine)
    engine.dispose()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "openler.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database for one test, on each engine."""
    if request.param == "sqlite":
        path = tmp_path / "openler.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    cluster: ThrowawayPostgres = request.getfixturevalue("postgres")
    name = f"openler_test_{next(_counter)}"
    cluster.execute(f"CREATE DATABASE {name} TEMPLATE openler_template")
    yield cluster.admin_url(name)
    cluster.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def keyring(settings: Settings) -> Keyring:
    """The test's secrets key, from the key file made in its data folder."""
    return keyring_for(settings)


@pytest.fixture
def factory(engine: Engine, keyring: Keyring) -> sessionmaker[Session]:
    return session_factory(engine, keyring)


@pytest.fixture
def db(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for service tests; the test commits when it means to."""
    session = factory()
    yield session
    session.rollback()
    session.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Production-mode settings, with a secrets key file of their own (0600)."""
    key_file = tmp_path / "secrets.key"
    if not key_file.exists():
        write_new_key_file(key_file)
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        secret_key=secrets.token_urlsafe(48),
        secrets_key_file=key_file,
        base_url="https://openler.example.gov",
    )


@pytest.fixture
def app(settings: Settings, clock: FakeClock) -> Iterator[FastAPI]:
    application = create_app(settings, clock=clock)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def _engine_of(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    if callspec is not None and "database_url" in callspec.params:
        return str(callspec.params["database_url"])
    if "postgres" in getattr(item, "fixturenames", ()):
        return "postgresql"
    return None


_ENGINE_OF_TEST: dict[str, str] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        engine = _engine_of(item)
        if engine is not None:
            _ENGINE_OF_TEST[item.nodeid] = engine


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly how many tests ran on each engine, so a skipped engine cannot hide."""
    counts = {engine: {"passed": 0, "failed": 0, "skipped": 0} for engine in ENGINES}
    for outcome, key in (
        ("passed", "passed"),
        ("failed", "failed"),
        ("error", "failed"),
        ("skipped", "skipped"),
    ):
        for report in terminalreporter.stats.get(outcome, []):
            engine = _ENGINE_OF_TEST.get(getattr(report, "nodeid", ""))
            if engine is not None and (outcome != "passed" or report.when == "call"):
                counts[engine][key] += 1
    for engine, c in counts.items():
        terminalreporter.write_line(
            f"{engine} tests: {c['passed']} passed, {c['failed']} failed, {c['skipped']} skipped"
        )
