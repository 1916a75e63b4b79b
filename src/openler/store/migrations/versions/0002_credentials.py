"""credentials: issuer keys, achievements, status lists, batches, issued, wallet

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "achievements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=45), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("criteria_narrative", sa.Text(), nullable=False),
        sa.Column("achievement_type", sa.String(length=60), nullable=False),
        sa.Column("alignments", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_achievements_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_achievements_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_achievements")),
        sa.UniqueConstraint("uid", name=op.f("uq_achievements_uid")),
    )
    with op.batch_alter_table("achievements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_achievements_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "issuer_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=80), nullable=False),
        sa.Column("public_key_multibase", sa.String(length=100), nullable=False),
        sa.Column("secret_key_multibase", sa.String(length=140), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_issuer_keys_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issuer_keys")),
        sa.UniqueConstraint("organization_id", "key_id", name="uq_issuer_keys_org_key"),
    )
    with op.batch_alter_table("issuer_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issuer_keys_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "status_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("next_index", sa.Integer(), nullable=False),
        sa.Column("bitstring", sa.Text(), nullable=False),
        sa.Column("credential", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "purpose IN ('revocation', 'suspension')", name=op.f("ck_status_lists_purpose")
        ),
        sa.CheckConstraint(
            "next_index >= 0 AND next_index <= size", name=op.f("ck_status_lists_next_index")
        ),
        sa.CheckConstraint("size >= 131072", name=op.f("ck_status_lists_size")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_status_lists_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_lists")),
    )
    with op.batch_alter_table("status_lists", schema=None) as batch_op:
        batch_op.create_index(
            "ix_status_lists_org_purpose", ["organization_id", "purpose"], unique=False
        )

    op.create_table(
        "issue_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("error_report", sa.JSON(), nullable=True),
        sa.Column("revocation_list_id", sa.Integer(), nullable=True),
        sa.Column("revocation_start", sa.Integer(), nullable=True),
        sa.Column("suspension_list_id", sa.Integer(), nullable=True),
        sa.Column("suspension_start", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('validated', 'signing', 'complete', 'failed')",
            name=op.f("ck_issue_batches_state"),
        ),
        sa.ForeignKeyConstraint(
            ["achievement_id"],
            ["achievements.id"],
            name=op.f("fk_issue_batches_achievement_id_achievements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_issue_batches_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_issue_batches_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["revocation_list_id"],
            ["status_lists.id"],
            name=op.f("fk_issue_batches_revocation_list_id_status_lists"),
        ),
        sa.ForeignKeyConstraint(
            ["suspension_list_id"],
            ["status_lists.id"],
            name=op.f("fk_issue_batches_suspension_list_id_status_lists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issue_batches")),
    )
    with op.batch_alter_table("issue_batches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issue_batches_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "issued_credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=45), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("row_number", sa.Integer(), nullable=True),
        sa.Column("recipient_user_id", sa.Integer(), nullable=True),
        sa.Column("recipient_identifier", sa.String(length=320), nullable=False),
        sa.Column("credential", sa.JSON(), nullable=False),
        sa.Column("revocation_list_id", sa.Integer(), nullable=False),
        sa.Column("revocation_index", sa.Integer(), nullable=False),
        sa.Column("suspension_list_id", sa.Integer(), nullable=False),
        sa.Column("suspension_index", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state IN ('active', 'revoked', 'suspended')", name=op.f("ck_issued_credentials_state")
        ),
        sa.ForeignKeyConstraint(
            ["achievement_id"],
            ["achievements.id"],
            name=op.f("fk_issued_credentials_achievement_id_achievements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["issue_batches.id"],
            name=op.f("fk_issued_credentials_batch_id_issue_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_issued_credentials_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_user_id"],
            ["users.id"],
            name=op.f("fk_issued_credentials_recipient_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["revocation_list_id"],
            ["status_lists.id"],
            name=op.f("fk_issued_credentials_revocation_list_id_status_lists"),
        ),
        sa.ForeignKeyConstraint(
            ["suspension_list_id"],
            ["status_lists.id"],
            name=op.f("fk_issued_credentials_suspension_list_id_status_lists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_credentials")),
        sa.UniqueConstraint("batch_id", "row_number", name="uq_issued_credentials_batch_row"),
        sa.UniqueConstraint(
            "revocation_list_id", "revocation_index", name="uq_issued_credentials_revocation"
        ),
        sa.UniqueConstraint(
            "suspension_list_id", "suspension_index", name="uq_issued_credentials_suspension"
        ),
        sa.UniqueConstraint("uid", name=op.f("uq_issued_credentials_uid")),
    )
    with op.batch_alter_table("issued_credentials", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issued_credentials_achievement_id"), ["achievement_id"], unique=False
        )
        batch_op.create_index(
            "ix_issued_credentials_org_issued", ["organization_id", "issued_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_issued_credentials_recipient_user_id"),
            ["recipient_user_id"],
            unique=False,
        )

    op.create_table(
        "wallet_credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_user_id", sa.Integer(), nullable=False),
        sa.Column("credential", sa.JSON(), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("issued_credential_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("format IN ('json', 'jwt')", name=op.f("ck_wallet_credentials_format")),
        sa.CheckConstraint(
            "source IN ('issued', 'uploaded')", name=op.f("ck_wallet_credentials_source")
        ),
        sa.ForeignKeyConstraint(
            ["issued_credential_id"],
            ["issued_credentials.id"],
            name=op.f("fk_wallet_credentials_issued_credential_id_issued_credentials"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_user_id"],
            ["users.id"],
            name=op.f("fk_wallet_credentials_owner_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wallet_credentials")),
        sa.UniqueConstraint(
            "owner_user_id", "issued_credential_id", name="uq_wallet_credentials_owner_issued"
        ),
    )
    with op.batch_alter_table("wallet_credentials", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wallet_credentials_owner_user_id"), ["owner_user_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("wallet_credentials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wallet_credentials_owner_user_id"))

    op.drop_table("wallet_credentials")
    with op.batch_alter_table("issued_credentials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_credentials_recipient_user_id"))
        batch_op.drop_index("ix_issued_credentials_org_issued")
        batch_op.drop_index(batch_op.f("ix_issued_credentials_achievement_id"))

    op.drop_table("issued_credentials")
    with op.batch_alter_table("issue_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issue_batches_organization_id"))

    op.drop_table("issue_batches")
    with op.batch_alter_table("status_lists", schema=None) as batch_op:
        batch_op.drop_index("ix_status_lists_org_purpose")

    op.drop_table("status_lists")
    with op.batch_alter_table("issuer_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issuer_keys_organization_id"))

    op.drop_table("issuer_keys")
    with op.batch_alter_table("achievements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_achievements_organization_id"))

    op.drop_table("achievements")
