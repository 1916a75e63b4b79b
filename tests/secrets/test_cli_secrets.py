"""openler secrets keygen|rotate, and serve refusing to start without the key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from sqlalchemy.orm import Session

from openler.cli import main
from openler.config import Settings
from openler.services.issuer.keys import current_key
from openler.store.kek import read_key_file
from tests.issuing.helpers import setup_issuer
from tests.support.clock import FakeClock


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in ("OPENLER_DEMO", "OPENLER_SECRETS_KEY_FILE", "OPENLER_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENLER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no .env file from the working tree
    return monkeypatch


def test_keygen_writes_an_owner_only_file_once(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "new.key"
    made = CliRunner().invoke(main, ["secrets", "keygen", str(path)])
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_key_file(path).current.label in made.output
    again = CliRunner().invoke(main, ["secrets", "keygen", str(path)])
    assert again.exit_code == 2
    assert "never overwritten" in again.output


def test_serve_refuses_to_start_without_the_key(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn

    env.setenv("OPENLER_SECRET_KEY", "k" * 48)
    env.setenv("OPENLER_DATABASE_URL", f"sqlite:///{tmp_path / 'o.db'}")
    env.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("served without a secrets key"))
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert "error (OPENLER_SECRETS_KEY_FILE): OPENLER_SECRETS_KEY_FILE is not set" in result.output


def test_rotate_seals_with_the_new_file(
    env: pytest.MonkeyPatch,
    db: Session,
    clock: FakeClock,
    settings: Settings,
    database_url: str,
    tmp_path: Path,
) -> None:
    setup = setup_issuer(db, clock)
    current_key(db, setup.org, now=clock())
    db.commit()
    env.setenv("OPENLER_DATABASE_URL", database_url)
    env.setenv("OPENLER_SECRETS_KEY_FILE", str(settings.secrets_key_file))
    new_file = tmp_path / "next.key"
    assert CliRunner().invoke(main, ["secrets", "keygen", str(new_file)]).exit_code == 0
    result = CliRunner().invoke(main, ["secrets", "rotate", "--new-key-file", str(new_file)])
    assert result.exit_code == 0, result.output
    assert "issuer_keys.secret_key_sealed: 1 sealed again" in result.output
    new_id = read_key_file(new_file).current.id
    sealed = db.execute(sa.text("SELECT secret_key_sealed FROM issuer_keys")).scalar_one()
    assert bytes(sealed)[1:9] == new_id
