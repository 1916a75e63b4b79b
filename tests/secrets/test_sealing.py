"""Sealing without a database: the envelope's layout, every way it refuses to open, key files
and where the key comes from in production and in demo mode."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from openler.config import Settings
from openler.credentials.keys import Ed25519KeyPair
from openler.errors import ConfigError, SecretUnreadableError
from openler.store.kek import keyring_for, parse_keys, read_key_file, write_new_key_file
from openler.store.sealing import Kek, Keyring, Place

KEY = bytes(range(32))
PLACE = Place("issuer_keys", "secret_key_sealed", 7)
SECRET = b"z3u2en7t5LR2WtQH5PfsRb6d5Wh8ZkJfZ4Md8UqvZ4WB8qnm"


def test_layout_is_version_key_id_nonce_then_gcm_with_the_place_as_associated_data() -> None:
    sealed = Keyring(Kek(KEY)).seal(SECRET, PLACE)
    # Worked from the documented layout with the cryptography package directly.
    key_id = hashlib.sha256(b"openler secrets key id\x00" + KEY).digest()[:8]
    assert sealed[0] == 1
    assert sealed[1:9] == key_id
    nonce, body = sealed[9:21], sealed[21:]
    assert len(body) == len(SECRET) + 16
    aad = sealed[:9] + b"issuer_keys\x00secret_key_sealed\x007"
    assert AESGCM(KEY).decrypt(nonce, body, aad) == SECRET
    assert SECRET not in sealed


def test_round_trip_and_a_fresh_nonce_each_time() -> None:
    keyring = Keyring(Kek(KEY))
    first, second = keyring.seal(SECRET, PLACE), keyring.seal(SECRET, PLACE)
    assert first != second
    assert keyring.open(first, PLACE) == keyring.open(second, PLACE) == SECRET


@pytest.mark.parametrize("position", [9, 15, 21, 40, -1])  # nonce, ciphertext, tag
def test_a_changed_byte_does_not_open(position: int) -> None:
    keyring = Keyring(Kek(KEY))
    sealed = bytearray(keyring.seal(SECRET, PLACE))
    sealed[position] ^= 0x01
    with pytest.raises(SecretUnreadableError, match="does not open") as caught:
        keyring.open(bytes(sealed), PLACE)
    assert caught.value.code == "SECRET_UNREADABLE"
    assert caught.value.field == "issuer_keys.secret_key_sealed"


@pytest.mark.parametrize(
    "elsewhere",
    [
        Place("issuer_keys", "secret_key_sealed", 8),
        Place("holder_keys", "secret_key_sealed", 7),
        Place("issuer_keys", "other_column", 7),
    ],
)
def test_a_value_moved_to_another_row_table_or_column_does_not_open(elsewhere: Place) -> None:
    keyring = Keyring(Kek(KEY))
    with pytest.raises(SecretUnreadableError, match="moved from another row"):
        keyring.open(keyring.seal(SECRET, PLACE), elsewhere)


def test_wrong_key_is_named_by_its_id() -> None:
    sealed = Keyring(Kek(KEY)).seal(SECRET, PLACE)
    other = Kek(os.urandom(32))
    with pytest.raises(SecretUnreadableError, match=f"key {Kek(KEY).label}, which is not in"):
        Keyring(other).open(sealed, PLACE)
    # A different key under the same id (a changed key id byte would be caught the same way).
    impostor = Kek(os.urandom(32), id=Kek(KEY).id)
    with pytest.raises(SecretUnreadableError, match="does not open"):
        Keyring(impostor).open(sealed, PLACE)


@pytest.mark.parametrize("sealed", [b"", b"\x01" * 20, b"\x02" + bytes(60), SECRET])
def test_what_is_not_a_sealed_value_is_refused(sealed: bytes) -> None:
    with pytest.raises(SecretUnreadableError, match="not a sealed value"):
        Keyring(Kek(KEY)).open(sealed, PLACE)


def test_retired_keys_open_and_the_current_one_seals() -> None:
    old, new = Kek(os.urandom(32)), Kek(os.urandom(32))
    sealed_old = Keyring(old).seal(SECRET, PLACE)
    during = Keyring(new, [old])
    assert during.open(sealed_old, PLACE) == SECRET
    resealed = Keyring(old).reseal(sealed_old, PLACE, during)
    assert resealed[1:9] == new.id
    assert Keyring(new).open(resealed, PLACE) == SECRET


def test_the_key_never_shows_in_a_repr() -> None:
    kek = Kek(KEY)
    assert KEY.hex() not in repr(kek)
    assert str(list(KEY)) not in repr(kek)
    assert "key=" not in repr(kek)
    assert KEY.hex() not in repr(Keyring(kek))
    # Nor does an opened signing key's seed.
    pair = Ed25519KeyPair.from_seed(KEY)
    assert KEY.hex() not in repr(pair)
    assert repr(KEY) not in repr(pair)


def test_a_key_must_be_32_bytes() -> None:
    with pytest.raises(ConfigError) as caught:
        Kek(b"short")
    assert caught.value.field == "OPENLER_SECRETS_KEY_FILE"


def test_key_file_written_owner_only_never_overwritten_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "secrets.key"
    kek = write_new_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert base64.b64decode(path.read_text().strip()) == kek.key
    assert read_key_file(path).current == kek
    with pytest.raises(ConfigError, match="never overwritten"):
        write_new_key_file(path)
    assert read_key_file(path).current == kek


def test_key_file_with_comments_and_an_older_key() -> None:
    new, old = os.urandom(32), os.urandom(32)
    text = f"# rotated 2026-11-28\n{base64.b64encode(new).decode()}\n\n"
    text += base64.urlsafe_b64encode(old).decode() + "\n"
    keyring = parse_keys(text, "F")
    assert keyring.current.key == new
    assert set(keyring.keys) == {Kek(new).id, Kek(old).id}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "holds no key"),
        ("# only a comment\n", "holds no key"),
        ("not base64!\n", "line 1 of F is not a key"),
        (base64.b64encode(bytes(16)).decode(), "line 1 of F is not a key"),
        (base64.b64encode(KEY).decode() + "\n" + base64.b64encode(bytes(31)).decode(), "line 2"),
    ],
)
def test_bad_key_files_are_refused_naming_the_setting(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        parse_keys(text, "F")
    assert caught.value.field == "OPENLER_SECRETS_KEY_FILE"


def _settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(data_dir=tmp_path, database_url="sqlite://", secret_key="x" * 40, **kw)  # type: ignore[arg-type]


def test_production_without_a_key_file_refuses_naming_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="OPENLER_SECRETS_KEY_FILE is not set") as caught:
        keyring_for(_settings(tmp_path))
    assert caught.value.field == "OPENLER_SECRETS_KEY_FILE"
    assert list(tmp_path.iterdir()) == []  # nothing made outside demo mode


def test_a_key_file_that_is_not_there_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.key"
    with pytest.raises(ConfigError, match="cannot read") as caught:
        keyring_for(_settings(tmp_path, secrets_key_file=missing, demo=True))
    assert caught.value.field == "OPENLER_SECRETS_KEY_FILE"
    assert not missing.exists()  # a configured file is never made up


def test_demo_mode_makes_its_key_in_the_data_folder_once(tmp_path: Path) -> None:
    first = keyring_for(_settings(tmp_path, demo=True))
    path = tmp_path / "secrets.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keyring_for(_settings(tmp_path, demo=True)).current == first.current


def test_the_app_refuses_to_start_without_a_key_outside_demo_mode(tmp_path: Path) -> None:
    from openler.web.app import create_app

    with pytest.raises(ConfigError, match="OPENLER_SECRETS_KEY_FILE"):
        create_app(_settings(tmp_path))
