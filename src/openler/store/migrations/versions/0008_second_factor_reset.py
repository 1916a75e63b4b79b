"""secrets lost with their key: users.second_factor_reset_at (the person must set up a new
authenticator), and issuer_keys.secret_key_sealed may be NULL (a retired key whose secret is
given up; its public key stays published)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE on `users`, never a batch copy: on SQLite dropping the old table would
    # cascade to every row that refers to a user (as in 0004).
    op.add_column(
        "users", sa.Column("second_factor_reset_at", sa.DateTime(timezone=True), nullable=True)
    )
    with op.batch_alter_table("issuer_keys", schema=None) as batch_op:
        batch_op.alter_column("secret_key_sealed", existing_type=sa.LargeBinary(), nullable=True)


def downgrade() -> None:
    # A key whose secret was given up cannot get it back: the downgrade stops there.
    with op.batch_alter_table("issuer_keys", schema=None) as batch_op:
        batch_op.alter_column("secret_key_sealed", existing_type=sa.LargeBinary(), nullable=False)
    op.drop_column("users", "second_factor_reset_at")
