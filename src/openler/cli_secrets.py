"""``openler secrets keygen|rotate|forget-unreadable``: the key that seals the secrets kept in
the database.

See openler.store.sealing (what is sealed, and how) and docs/operations.md (backing the key
up, rotating it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from openler.cli import _database, _fail_cleanly, _settings

if TYPE_CHECKING:
    from openler.services.secrets_at_rest import Forgotten


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


CONFIRMATION = "forget"


@secrets_group.command("forget-unreadable")
@click.option("--dry-run", is_flag=True, help="List what would change; change nothing.")
@click.option("--yes", is_flag=True, help=f"Do not ask to type {CONFIRMATION!r} first.")
@_fail_cleanly
def secrets_forget_unreadable(dry_run: bool, yes: bool) -> None:
    """After the secrets key is lost: give up every secret the configured key cannot open.

    In one transaction, with one audit entry: issuers' unreadable signing keys are retired
    (still published, so old credentials verify) and replaced by new ones; workers' holder
    keys are replaced; authenticators are removed, and those people must set up a new one at
    their next login. See "Lost secrets key" in docs/operations.md.
    """
    from openler.services import secrets_at_rest
    from openler.services.context import Actor, utc_now

    with _database(_settings()) as db:
        plan = secrets_at_rest.forget_unreadable(db, Actor.system(), now=utc_now(), dry_run=True)
        if plan.empty:
            click.echo("Every secret opens with the configured key: nothing to forget.")
            return
        _echo_forgotten(plan, done=False)
        if dry_run:
            click.echo("Dry run: nothing was changed.")
            return
        if not yes:
            answer = click.prompt(
                f"These secrets are lost for good. Type {CONFIRMATION!r} to go on",
                default="",
                show_default=False,
            )
            if answer.strip() != CONFIRMATION:
                click.echo("Not confirmed: nothing was changed.", err=True)
                raise SystemExit(1)
        done = secrets_at_rest.forget_unreadable(db, Actor.system(), now=utc_now())
    _echo_forgotten(done, done=True)


def _echo_forgotten(forgotten: Forgotten, *, done: bool) -> None:
    for key in forgotten.issuer_keys:
        what = "secret removed (already retired)" if key["was_retired"] else "retired and replaced"
        if done and key["new_key_id"]:
            what += f" by {key['new_key_id']}"
        click.echo(f"  issuer key {key['id']} ({key['organization']}#{key['key_id']}): {what}")
    for key in forgotten.holder_keys:
        new = f" by {key['new_did']}" if done else ""
        click.echo(f"  holder key {key['id']} (person {key['user']}): replaced{new}")
    for entry in forgotten.second_factors:
        then = "must set up a new one" if entry["was_set_up"] else "had not finished its setup"
        click.echo(f"  authenticator of person {entry['user']}: removed ({then})")
    if done:
        click.echo("Done, in one transaction; the audit entry is secrets.unreadable_forgotten.")
