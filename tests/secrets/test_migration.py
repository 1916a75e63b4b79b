"""Migration 0004 on a database that already holds plaintext secrets (as revision 0003 kept
them), on SQLite and PostgreSQL: sealed with the configured key, or refused without one."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine

from openler.errors import ConfigError
from openler.store.db import make_engine
from openler.store.migrate import alembic_config, current_revision, head_revision, upgrade
from openler.store.sealing import Kek, Keyring, Place
from tests.support.postgres import ThrowawayPostgres

ISSUER_SECRET = "z3u2en7t5LR2WtQH5PfsRb6d5Wh8ZkJfZ4Md8UqvZ4WB8qnmFirst"
HOLDER_SECRET = "z3u2en7t5LR2WtQH5PfsRb6d5Wh8ZkJfZ4Md8UqvZ4WB8qnmOther"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_numbers = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def at_0003(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database migrated to revision 0003 only."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        upgrade(engine, revision="0003")
        yield engine
        engine.dispose()
        return
    cluster: ThrowawayPostgres = request.getfixturevalue("postgres")
    name = f"openler_secrets_{next(_numbers)}"
    cluster.execute(f"CREATE DATABASE {name}")
    engine = make_engine(cluster.admin_url(name))
    upgrade(engine, revision="0003")
    yield engine
    engine.dispose()
    cluster.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _plaintext_rows(engine: Engine) -> None:
    statements = [
        "INSERT INTO organizations (id, slug, name, kind, created_at) "
        "VALUES (1, 'lake', 'Lake', 'college', CURRENT_TIMESTAMP)",
        "INSERT INTO users (id, pseudonym, status, failed_logins, totp_secret, created_at) "
        f"VALUES (1, 'p-1', 'active', 0, '{TOTP_SECRET}', CURRENT_TIMESTAMP)",
        "INSERT INTO users (id, pseudonym, status, failed_logins, created_at) "
        "VALUES (2, 'p-2', 'active', 0, CURRENT_TIMESTAMP)",
        "INSERT INTO user_roles (user_id, role) VALUES (1, 'admin')",
        "INSERT INTO issuer_keys (id, organization_id, key_id, public_key_multibase, "
        f"secret_key_multibase, created_at) VALUES (5, 1, 'key-1', 'z6Mk', '{ISSUER_SECRET}', "
        "CURRENT_TIMESTAMP)",
        "INSERT INTO holder_keys (id, user_id, did, public_key_multibase, secret_key_multibase, "
        f"created_at) VALUES (3, 2, 'did:key:z6Mk', 'z6Mk', '{HOLDER_SECRET}', CURRENT_TIMESTAMP)",
    ]
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))


def _columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns(table)}


def test_existing_secrets_are_sealed_with_the_configured_key(at_0003: Engine) -> None:
    _plaintext_rows(at_0003)
    keyring = Keyring(Kek.generate())
    assert upgrade(at_0003, keyring) == head_revision(at_0003)
    assert "totp_secret" not in _columns(at_0003, "users")
    assert "secret_key_multibase" not in _columns(at_0003, "issuer_keys")
    assert "secret_key_multibase" not in _columns(at_0003, "holder_keys")
    with at_0003.connect() as conn:
        sealed = {
            ("issuer_keys", "secret_key_sealed", 5): ISSUER_SECRET,
            ("holder_keys", "secret_key_sealed", 3): HOLDER_SECRET,
            ("users", "totp_secret_sealed", 1): TOTP_SECRET,
        }
        for (table, column, row_id), secret in sealed.items():
            query = sa.text(f"SELECT {column} FROM {table} WHERE id = {row_id}")
            value = bytes(conn.execute(query).scalar_one())
            assert secret.encode() not in value
            assert keyring.open(value, Place(table, column, row_id)).decode() == secret
        # A user without a second factor stays without one; the other rows are untouched.
        assert (
            conn.execute(sa.text("SELECT totp_secret_sealed FROM users WHERE id = 2")).scalar()
            is None
        )
        assert conn.execute(sa.text("SELECT role FROM user_roles")).scalar_one() == "admin"


def test_without_a_key_the_migration_changes_nothing(at_0003: Engine) -> None:
    _plaintext_rows(at_0003)
    with pytest.raises(ConfigError, match="migration 0004 seals the 3 signing keys") as caught:
        upgrade(at_0003)
    assert caught.value.field == "OPENLER_SECRETS_KEY_FILE"
    assert current_revision(at_0003) == "0003"
    assert "totp_secret_sealed" not in _columns(at_0003, "users")
    assert "secret_key_sealed" not in _columns(at_0003, "issuer_keys")
    with at_0003.connect() as conn:
        assert (
            conn.execute(sa.text("SELECT totp_secret FROM users WHERE id = 1")).scalar()
            == TOTP_SECRET
        )


def test_an_empty_database_needs_no_key_and_downgrade_opens_again(at_0003: Engine) -> None:
    assert upgrade(at_0003) == head_revision(at_0003)  # nothing to seal: no key needed
    command.downgrade(alembic_config(at_0003), "0003")
    _plaintext_rows(at_0003)
    keyring = Keyring(Kek.generate())
    upgrade(at_0003, keyring)
    # Later migrations first (a failed downgrade through several migrations is not undone
    # as one on SQLite), then 0004 itself: going back opens every secret into its old column.
    command.downgrade(alembic_config(at_0003), "0004")
    with pytest.raises(ConfigError, match="opens the 3"):
        command.downgrade(alembic_config(at_0003), "0003")
    command.downgrade(alembic_config(at_0003, keyring), "0003")
    with at_0003.connect() as conn:
        assert (
            conn.execute(sa.text("SELECT totp_secret FROM users WHERE id = 1")).scalar()
            == TOTP_SECRET
        )
        query = sa.text("SELECT secret_key_multibase FROM issuer_keys WHERE id = 5")
        assert conn.execute(query).scalar() == ISSUER_SECRET
