"""``openler credentials batch issue|resume|status``: bulk issuing from the command line.

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
from openler.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from openler.store.models import IssueBatch


@contextmanager
def _factory() -> Iterator[sessionmaker[Session]]:
    from openler.store.db import make_engine, session_factory
    from openler.store.migrate import upgrade

    engine = make_engine(_settings().database_url)
    try:
        upgrade(engine)
        yield session_factory(engine)
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


def _run(factory: sessionmaker[Session], batch_id: int, processes: int) -> IssueBatch:
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
    from openler.services.issuer.identity import Site
    from openler.store import repositories as repo

    try:
        data = Path(file).read_bytes()
    except OSError as error:
        raise ValidationError(f"cannot read {file}: {error.strerror}", field="FILE") from None
    with _factory() as factory:
        with factory() as db, db.begin():
            org = repo.organization_by_slug(db, slug)
            if org is None:
                raise NotFoundError(f"There is no organization {slug!r}.", field="org")
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
    """Finish a batch that was interrupted (nothing is signed or stored twice)."""
    with _factory() as factory:
        _print_report(_run(factory, batch_id, processes))


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
