"""A key file that other accounts may read or change is refused, naming the file and the fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openler.config import Settings
from openler.errors import ConfigError
from openler.store.kek import keyring_for, read_key_file, write_new_key_file

pytestmark = pytest.mark.skipif(os.name != "posix", reason="mode bits are POSIX")


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o602, 0o660, 0o666])
def test_a_key_file_open_to_group_or_others_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "secrets.key"
    write_new_key_file(path)
    path.chmod(mode)
    settings = Settings(
        data_dir=tmp_path, database_url="sqlite://", secret_key="x" * 40, secrets_key_file=path
    )
    for read in (lambda: read_key_file(path), lambda: keyring_for(settings)):
        with pytest.raises(ConfigError) as caught:
            read()
        assert caught.value.field == "OPENLER_SECRETS_KEY_FILE"
        assert f"chmod 600 {path}" in caught.value.message
        assert f"(mode {mode:04o})" in caught.value.message


@pytest.mark.parametrize("mode", [0o600, 0o400])
def test_an_owner_only_key_file_is_read(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "secrets.key"
    kek = write_new_key_file(path)
    path.chmod(mode)
    assert read_key_file(path).current == kek
