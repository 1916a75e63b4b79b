"""secrets at rest: issuer and holder secret keys and TOTP secrets sealed with AES-256-GCM

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

Each plaintext column is replaced by a sealed one (openler.store.sealing), and the rows already
there are sealed on the way. That needs the secrets key (``OPENLER_SECRETS_KEY_FILE``, handed
over by ``openler.store.migrate.upgrade``): when rows are there and no key is, the migration
stops before changing anything, rather than leave some secrets sealed and others not.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import context, op

from openler.errors import ConfigError
from openler.store.sealing import SETTING, Keyring, Place

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (table, plaintext column, its type, sealed column, nullable)
COLUMNS = (
    ("issuer_keys", "secret_key_multibase", sa.String(length=140), "secret_key_sealed", False),
    ("holder_keys", "secret_key_multibase", sa.String(length=140), "secret_key_sealed", False),
    ("users", "totp_secret", sa.String(length=64), "totp_secret_sealed", True),
)


def _rows(table: str, column: str) -> list[tuple[int, Any]]:
    query = sa.text(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY id")  # noqa: S608
    return [(int(row_id), value) for row_id, value in op.get_bind().execute(query)]


def _keyring(count: int, doing: str) -> Keyring | None:
    """The keys from the configuration, required when there is anything to seal or open."""
    keyring = context.config.attributes.get("keyring")
    if count and not isinstance(keyring, Keyring):
        raise ConfigError(
            f"Database migration 0004 {doing} the {count} signing keys and authenticator "
            f"secrets already in the database and needs the secrets key: set {SETTING} (make "
            "one with `openler secrets keygen FILE`; demo mode makes its own). Nothing was "
            "changed.",
            field=SETTING,
        )
    return keyring if isinstance(keyring, Keyring) else None


def _drop(table: str, column: str, keep: str, nullable: bool) -> None:
    if table == "users" and op.get_bind().dialect.name == "sqlite":
        # No batch copy of `users` on SQLite: dropping the old table would cascade its
        # deletion to every row that refers to a user. SQLite drops a plain column in place.
        op.drop_column(table, column)
        return
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column(keep, existing_nullable=True, nullable=nullable)
        batch_op.drop_column(column)


def _move(*, sealing: bool) -> None:
    """Seal every plaintext secret into its new column (or, going down, the reverse)."""
    found = {
        table: _rows(table, plain if sealing else sealed) for table, plain, _, sealed, _ in COLUMNS
    }
    keyring = _keyring(sum(map(len, found.values())), "seals" if sealing else "opens")
    for table, plain, plain_type, sealed, nullable in COLUMNS:
        source, target = (plain, sealed) if sealing else (sealed, plain)
        op.add_column(table, sa.Column(target, sa.LargeBinary() if sealing else plain_type))
        update = sa.text(f"UPDATE {table} SET {target} = :value WHERE id = :id")  # noqa: S608
        for row_id, value in found[table]:
            assert keyring is not None
            place = Place(table, sealed, row_id)
            if sealing:
                assert isinstance(value, str)
                new_value: object = keyring.seal(value.encode(), place)
            else:
                new_value = keyring.open(bytes(value), place).decode()
            op.get_bind().execute(update, {"value": new_value, "id": row_id})
        _drop(table, source, target, nullable)


def upgrade() -> None:
    _move(sealing=True)


def downgrade() -> None:
    _move(sealing=False)
