"""Secrets in the database, on SQLite and PostgreSQL: sealed where they are stored, opened
where they are used, bound to their row, unreadable with another key, and rotated all at once."""

from __future__ import annotations

import base64
import os

import pyotp
import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from openler.errors import ConfigError, SecretUnreadableError
from openler.services import login, secrets_at_rest
from openler.services.context import Actor
from openler.services.issuer.keys import current_key, signing_pair
from openler.services.login import LoginStatus
from openler.services.wallet import holder
from openler.store import repositories as repo
from openler.store.db import session_factory
from openler.store.models import AuditEntry, Base, User
from openler.store.sealing import Kek, Keyring
from tests.issuing.helpers import SITE, setup_issuer
from tests.services.helpers import make_user
from tests.support.clock import FakeClock


def _forms(secret: bytes) -> list[bytes]:
    """The ways a secret could show up in a column: raw, hex, base64, base32."""
    return [
        secret,
        secret.hex().encode(),
        base64.b64encode(secret).rstrip(b"="),
        base64.b32encode(secret).rstrip(b"="),
    ]


def _everything_stored(db: Session) -> bytes:
    """Every value of every table, as bytes (the raw columns, not the models' view of them)."""
    out = []
    for table in Base.metadata.sorted_tables:
        for row in db.execute(sa.text(f"SELECT * FROM {table.name}")):
            out += [bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode() for v in row]
    return b"\x00".join(out)


def _secrets_in_use(db: Session, clock: FakeClock) -> dict[str, bytes]:
    """An issuer key, a holder key and a TOTP secret, as the services make them."""
    setup = setup_issuer(db, clock)
    pair = signing_pair(db, SITE, setup.org, current_key(db, setup.org, now=clock()))
    worker = make_user(db, clock, email="ana@example.org")
    held = holder.holder_key(db, Actor.for_user(worker, "web"), now=clock())
    admin = make_user(db, clock, email="root@example.org", roles=("admin",))
    totp = login.begin_enrollment(db, admin)
    assert pair.seed is not None
    assert held.seed is not None
    return {
        "issuer": pair.seed,
        "issuer_multibase": pair.secret_multibase.encode(),
        "holder": held.seed,
        "holder_multibase": held.secret_multibase.encode(),
        "totp": totp.encode(),
        "totp_bytes": base64.b32decode(totp),
    }


def test_the_database_holds_no_plaintext_secret(db: Session, clock: FakeClock) -> None:
    made = _secrets_in_use(db, clock)
    db.commit()
    stored = _everything_stored(db)
    for name, secret in made.items():
        for form in _forms(secret) if len(secret) == 32 else [secret]:
            assert form not in stored, f"{name} found in the database"
    raw = db.execute(sa.text("SELECT secret_key_sealed FROM issuer_keys")).scalar_one()
    assert bytes(raw)[0] == 1  # a sealed value, format 1


def test_secrets_open_where_they_are_used(db: Session, clock: FakeClock) -> None:
    made = _secrets_in_use(db, clock)
    db.commit()
    setup_org = repo.organization_by_slug(db, "lake-college")
    assert setup_org is not None
    pair = signing_pair(db, SITE, setup_org, current_key(db, setup_org, now=clock()))
    assert pair.seed == made["issuer"]
    assert pair.verify(pair.sign(b"message"), b"message")
    worker = repo.user_by_email(db, "ana@example.org")
    assert worker is not None
    assert holder.stored_key(db, worker.id).seed == made["holder"]  # type: ignore[union-attr]
    admin = repo.user_by_email(db, "root@example.org")
    assert admin is not None
    assert login.begin_enrollment(db, admin) == made["totp"].decode()  # the same, not a new one
    code = pyotp.TOTP(made["totp"].decode()).at(clock())
    assert login.confirm_enrollment(db, admin, code, now=clock()).status is LoginStatus.OK


def test_a_secret_moved_to_another_row_does_not_open(db: Session, clock: FakeClock) -> None:
    first = setup_issuer(db, clock, slug="lake-college")
    second = setup_issuer(db, clock, slug="hill-college")
    current_key(db, first.org, now=clock())
    target = current_key(db, second.org, now=clock())
    db.commit()
    db.execute(
        sa.text(
            "UPDATE issuer_keys SET secret_key_sealed = "
            "(SELECT secret_key_sealed FROM issuer_keys WHERE organization_id = :a) "
            "WHERE organization_id = :b"
        ),
        {"a": first.org.id, "b": second.org.id},
    )
    db.commit()
    db.expire_all()
    with pytest.raises(SecretUnreadableError, match="moved from another row") as caught:
        signing_pair(db, SITE, second.org, target)
    assert caught.value.field == "issuer_keys.secret_key_sealed"


def test_a_changed_totp_secret_fails_the_login_clearly(db: Session, clock: FakeClock) -> None:
    admin = make_user(db, clock, email="root@example.org", roles=("admin",))
    secret = login.begin_enrollment(db, admin)
    login.confirm_enrollment(db, admin, pyotp.TOTP(secret).at(clock()), now=clock())
    db.commit()
    sealed = bytearray(db.execute(sa.select(User.totp_secret_sealed)).scalar_one() or b"")
    sealed[-1] ^= 0x80
    db.execute(sa.update(User).values(totp_secret_sealed=bytes(sealed)))
    db.commit()
    db.expire_all()
    clock.advance(seconds=60)
    with pytest.raises(SecretUnreadableError, match=r"users\.totp_secret_sealed"):
        login.check_second_factor(db, admin, pyotp.TOTP(secret).at(clock()), now=clock())


def test_another_key_or_no_key_cannot_read_the_secrets(
    db: Session, engine: Engine, clock: FakeClock
) -> None:
    setup = setup_issuer(db, clock)
    current_key(db, setup.org, now=clock())
    db.commit()
    with session_factory(engine, Keyring(Kek.generate()))() as other:
        org = repo.organization_by_slug(other, "lake-college")
        assert org is not None
        with pytest.raises(SecretUnreadableError, match="which is not in OPENLER_SECRETS_KEY"):
            signing_pair(other, SITE, org, current_key(other, org, now=clock()))
    with session_factory(engine)() as keyless:
        org = repo.organization_by_slug(keyless, "lake-college")
        assert org is not None
        with pytest.raises(ConfigError, match="OPENLER_SECRETS_KEY_FILE") as caught:
            signing_pair(keyless, SITE, org, current_key(keyless, org, now=clock()))
        assert caught.value.field == "OPENLER_SECRETS_KEY_FILE"


def _key_ids(db: Session) -> set[bytes]:
    ids = set()
    for table, column in (
        ("issuer_keys", "secret_key_sealed"),
        ("holder_keys", "secret_key_sealed"),
        ("users", "totp_secret_sealed"),
    ):
        query = f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"
        ids |= {bytes(v)[1:9] for v in db.execute(sa.text(query)).scalars()}
    return ids


def test_rotation_seals_everything_with_the_new_key(
    db: Session, engine: Engine, keyring: Keyring, clock: FakeClock
) -> None:
    made = _secrets_in_use(db, clock)
    db.commit()
    new = Keyring(Kek.generate())
    counts = secrets_at_rest.rotate(db, Actor.system(), new, now=clock())
    db.commit()
    assert counts == {
        "issuer_keys.secret_key_sealed": 1,
        "holder_keys.secret_key_sealed": 1,
        "users.totp_secret_sealed": 1,
    }
    assert _key_ids(db) == {new.current.id}
    entry = db.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "secrets.key_rotated")
    ).one()
    assert entry.detail["to_key"] == new.current.label
    assert entry.detail["from_key"] == keyring.current.label
    with session_factory(engine, new)() as after:
        org = repo.organization_by_slug(after, "lake-college")
        assert org is not None
        pair = signing_pair(after, SITE, org, current_key(after, org, now=clock()))
        assert pair.seed == made["issuer"]
        admin = repo.user_by_email(after, "root@example.org")
        assert admin is not None
        assert login.authenticator_secret(after, admin) == made["totp"].decode()
    with session_factory(engine, keyring)() as before:
        admin = repo.user_by_email(before, "root@example.org")
        assert admin is not None
        with pytest.raises(SecretUnreadableError, match="which is not in"):
            login.authenticator_secret(before, admin)


def test_rotation_is_all_or_nothing(db: Session, keyring: Keyring, clock: FakeClock) -> None:
    _secrets_in_use(db, clock)
    db.commit()
    # The last secret rotation reaches is damaged: the others must stay as they were.
    db.execute(sa.update(User).values(totp_secret_sealed=b"\x01" + os.urandom(60)))
    db.commit()
    before = _everything_stored(db)
    with pytest.raises(SecretUnreadableError, match=r"users\.totp_secret_sealed"):
        secrets_at_rest.rotate(db, Actor.system(), Keyring(Kek.generate()), now=clock())
    db.rollback()
    assert _everything_stored(db) == before
    assert keyring.current.id in _key_ids(db)


def test_only_an_admin_rotates(db: Session, clock: FakeClock) -> None:
    from openler.errors import PermissionDenied

    worker = make_user(db, clock)
    with pytest.raises(PermissionDenied):
        secrets_at_rest.rotate(
            db, Actor.for_user(worker, "web"), Keyring(Kek.generate()), now=clock()
        )


def test_a_confirmed_secret_is_never_handed_out_again(db: Session, clock: FakeClock) -> None:
    from openler.errors import ConflictError

    admin = make_user(db, clock, email="root@example.org", roles=("admin",))
    secret = login.begin_enrollment(db, admin)
    login.confirm_enrollment(db, admin, pyotp.TOTP(secret).at(clock()), now=clock())
    with pytest.raises(ConflictError, match="already set up"):
        login.begin_enrollment(db, admin)
    with pytest.raises(ConflictError, match="already set up"):
        login.confirm_enrollment(db, admin, pyotp.TOTP(secret).at(clock()), now=clock())


def test_rotation_holds_other_writers_until_it_ends(
    db: Session, engine: Engine, clock: FakeClock
) -> None:
    from sqlalchemy.exc import DBAPIError

    _secrets_in_use(db, clock)
    db.commit()
    secrets_at_rest.rotate(db, Actor.system(), Keyring(Kek.generate()), now=clock())
    # A new row, which no row lock of the rotation's own updates would hold back on
    # PostgreSQL. (On SQLite its flushed updates hold the lock too by now; the early lock
    # covers the reads before them, which this test cannot time.)
    write = sa.text(
        "INSERT INTO users (pseudonym, status, failed_logins, created_at) "
        "VALUES ('p-new', 'active', 0, CURRENT_TIMESTAMP)"
    )
    with engine.connect() as other:
        if engine.dialect.name == "sqlite":
            other.exec_driver_sql("PRAGMA busy_timeout=100")
        else:
            other.exec_driver_sql("SET lock_timeout = '100ms'")
        with pytest.raises(DBAPIError, match="lock"):
            other.execute(write)
        other.rollback()
        db.rollback()
        other.execute(write)  # free again once the rotation is over
        other.commit()
