"""Tables. The models know columns and constraints, never business rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from openler.store.types import UTCDateTime

ROLES = ("worker", "caseworker", "issuer", "employer", "college", "analyst", "admin")
ORGANIZATION_KINDS = ("college", "training_provider", "employer", "state_agency")

# Stable constraint names, so that migrations can refer to them on every engine.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Organization(Base):
    __tablename__ = "organizations"
    __table_args__ = (CheckConstraint(_in("kind", ORGANIZATION_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    members: Mapped[list[Membership]] = relationship(back_populates="organization")


class User(Base):
    """A person with an account. After deletion only the pseudonym and tombstone remain."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("status", ("active", "deleted")), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Audit entries refer to people by this random id, never by name or email, so that
    # deleting an account leaves a log that no longer identifies the person.
    pseudonym: Mapped[str] = mapped_column(String(36), unique=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="active")
    language: Mapped[str | None] = mapped_column(String(8))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The authenticator secret, sealed (openler.store.sealing); opened only to check a code.
    totp_secret_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # When an authenticator secret that could no longer be opened (the secrets key was lost)
    # was removed: until the person sets up a new one, their login stops at that setup.
    second_factor_reset_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def role_names(self) -> frozenset[str]:
        return frozenset(r.role for r in self.roles)


class UserRole(Base):
    __tablename__ = "user_roles"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)

    user: Mapped[User] = relationship(back_populates="roles")


class Membership(Base):
    __tablename__ = "memberships"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )

    user: Mapped[User] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(back_populates="members", lazy="joined")


class WebSession(Base):
    """A browser session. The cookie carries a random token; only its hash is stored."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # True between a correct password and a correct one-time code.
    second_factor_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApiToken(Base):
    """A token for machine clients, acting with exactly one of its owner's roles."""

    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PasswordReset(Base):
    """A single-use, expiring password-reset link. Only the token's hash is stored."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


LOGIN_STEPS = ("password", "second_factor")


class LoginFailure(Base):
    """One failed login attempt (a wrong password or one-time code), for throttling.

    Every web process reads and writes these rows, so the budget of guesses is shared by all
    of them (services/throttle.py). The account is a hash of the identifier typed, known or
    not, so that unknown accounts are throttled like real ones; rows older than the longest
    window are pruned as new ones arrive.
    """

    __tablename__ = "login_failures"
    __table_args__ = (
        CheckConstraint(_in("step", LOGIN_STEPS), name="step"),
        Index("ix_login_failures_account_at", "account_key", "failed_at"),
        Index("ix_login_failures_address_at", "client_address", "failed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # SHA-256 (hex) of the account identifier: the normalized email typed at the login.
    account_key: Mapped[str] = mapped_column(String(64))
    # The client address as the rate limits see it (an IPv6 client by its /64); None for a
    # caller that is not on the network (tests, the command line).
    client_address: Mapped[str | None] = mapped_column(String(64))
    step: Mapped[str] = mapped_column(String(16))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class AuditEntry(Base):
    """Who did what to whose data, when, and under which role or consent.

    Append-only: the code has no update or delete path, and database triggers (created by the
    migrations on SQLite and PostgreSQL) refuse UPDATE and DELETE on this table.
    People appear only by pseudonym.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_subject_at", "subject", "at"),
        Index("ix_audit_entries_actor_at", "actor", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str | None] = mapped_column(String(36))
    actor_role: Mapped[str | None] = mapped_column(String(20))
    via: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(60))
    consent_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# --- Credentials: issuing (issue 4 item 8) and the worker's wallet -------------------------

STATUS_PURPOSES = ("revocation", "suspension")
BATCH_STATES = ("validated", "signing", "complete", "failed")
CREDENTIAL_STATES = ("active", "revoked", "suspended")
WALLET_FORMATS = ("json", "jwt")
# issued: by an organization in OpenLER; uploaded: by the worker; made: by the worker in
# OpenLER from their records (a CLR or an LER-RS résumé signed with their holder key).
WALLET_SOURCES = ("issued", "uploaded", "made")


class IssuerKey(Base):
    """An organization's Ed25519 signing key, published in its did:web document.

    The secret key is its Multikey ``secretKeyMultibase``, sealed with the secrets key
    (openler.store.sealing) and opened only to sign. A retired key stays in the DID document so
    old credentials still verify, and is never used to sign again.
    """

    __tablename__ = "issuer_keys"
    __table_args__ = (UniqueConstraint("organization_id", "key_id", name="uq_issuer_keys_org_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    # The DID URL fragment (without '#'), e.g. "key-1".
    key_id: Mapped[str] = mapped_column(String(80))
    public_key_multibase: Mapped[str] = mapped_column(String(100))
    # None once the secret is given up for lost (``openler secrets forget-unreadable``): the
    # key is then retired, still published, never used to sign.
    secret_key_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Achievement(Base):
    """What an organization certifies: an Open Badges 3.0 Achievement."""

    __tablename__ = "achievements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The Achievement's id in credentials (urn:uuid:...), stable whatever the host name.
    uid: Mapped[str] = mapped_column(String(45), unique=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    criteria_narrative: Mapped[str] = mapped_column(Text)
    achievement_type: Mapped[str] = mapped_column(String(60))
    # [{"targetName", "targetUrl", "targetCode"?, "targetFramework"?, "targetType"?}, ...]
    alignments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StatusListRecord(Base):
    """One Bitstring Status List of an organization and its published, signed credential."""

    __tablename__ = "status_lists"
    __table_args__ = (
        CheckConstraint(_in("purpose", STATUS_PURPOSES), name="purpose"),
        CheckConstraint("size >= 131072", name="size"),
        CheckConstraint("next_index >= 0 AND next_index <= size", name="next_index"),
        Index("ix_status_lists_org_purpose", "organization_id", "purpose"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    # The first index not yet given to a credential (indexes are never reused).
    next_index: Mapped[int] = mapped_column(Integer, default=0)
    # The list as BitstringStatusListCredential's encodedList (multibase base64url of GZIP).
    bitstring: Mapped[str] = mapped_column(Text)
    # The signed BitstringStatusListCredential served at the list's URL (None until signed).
    credential: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class IssueBatch(Base):
    """A bulk issue from a CSV file. Its validated rows are kept so a killed batch resumes.

    Status indexes are reserved for the whole batch when it is validated (row n gets
    ``*_start + n``), so a resumed batch assigns the same indexes it would have.
    """

    __tablename__ = "issue_batches"
    __table_args__ = (CheckConstraint(_in("state", BATCH_STATES), name="state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    achievement_id: Mapped[int] = mapped_column(ForeignKey("achievements.id", ondelete="CASCADE"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(16))
    row_count: Mapped[int] = mapped_column(Integer)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    source_name: Mapped[str] = mapped_column(String(255))
    # The validated rows (list of objects, row number = position + 1); empty when invalid.
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # [{"row": n, "field": column, "code": ..., "message": ...}, ...]; None when valid.
    error_report: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    revocation_list_id: Mapped[int | None] = mapped_column(ForeignKey("status_lists.id"))
    revocation_start: Mapped[int | None] = mapped_column(Integer)
    suspension_list_id: Mapped[int | None] = mapped_column(ForeignKey("status_lists.id"))
    suspension_start: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who signs it now ("host:pid:nonce") and its last progress; see services/issuer/batch_runs.
    runner: Mapped[str | None] = mapped_column(String(120))
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class IssuedCredential(Base):
    """A credential an organization signed, with where its status bits live."""

    __tablename__ = "issued_credentials"
    __table_args__ = (
        CheckConstraint(_in("state", CREDENTIAL_STATES), name="state"),
        # A resumed batch can never store the same row twice.
        UniqueConstraint("batch_id", "row_number", name="uq_issued_credentials_batch_row"),
        UniqueConstraint(
            "revocation_list_id", "revocation_index", name="uq_issued_credentials_revocation"
        ),
        UniqueConstraint(
            "suspension_list_id", "suspension_index", name="uq_issued_credentials_suspension"
        ),
        Index("ix_issued_credentials_org_issued", "organization_id", "issued_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(45), unique=True)  # urn:uuid:...
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    achievement_id: Mapped[int] = mapped_column(
        ForeignKey("achievements.id", ondelete="CASCADE"), index=True
    )
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("issue_batches.id"))
    row_number: Mapped[int | None] = mapped_column(Integer)
    recipient_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    recipient_identifier: Mapped[str] = mapped_column(String(320))
    credential: Mapped[dict[str, Any]] = mapped_column(JSON)
    revocation_list_id: Mapped[int] = mapped_column(ForeignKey("status_lists.id"))
    revocation_index: Mapped[int] = mapped_column(Integer)
    suspension_list_id: Mapped[int] = mapped_column(ForeignKey("status_lists.id"))
    suspension_index: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="active")
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WalletCredential(Base):
    """A credential a worker holds: delivered by an OpenLER issuer or uploaded by them."""

    __tablename__ = "wallet_credentials"
    __table_args__ = (
        CheckConstraint(_in("format", WALLET_FORMATS), name="format"),
        CheckConstraint(_in("source", WALLET_SOURCES), name="source"),
        # One delivery of an issued credential to a wallet, however often completion runs.
        UniqueConstraint(
            "owner_user_id", "issued_credential_id", name="uq_wallet_credentials_owner_issued"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # A JSON credential (object) or a VC-JWT (compact string), as received.
    credential: Mapped[Any] = mapped_column(JSON)
    format: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(16))
    issued_credential_id: Mapped[int | None] = mapped_column(
        ForeignKey("issued_credentials.id", ondelete="SET NULL")
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


# --- The worker's wallet: holder keys and shares (issue 4 item 9) ---------------------------

SHARE_KINDS = ("link", "presentation")


class HolderKey(Base):
    """A worker's own Ed25519 key, as a did:key: the holder that signs their presentations.

    Made on first use and kept; like issuer keys, the secret is its Multikey
    ``secretKeyMultibase``, sealed (openler.store.sealing) and opened only to sign.
    """

    __tablename__ = "holder_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    did: Mapped[str] = mapped_column(String(120))
    public_key_multibase: Mapped[str] = mapped_column(String(100))
    secret_key_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WalletShare(Base):
    """A selection of a worker's credentials shared through an unguessable link.

    Only the SHA-256 of the link's token is stored. Views are not kept here: each view is an
    entry in the worker's audit log (action ``wallet.share_viewed``, detail ``share``).
    """

    __tablename__ = "wallet_shares"
    __table_args__ = (
        CheckConstraint(_in("kind", SHARE_KINDS), name="kind"),
        CheckConstraint("expires_at > created_at", name="expiry"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Who it is for, in the worker's words ("Acme Corp hiring"); shown to the worker only.
    recipient_label: Mapped[str | None] = mapped_column(String(200))
    # A presentation share: the recipient's domain and the challenge the proof is bound to.
    domain: Mapped[str | None] = mapped_column(String(300))
    challenge: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    items: Mapped[list[WalletShareItem]] = relationship(
        cascade="all, delete-orphan",
        order_by="WalletShareItem.position",
        lazy="selectin",
        passive_deletes=True,
    )


class WalletShareItem(Base):
    """One credential in a share. Removing it from the wallet removes it from its shares."""

    __tablename__ = "wallet_share_items"

    share_id: Mapped[int] = mapped_column(
        ForeignKey("wallet_shares.id", ondelete="CASCADE"), primary_key=True
    )
    wallet_credential_id: Mapped[int] = mapped_column(
        ForeignKey("wallet_credentials.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
