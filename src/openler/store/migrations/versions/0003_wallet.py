"""wallet: holder keys (did:key) and shares of wallet credentials

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A worker can now make credentials from their records (a CLR, an LER-RS résumé).
    with op.batch_alter_table("wallet_credentials", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_wallet_credentials_source"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_wallet_credentials_source"), "source IN ('issued', 'uploaded', 'made')"
        )
    op.create_table(
        "holder_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("did", sa.String(length=120), nullable=False),
        sa.Column("public_key_multibase", sa.String(length=100), nullable=False),
        sa.Column("secret_key_multibase", sa.String(length=140), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_holder_keys_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holder_keys")),
        sa.UniqueConstraint("user_id", name=op.f("uq_holder_keys_user_id")),
    )
    op.create_table(
        "wallet_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("recipient_label", sa.String(length=200), nullable=True),
        sa.Column("domain", sa.String(length=300), nullable=True),
        sa.Column("challenge", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('link', 'presentation')", name=op.f("ck_wallet_shares_kind")),
        sa.CheckConstraint("expires_at > created_at", name=op.f("ck_wallet_shares_expiry")),
        sa.ForeignKeyConstraint(
            ["owner_user_id"],
            ["users.id"],
            name=op.f("fk_wallet_shares_owner_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wallet_shares")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_wallet_shares_token_hash")),
    )
    with op.batch_alter_table("wallet_shares", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wallet_shares_owner_user_id"), ["owner_user_id"], unique=False
        )

    op.create_table(
        "wallet_share_items",
        sa.Column("share_id", sa.Integer(), nullable=False),
        sa.Column("wallet_credential_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["share_id"],
            ["wallet_shares.id"],
            name=op.f("fk_wallet_share_items_share_id_wallet_shares"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["wallet_credential_id"],
            ["wallet_credentials.id"],
            name=op.f("fk_wallet_share_items_wallet_credential_id_wallet_credentials"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "share_id", "wallet_credential_id", name=op.f("pk_wallet_share_items")
        ),
    )
    with op.batch_alter_table("wallet_share_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wallet_share_items_wallet_credential_id"),
            ["wallet_credential_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("wallet_share_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wallet_share_items_wallet_credential_id"))

    op.drop_table("wallet_share_items")
    with op.batch_alter_table("wallet_shares", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wallet_shares_owner_user_id"))

    op.drop_table("wallet_shares")
    op.drop_table("holder_keys")
    with op.batch_alter_table("wallet_credentials", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_wallet_credentials_source"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_wallet_credentials_source"), "source IN ('issued', 'uploaded')"
        )
