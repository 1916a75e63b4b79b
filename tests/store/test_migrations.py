"""Migrations: an empty database upgrades on both engines, the result matches the models,
and the audit log is append-only inside the database itself."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from openler.store.db import make_engine
from openler.store.migrate import current_revision, head_revision, upgrade
from openler.store.models import Base
from tests.support.postgres import ThrowawayPostgres


def _insert_audit(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO audit_entries (at, via, action, detail) "
                "VALUES (CURRENT_TIMESTAMP, 'cli', 'test.entry', '{}')"
            )
        )


def test_upgrade_is_idempotent_and_reaches_head(engine: Engine) -> None:
    assert current_revision(engine) == head_revision(engine)
    assert upgrade(engine) == head_revision(engine)  # again: nothing to do, same answer


def test_models_match_migrations(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_entries SET action = 'x'", "DELETE FROM audit_entries"]
)
def test_audit_log_refuses_update_and_delete(engine: Engine, statement: str) -> None:
    _insert_audit(engine)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(sa.text(statement))
    with engine.connect() as conn:
        assert (
            conn.execute(sa.text("SELECT action FROM audit_entries")).scalar_one() == "test.entry"
        )


def test_empty_sqlite_file_upgrades_with_wal_and_foreign_keys(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "nested" / "fresh.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert upgrade(engine) == head_revision(engine)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_empty_postgres_database_upgrades(postgres: ThrowawayPostgres) -> None:
    postgres.execute("CREATE DATABASE openler_empty")
    engine = make_engine(postgres.admin_url("openler_empty"))
    try:
        assert current_revision(engine) is None
        assert upgrade(engine) == head_revision(engine)
    finally:
        engine.dispose()
        postgres.execute("DROP DATABASE openler_empty WITH (FORCE)")


def test_postgres_application_role_cannot_rewrite_audit_log(postgres: ThrowawayPostgres) -> None:
    """Even a login granted every table privilege cannot change or remove audit rows."""
    postgres.execute("CREATE DATABASE openler_roles TEMPLATE openler_template")
    postgres.execute("CREATE ROLE openler_app LOGIN")
    try:
        postgres.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public "
            "TO openler_app; GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO openler_app",
            database="openler_roles",
        )
        engine = make_engine(postgres.admin_url("openler_roles", user="openler_app"))
        try:
            _insert_audit(engine)
            for statement in (
                "UPDATE audit_entries SET action = 'x'",
                "DELETE FROM audit_entries",
                "TRUNCATE audit_entries",
            ):
                with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                    conn.execute(sa.text(statement))
        finally:
            engine.dispose()
    finally:
        postgres.execute("DROP DATABASE openler_roles WITH (FORCE)")
        postgres.execute("DROP ROLE openler_app")


def test_make_engine_rejects_other_databases() -> None:
    from openler.errors import ConfigError

    with pytest.raises(ConfigError, match="sqlite:// or postgresql://"):
        make_engine("mysql://u@h/db")


def test_issued_credentials_are_compressed_with_lz4_on_postgres(engine: Engine) -> None:
    """Migration 0006: lz4 (when the server has it), cheaper per row than pglz."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL column compression")
    with engine.connect() as conn:
        has_lz4 = conn.execute(
            sa.text(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                "WHERE name = 'default_toast_compression'"
            )
        ).scalar_one()
        method = conn.execute(
            sa.text(
                "SELECT attcompression FROM pg_attribute "
                "WHERE attrelid = 'issued_credentials'::regclass AND attname = 'credential'"
            )
        ).scalar_one()
    assert method == ("l" if has_lz4 else "")
