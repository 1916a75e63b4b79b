"""issued credentials: compress the stored credential with lz4 on PostgreSQL

A signed credential is about 1.9 kB of JSON, so with the row's other columns it just passes
PostgreSQL's TOAST threshold (~2 kB) and every row is compressed as it is stored. The default
method, pglz, costs the server about 0.02 ms per row more than lz4 (20,000 rows COPYed into a
table of the same shape, server CPU; see benchmarks/README.md "Bulk issuing"), at 5% more
space. Only the compression method changes: the column type (``json``), its checks and every
index stay. Rows stored before keep their pglz until rewritten (both read back the same).
A PostgreSQL built without lz4 (or older than 14) keeps pglz. SQLite: nothing to do.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _set_compression(method: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"""
        DO $$
        BEGIN
            EXECUTE 'ALTER TABLE issued_credentials ALTER COLUMN credential
                     SET COMPRESSION {method}';
        EXCEPTION WHEN feature_not_supported OR syntax_error THEN
            RAISE NOTICE 'issued_credentials.credential keeps the default compression';
        END
        $$
    """)


def upgrade() -> None:
    _set_compression("lz4")


def downgrade() -> None:
    _set_compression("default")
