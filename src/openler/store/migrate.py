"""Apply the Alembic migrations that ship inside the package, from any working directory."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from openler.store.sealing import Keyring

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine, keyring: Keyring | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    # Migrations that seal or open secrets at rest (0004) read the keys from here.
    config.attributes["keyring"] = keyring
    return config


def head_revision(engine: Engine) -> str:
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, keyring: Keyring | None = None, *, revision: str = "head") -> str:
    """Bring the database to the newest revision (a no-op when it is there) and return it.

    ``keyring`` is needed when existing secrets must be sealed (migration 0004): without it,
    a database that holds such secrets is refused before anything changes.
    """
    command.upgrade(alembic_config(engine, keyring), revision)
    reached = current_revision(engine)
    assert reached is not None
    return reached


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision(engine)
