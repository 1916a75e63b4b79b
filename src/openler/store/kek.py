"""Key files for the secrets at rest: where the key-encryption key (KEK) comes from.

A key file holds one key per line, each 32 random bytes in base64; blank lines and lines
starting with ``#`` are ignored. The first key seals; the others are older keys still accepted
for opening, so the service keeps reading the database while a rotation is under way.

Outside demo mode ``OPENLER_SECRETS_KEY_FILE`` must name such a file, or OpenLER refuses to
start. In demo mode (and only there) a missing setting means ``$OPENLER_DATA_DIR/secrets.key``,
made on first use, readable by its owner only, like the demo's other defaults.

A key file that group or others may read or write (any of the mode bits 077) is refused.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import stat
from pathlib import Path

from openler.config import Settings
from openler.errors import ConfigError
from openler.store.sealing import KEY_BYTES, SETTING, Kek, Keyring

DEMO_KEY_FILE = "secrets.key"


def _create(path: Path) -> Kek:
    """A new key written to ``path``, which must not exist (FileExistsError otherwise)."""
    kek = Kek.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(base64.b64encode(kek.key).decode() + "\n")
    return kek


def write_new_key_file(path: Path) -> Kek:
    """Make a new key file at ``path`` (mode 0600); never overwrite one."""
    try:
        return _create(path)
    except FileExistsError:
        raise ConfigError(
            f"{path} already exists; a key file is never overwritten (its key may be the only "
            "way to read the database's secrets).",
            field="path",
        ) from None


def parse_keys(text: str, source: str) -> Keyring:
    keys = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            key = base64.b64decode(line.replace("-", "+").replace("_", "/"), validate=True)
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != KEY_BYTES:
            raise ConfigError(
                f"{SETTING}: line {number} of {source} is not a key ({KEY_BYTES} random bytes "
                "in base64, as `openler secrets keygen FILE` writes).",
                field=SETTING,
            )
        keys.append(Kek(key))
    if not keys:
        raise ConfigError(f"{SETTING}: {source} holds no key.", field=SETTING)
    return Keyring(keys[0], keys[1:])


def check_owner_only(path: Path) -> None:
    """Refuse a key file that other accounts on the machine may read or change.

    Anyone who can read it can open every sealed secret in a copy of the database; anyone who
    can write it can make the service seal new secrets under their key. So, like ssh with a
    private key, OpenLER refuses to start rather than warn in a log nobody reads.
    """
    if os.name != "posix":  # Windows has ACLs, not mode bits; nothing to check here
        return
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # reading it will fail next, with the reason
    if mode & 0o077:
        raise ConfigError(
            f"{SETTING}: {path} can be read or changed by other accounts (mode "
            f"{stat.S_IMODE(mode):04o}), and anyone who can read it can open the secrets kept "
            f"in the database. Make it readable by its owner only: chmod 600 {path} (on "
            "Kubernetes, mount the secret with defaultMode 0400).",
            field=SETTING,
        )


def read_key_file(path: Path) -> Keyring:
    check_owner_only(path)
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{SETTING}: cannot read {path}: {exc}.", field=SETTING) from None
    return parse_keys(text, str(path))


def key_file_path(settings: Settings) -> Path:
    """The configured key file, or in demo mode the one in the data folder."""
    if settings.secrets_key_file is not None:
        return settings.secrets_key_file
    if settings.demo:
        return settings.data_dir / DEMO_KEY_FILE
    raise ConfigError(
        f"{SETTING} is not set. OpenLER keeps signing keys and authenticator (TOTP) secrets "
        "encrypted in the database with the key in that file, and outside demo mode it will "
        f"not start without one. Make one with `openler secrets keygen FILE`, keep a copy "
        f"somewhere safe, and set {SETTING}=FILE (or set OPENLER_DEMO=true for a demo).",
        field=SETTING,
    )


def keyring_for(settings: Settings) -> Keyring:
    """The keys that seal and open this service's secrets."""
    path = key_file_path(settings)
    if settings.secrets_key_file is None and not path.exists():
        # Demo mode only (key_file_path refused otherwise); another process may win the race.
        with contextlib.suppress(FileExistsError):
            _create(path)
    return read_key_file(path)
