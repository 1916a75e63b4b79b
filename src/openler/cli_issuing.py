"""``openler credentials achievement add|list`` and ``openler credentials batch
issue|resume|status``: issuing from the command line.

The operator at the shell acts for any organization (as for ``openler admin``). A batch's
progress is committed in chunks, so an interrupted ``issue`` or ``resume`` (even a killed
process) is finished by ``openler credentials batch resume BATCH_ID``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from openler.cli import _fail_cleanly, _settings
from openler.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from openler.store.models import IssueBatch


@contextmanager
def _factory() -> Iterator[sessionmaker[Session]]:
    from openler.store.db import make_engine, session_factory
    from openler.store.kek import keyring_for
    from openler.store.migrate import upgrade

    settings = _settings()
    keyring = keyring_for(settings)
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine, keyring)
        yield session_factory(engine, keyring)
    finally:
        engine.dispose()


def _summary(batch: IssueBatch) -> dict[str, Any]:
    return {
        "batch": batch.id,
        "state": batch.state,
        "rows": batch.row_count,
        "rows_done": batch.rows_done,
        "source": batch.source_name,
        "created_at": batch.created_at.isoformat(),
        "completed_at": batch.completed_at.isoformat() if batch.completed_at else None,
        "errors": batch.error_report or [],
    }


def _print_report(batch: IssueBatch) -> None:
    click.echo(f"batch {batch.id}: {batch.state}, {batch.rows_done} of {batch.row_count} rows")
    for error in batch.error_report or []:
        click.echo(f"  row {error['row']} ({error['field']}): {error['message']}", err=True)


def _run(
    factory: sessionmaker[Session], batch_id: int, processes: int, runner: str | None = None
) -> IssueBatch:
    from openler.services.context import Actor, utc_now
    from openler.services.issuer.bulk import run_batch
    from openler.services.issuer.identity import Site

    bar: Any = None
    shown = 0

    def progress(done: int, total: int) -> None:
        # A progress bar on a terminal; one line per chunk otherwise (logs, tests).
        nonlocal bar, shown
        if not sys.stderr.isatty():
            click.echo(f"batch {batch_id}: {done}/{total}", err=True)
            return
        if bar is None:
            bar = click.progressbar(length=total, label=f"batch {batch_id}", file=sys.stderr)
            bar.__enter__()
        bar.update(done - shown)
        shown = done

    try:
        return run_batch(
            factory,
            Actor.system(),
            Site.from_settings(_settings()),
            batch_id,
            clock=utc_now,
            processes=processes,
            progress=progress,
            runner=runner,
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@click.group("batch")
def batch() -> None:
    """Issue credentials in bulk from a CSV file (columns: docs/credentials.md)."""


@batch.command("issue")
@click.option("--org", "slug", required=True, help="Short name of the issuing organization.")
@click.option("--achievement", "achievement_id", required=True, type=int)
@click.option("--processes", default=2, show_default=True, help="Signing processes.")
@click.argument("file", type=click.Path(dir_okay=False))
@_fail_cleanly
def batch_issue(slug: str, achievement_id: int, processes: int, file: str) -> None:
    """Validate every row of FILE, then sign, store and deliver the credentials."""
    from openler.services.context import Actor, utc_now
    from openler.services.issuer import achievements
    from openler.services.issuer.bulk import create_batch
    from openler.services.issuer.identity import Site, organization

    try:
        data = Path(file).read_bytes()
    except OSError as error:
        raise ValidationError(f"cannot read {file}: {error.strerror}", field="FILE") from None
    with _factory() as factory:
        with factory() as db, db.begin():
            org = organization(db, Actor.system(), slug)
            achievement = achievements.get(db, org, achievement_id)
            created = create_batch(
                db,
                Actor.system(),
                Site.from_settings(_settings()),
                org,
                achievement,
                source_name=Path(file).name,
                data=data,
                now=utc_now(),
            )
        if created.state == "failed":
            _print_report(created)
            sys.exit(1)
        click.echo(f"batch {created.id}: {created.row_count} rows valid; signing")
        _print_report(_run(factory, created.id, processes))


@batch.command("resume")
@click.argument("batch_id", type=int)
@click.option("--processes", default=2, show_default=True, help="Signing processes.")
@_fail_cleanly
def batch_resume(batch_id: int, processes: int) -> None:
    """Finish a batch that was interrupted (nothing is signed or stored twice).

    Refused while another process signs the batch (the web server, another resume): one
    runner at a time. A killed command on this machine is seen as gone at once; one on
    another machine after two minutes without progress.
    """
    from openler.services.context import Actor, utc_now
    from openler.services.issuer.bulk import get_batch, resume

    with _factory() as factory:
        with factory() as db, db.begin():
            done = get_batch(db, Actor.system(), batch_id).state == "complete"
            # A complete batch is reported as it is (resuming twice is not an error here).
            runner = None if done else resume(db, Actor.system(), batch_id, now=utc_now())
        _print_report(_run(factory, batch_id, processes, runner))


@batch.command("status")
@click.argument("batch_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_fail_cleanly
def batch_status(batch_id: int, fmt: str) -> None:
    """Where a batch is, with its per-row error report."""
    from openler.services.context import Actor
    from openler.services.issuer.bulk import get_batch

    with _factory() as factory, factory() as db:
        found = get_batch(db, Actor.system(), batch_id)
        if fmt == "json":
            click.echo(json.dumps(_summary(found), indent=2))
        else:
            _print_report(found)


@click.group("achievement")
def achievement() -> None:
    """An organization's achievements (what its credentials certify)."""


@achievement.command("add")
@click.option("--org", "slug", required=True, help="Short name of the issuing organization.")
@click.option("--name", required=True)
@click.option("--description", required=True)
@click.option("--criteria", required=True, help="What earns it.")
@click.option("--type", "achievement_type", default="Certificate", show_default=True)
@click.option(
    "--alignments",
    "alignments_file",
    type=click.Path(dir_okay=False),
    help="JSON file: a list of {targetName, targetUrl, targetCode, targetFramework, targetType}.",
)
@_fail_cleanly
def achievement_add(
    slug: str,
    name: str,
    description: str,
    criteria: str,
    achievement_type: str,
    alignments_file: str | None,
) -> None:
    """Define an achievement; prints its number (for ``batch issue --achievement``)."""
    from openler.services.context import Actor, utc_now
    from openler.services.issuer import achievements
    from openler.services.issuer.identity import organization

    alignments: list[dict[str, Any]] = []
    if alignments_file:
        try:
            alignments = json.loads(Path(alignments_file).read_text())
        except (OSError, ValueError) as error:
            raise ValidationError(
                f"cannot read {alignments_file}: {error}", field="--alignments"
            ) from None
        if not isinstance(alignments, list) or not all(isinstance(a, dict) for a in alignments):
            raise ValidationError(
                "--alignments must hold a JSON list of objects.", field="--alignments"
            )
    with _factory() as factory, factory() as db, db.begin():
        actor = Actor.system()
        row = achievements.define(
            db, actor, organization(db, actor, slug), name=name, description=description,
            criteria=criteria, achievement_type=achievement_type, alignments=alignments,
            now=utc_now(),
        )  # fmt: skip
        click.echo(row.id)


@achievement.command("list")
@click.option("--org", "slug", required=True)
@_fail_cleanly
def achievement_list(slug: str) -> None:
    """Number and name of each achievement of the organization."""
    from openler.services.context import Actor
    from openler.services.issuer import achievements
    from openler.services.issuer.identity import organization

    with _factory() as factory, factory() as db:
        for row in achievements.of_org(db, organization(db, Actor.system(), slug)):
            click.echo(f"{row.id}\t{row.name}")
