"""Secrets at rest: the secrets OpenLER keeps in its database are sealed with AES-256-GCM.

Issuing organizations' and workers' Ed25519 secret keys and people's TOTP secrets are stored
only as sealed values, opened at the moment they are used (signing, checking a code). The key
that seals them, the key-encryption key (KEK), is not in the database: it comes from the file
named by ``OPENLER_SECRETS_KEY_FILE`` (see :mod:`openler.store.kek`) and travels with each
database session (``session.info``), so a session without one cannot read or write a secret.

A sealed value is bytes::

    [0]      format version (1)
    [1:9]    key id: a fingerprint of the KEK that sealed it, so rotation can find old values
    [9:21]   nonce, random for every seal
    [21:]    ciphertext and the 16-byte GCM tag

The associated data is that header plus the value's place (table, column, row id): GCM
authenticates it without storing it, so a value copied to another row or column does not open.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from openler.errors import ConfigError, SecretUnreadableError
from openler.store.models import Base, HolderKey, IssuerKey, User

FORMAT = 1
KEY_BYTES = 32
KEY_ID_BYTES = 8
NONCE_BYTES = 12
_HEADER = 1 + KEY_ID_BYTES
_MIN_SEALED = _HEADER + NONCE_BYTES + 16
SETTING = "OPENLER_SECRETS_KEY_FILE"
_INFO_KEY = "openler.keyring"


def key_id(key: bytes) -> bytes:
    """The KEK's fingerprint stored with each value (a hash reveals nothing of a random key)."""
    return hashlib.sha256(b"openler secrets key id\x00" + key).digest()[:KEY_ID_BYTES]


@dataclass(frozen=True)
class Kek:
    """One key-encryption key: 32 random bytes. Its repr never shows the key."""

    key: bytes = field(repr=False)
    id: bytes = b""

    def __post_init__(self) -> None:
        if len(self.key) != KEY_BYTES:
            raise ConfigError(
                f"A secrets key must be {KEY_BYTES} bytes, not {len(self.key)}.", field=SETTING
            )
        if not self.id:
            object.__setattr__(self, "id", key_id(self.key))

    @classmethod
    def generate(cls) -> Kek:
        return cls(os.urandom(KEY_BYTES))

    @property
    def label(self) -> str:
        return self.id.hex()


@dataclass(frozen=True)
class Place:
    """Where a sealed value lives; part of its associated data."""

    table: str
    column: str
    row_id: int

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column}"

    def associated_data(self, header: bytes) -> bytes:
        return header + b"\x00".join(
            part.encode() for part in (self.table, self.column, str(self.row_id))
        )


class Keyring:
    """The current KEK, which seals, and older ones still accepted for opening (during a
    rotation)."""

    def __init__(self, current: Kek, retired: Iterable[Kek] = ()) -> None:
        self.current = current
        self.keys = {k.id: k for k in (*retired, current)}

    def __repr__(self) -> str:
        return f"Keyring(current={self.current.label}, keys={len(self.keys)})"

    def seal(self, secret: bytes, place: Place) -> bytes:
        header = bytes([FORMAT]) + self.current.id
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.current.key).encrypt(nonce, secret, place.associated_data(header))
        return header + nonce + sealed

    def open(self, sealed: bytes, place: Place) -> bytes:
        if len(sealed) < _MIN_SEALED or sealed[0] != FORMAT:
            raise SecretUnreadableError(
                f"The secret in {place.name} of row {place.row_id} is not a sealed value "
                f"(format {FORMAT}).",
                field=place.name,
            )
        header, nonce = sealed[:_HEADER], sealed[_HEADER : _HEADER + NONCE_BYTES]
        body = sealed[_HEADER + NONCE_BYTES :]
        kek = self.keys.get(header[1:])
        if kek is None:
            raise SecretUnreadableError(
                f"The secret in {place.name} of row {place.row_id} was sealed with key "
                f"{header[1:].hex()}, which is not in {SETTING} (it has "
                f"{', '.join(sorted(k.hex() for k in self.keys))}).",
                field=place.name,
            )
        try:
            return AESGCM(kek.key).decrypt(nonce, body, place.associated_data(header))
        except InvalidTag:
            raise SecretUnreadableError(
                f"The secret in {place.name} of row {place.row_id} does not open with key "
                f"{kek.label}: it was changed, or moved from another row, or sealed with "
                "another key of the same id.",
                field=place.name,
            ) from None

    def reseal(self, sealed: bytes, place: Place, into: Keyring) -> bytes:
        """The value sealed again with ``into``'s current key."""
        return into.seal(self.open(sealed, place), place)


def keyring_of(db: Session) -> Keyring:
    """The keyring this session was opened with (``session_factory(engine, keyring)``)."""
    keyring = db.info.get(_INFO_KEY)
    if not isinstance(keyring, Keyring):
        raise ConfigError(
            f"No key for the secrets in the database is configured: set {SETTING} to a file "
            "made by `openler secrets keygen FILE` (demo mode makes one in OPENLER_DATA_DIR).",
            field=SETTING,
        )
    return keyring


def session_info(keyring: Keyring | None) -> dict[str, Keyring]:
    return {} if keyring is None else {_INFO_KEY: keyring}


def _sealed_columns() -> tuple[tuple[type[IssuerKey | HolderKey | User], str], ...]:
    """Every column that holds a sealed secret (a new one must be added here, so that
    rotation reaches it)."""
    return (
        (IssuerKey, "secret_key_sealed"),
        (HolderKey, "secret_key_sealed"),
        (User, "totp_secret_sealed"),
    )


def place_of(row: Base, column: str) -> Place:
    row_id = getattr(row, "id", None)
    assert isinstance(row_id, int), "flush the row before sealing: its id is bound in"
    return Place(row.__tablename__, column, row_id)


def seal_into(db: Session, row: Base, column: str, secret: str) -> None:
    """Seal ``secret`` into ``row.column``; a new row is flushed first to get its id."""
    keyring = keyring_of(db)
    if getattr(row, "id", None) is None:
        db.flush()
    setattr(row, column, keyring.seal(secret.encode(), place_of(row, column)))


def open_from(db: Session, row: Base, column: str) -> str:
    """The secret sealed in ``row.column``, for use at once (never store or log it)."""
    sealed = getattr(row, column)
    assert isinstance(sealed, bytes)
    return keyring_of(db).open(sealed, place_of(row, column)).decode()


def reseal_all(db: Session, into: Keyring) -> dict[str, int]:
    """Seal every secret again with ``into``'s current key; the number done per column.

    Opens with the session's keys and ``into``'s, so running it again after a partial
    change of configuration is harmless. The caller's transaction makes it all or nothing.
    """
    current = keyring_of(db)
    opener = Keyring(current.current, (*current.keys.values(), *into.keys.values()))
    hold_writers(db)
    counts: dict[str, int] = {}
    for model, column in _sealed_columns():
        attribute = getattr(model, column)
        done = 0
        query = select(model).where(attribute.is_not(None)).order_by(model.id)
        for row in db.scalars(query):
            place = place_of(row, column)
            setattr(row, column, opener.reseal(getattr(row, column), place, into))
            done += 1
        counts[place_name(model, column)] = done
    db.flush()
    return counts


def unreadable(db: Session) -> dict[str, list[Base]]:
    """The rows whose sealed secret does not open with the session's keys, per column
    (``table.column``, in id order): what a lost secrets key leaves behind."""
    keyring = keyring_of(db)
    found: dict[str, list[Base]] = {}
    for model, column in _sealed_columns():
        query = select(model).where(getattr(model, column).is_not(None)).order_by(model.id)
        rows: list[Base] = []
        for row in db.scalars(query):
            try:
                keyring.open(getattr(row, column), place_of(row, column))
            except SecretUnreadableError:
                rows.append(row)
        found[place_name(model, column)] = rows
    return found


def hold_writers(db: Session) -> None:
    """Make other writers wait until this transaction commits (a rotation, or forgetting
    unreadable secrets): a secret written meanwhile could be missed. Readers go on."""
    tables = sorted({model.__tablename__ for model, _ in _sealed_columns()})
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE"))
    else:
        # SQLite locks the whole database for writing at a transaction's first write (the
        # driver begins one only then); an UPDATE that matches nothing takes the lock now.
        db.execute(text("UPDATE users SET id = id WHERE 1 = 0"))


def place_name(model: type[Base], column: str) -> str:
    return f"{model.__tablename__}.{column}"
