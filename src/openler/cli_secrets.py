"""``openler secrets keygen|rotate``: the key that seals the secrets kept in the database.

See openler.store.sealing (what is sealed, and how) and docs/operations.md (backing the key
up, rotating it).
"""

from __future__ import annotations

from pathlib import Path

import click

from openler.cli import _database, _fail_cleanly, _settings


@click.group("secrets")
def secrets_group() -> None:
    """The key that encrypts signing keys and authenticator secrets in the database."""


@secrets_group.command("keygen")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_fail_cleanly
def secrets_keygen(file: Path) -> None:
    """Write a new secrets key to FILE (readable by its owner only; never overwritten)."""
    from openler.store.kek import write_new_key_file

    kek = write_new_key_file(file)
    click.echo(
        f"Wrote secrets key {kek.label} to {file}. Keep a copy apart from the database "
        "backups: without it the database's signing keys and authenticator secrets are lost."
    )


@secrets_group.command("rotate")
@click.option(
    "--new-key-file",
    required=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Key file made by `openler secrets keygen`; its first key seals from now on.",
)
@_fail_cleanly
def secrets_rotate(new_key_file: Path) -> None:
    """Seal every secret in the database again with a new key, all in one transaction.

    Stop the service first (or give it a key file holding both keys). Afterwards set
    OPENLER_SECRETS_KEY_FILE to the new file; keep the old one until the service has started.
    """
    from openler.services import secrets_at_rest
    from openler.services.context import Actor, utc_now
    from openler.store.kek import read_key_file

    new = read_key_file(new_key_file)
    with _database(_settings()) as db:
        counts = secrets_at_rest.rotate(db, Actor.system(), new, now=utc_now())
    for column, count in counts.items():
        click.echo(f"  {column}: {count} sealed again")
    click.echo(
        f"All secrets are now sealed with key {new.current.label}. Set "
        f"OPENLER_SECRETS_KEY_FILE={new_key_file} and restart the service."
    )
