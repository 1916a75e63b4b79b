"""The command line. ``openler`` alone serves the web application.

Heavy modules (the web stack, the database layer, the benefits engine) are imported inside
the commands that use them, so that a quick command starts quickly.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

import openler
from openler.config import Settings, load_settings, settings_markdown
from openler.errors import ConfigError, OpenLERError, ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from openler.benefits.params import ParameterTree
    from openler.services.demo import DemoLogin

F = TypeVar("F", bound=Callable[..., Any])


def _fail_cleanly(func: F) -> F:
    """Show OpenLER's own errors as one readable line, not a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except OpenLERError as exc:
            where = f" ({exc.field})" if exc.field else ""
            click.echo(f"error{where}: {exc.message}", err=True)
            sys.exit(2 if isinstance(exc, ConfigError) else 1)

    return wrapper  # type: ignore[return-value]


def _settings() -> Settings:
    return load_settings()


@contextmanager
def _database(settings: Settings, *, migrate: bool = True) -> Iterator[Session]:
    from openler.store.db import make_engine, session_factory, transaction
    from openler.store.kek import keyring_for
    from openler.store.migrate import upgrade

    keyring = keyring_for(settings)
    engine = make_engine(settings.database_url)
    try:
        if migrate:
            upgrade(engine, keyring)
        with transaction(session_factory(engine, keyring)) as db:
            yield db
    finally:
        engine.dispose()


@click.group(invoke_without_command=True)
@click.version_option(package_name="openler", prog_name="openler")
@click.pass_context
def main(ctx: click.Context) -> None:
    """OpenLER: learning and employment records, skills matching and benefits planning.

    Without a command, serves the web application (same as `openler serve`).
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve)


@main.command()
@_fail_cleanly
def serve() -> None:
    """Apply pending migrations and serve the web application."""
    import uvicorn

    from openler.store.db import make_engine
    from openler.store.kek import keyring_for
    from openler.store.migrate import upgrade
    from openler.web.app import create_app
    from openler.web.ratelimit import server_options

    settings = _settings()
    settings.check_can_serve()
    keyring = keyring_for(settings)
    engine = make_engine(settings.database_url)
    revision = upgrade(engine, keyring)
    engine.dispose()
    click.echo(f"Database at revision {revision}.")
    click.echo(f"OpenLER {openler.__version__} serving on http://{settings.host}:{settings.port}")
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="info",
        **server_options(settings),
    )


@main.group()
def db() -> None:
    """The database."""


@db.command("upgrade")
@_fail_cleanly
def db_upgrade() -> None:
    """Apply pending migrations (safe to run again); print the revision reached."""
    from openler.store.db import make_engine
    from openler.store.kek import keyring_for
    from openler.store.migrate import upgrade

    settings = _settings()
    # The key is needed only to seal secrets already there (migration 0004 says so if it is).
    configured = settings.secrets_key_file is not None or settings.demo
    keyring = keyring_for(settings) if configured else None
    engine = make_engine(settings.database_url)
    try:
        revision = upgrade(engine, keyring)
    finally:
        engine.dispose()
    click.echo(f"Database at revision {revision}.")


def _program() -> str:
    """How this command was called (``.venv/bin/openler`` under make), for hints to re-run it."""
    called = sys.argv[0] if sys.argv and sys.argv[0].endswith("openler") else "openler"
    return shlex.quote(called)


def _print_logins(logins: list[DemoLogin]) -> None:
    from openler.services.demo import DEMO_PASSWORD

    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD})")
    for login in logins:
        line = f"  {login.role:<11} {login.email}"
        if login.totp_secret:
            line += (
                f"   + one-time code: authenticator secret {login.totp_secret}, "
                f"or run `{_program()} demo code {login.email}`"
            )
        click.echo(line)


@main.group(invoke_without_command=True)
@click.option("--if-empty", is_flag=True, help="Seed only when the database has no accounts.")
@click.pass_context
@_fail_cleanly
def demo_cmd(ctx: click.Context, if_empty: bool) -> None:
    """Seed the demo state (idempotent) and print the demo logins."""
    if ctx.invoked_subcommand is not None:
        return
    from openler.services import demo
    from openler.services.context import utc_now
    from openler.store import repositories as repo

    settings = _settings()
    with _database(settings) as session:
        if (
            if_empty
            and repo.count_users(session) > 0
            and repo.user_by_email(session, demo.demo_email("admin")) is None
        ):
            click.echo("The database already has accounts; the demo was not seeded.")
            return
        logins = demo.seed(session, now=utc_now())
    _print_logins(logins)


main.add_command(demo_cmd, name="demo")


@demo_cmd.command("code")
@click.argument("email")
@_fail_cleanly
def demo_code(email: str) -> None:
    """Print the current one-time code of a demo account (demo accounts only)."""
    from openler.services import accounts, demo
    from openler.services.context import utc_now
    from openler.services.login import authenticator_secret, current_code

    if not email.endswith("@" + demo.DEMO_DOMAIN):
        raise ValidationError(
            f"Only demo accounts (@{demo.DEMO_DOMAIN}) have codes printed here.", field="email"
        )
    with _database(_settings()) as session:
        user = accounts.find_by_email(session, email)
        secret = authenticator_secret(session, user)
        if not secret:
            raise ValidationError(f"{email} has no authenticator set up.", field="email")
        click.echo(current_code(secret, utc_now()))


@main.group()
def admin() -> None:
    """Accounts and organizations."""


@admin.command("create-user")
@click.option("--email", required=True)
@click.option("--name", "display_name", default="", help="Name shown to others.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    help="worker, caseworker, issuer, employer, college, analyst or admin (repeatable).",
)
@click.option("--org", "orgs", multiple=True, help="Organization short name (repeatable).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@_fail_cleanly
def create_user(
    email: str,
    display_name: str,
    roles: tuple[str, ...],
    orgs: tuple[str, ...],
    password_stdin: bool,
) -> None:
    """Create an account. The password is read from a prompt or stdin, never an argument."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    from openler.services import accounts
    from openler.services.context import Actor, utc_now

    with _database(_settings()) as session:
        user = accounts.create_user(
            session,
            Actor.system(),
            email=email,
            password=password,
            roles=roles,
            display_name=display_name,
            organizations=orgs,
            now=utc_now(),
        )
        click.echo(f"Created account {user.id} for {user.email} ({', '.join(roles)}).")


@admin.command("create-org")
@click.option("--slug", required=True, help="Short name: lowercase letters, digits, hyphens.")
@click.option("--name", required=True)
@click.option(
    "--kind",
    required=True,
    type=click.Choice(["college", "training_provider", "employer", "state_agency"]),
)
@_fail_cleanly
def create_org(slug: str, name: str, kind: str) -> None:
    """Create an organization."""
    from openler.services import accounts
    from openler.services.context import Actor, utc_now

    with _database(_settings()) as session:
        org = accounts.create_organization(
            session, Actor.system(), slug=slug, name=name, kind=kind, now=utc_now()
        )
        click.echo(f"Created organization {org.slug} ({org.kind}).")


@admin.command("unlock")
@click.option("--email", required=True)
@_fail_cleanly
def unlock(email: str) -> None:
    """End the lockout of an account after too many failed logins."""
    from openler.services import accounts
    from openler.services.context import Actor, utc_now

    with _database(_settings()) as session:
        user = accounts.find_by_email(session, email)
        accounts.unlock(session, Actor.system(), user.id, now=utc_now())
        click.echo(f"Unlocked {user.email}.")


@main.command("settings")
@click.option("--markdown", is_flag=True, help="Print the settings table as Markdown.")
@_fail_cleanly
def settings_cmd(markdown: bool) -> None:
    """Show the settings and their current values (secrets hidden)."""
    if markdown:
        click.echo(settings_markdown(), nl=False)
        return
    from openler.config import SETTINGS

    current = _settings()
    for setting in SETTINGS:
        value = getattr(current, setting.attr)
        shown = "(set)" if setting.secret and value else value
        click.echo(f"{setting.name}={shown}")


@main.group()
def benefits() -> None:
    """The benefits-cliff planner: taxes, benefits and net resources across earnings."""


def _read_household(path: str, year: int | None) -> Any:
    import json

    from openler.benefits.household import parse_household

    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()  # noqa: SIM115
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror}", field="HOUSEHOLD") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
            field="HOUSEHOLD",
        ) from None
    return parse_household(document, year=year)


def _sweep_points(start: float, stop: float, step: float) -> Any:
    import numpy as np

    if step <= 0 or stop < start or start < 0:
        raise ValidationError(
            "--from, --to and --step must satisfy 0 <= from <= to and step > 0.", field="step"
        )
    points = int((stop - start) // step) + 1
    if points > 100_000:
        raise ValidationError("A sweep may have at most 100,000 points.", field="step")
    return start + step * np.arange(points)


_sweep_options = [
    click.argument("household", metavar="HOUSEHOLD.json"),
    click.option("--year", type=int, help="Override the household's year."),
    click.option(
        "--min",
        "--from",
        "start",
        type=float,
        default=0.0,
        show_default=True,
        help="Lowest annual earnings of the swept member.",
    ),
    click.option(
        "--max",
        "--to",
        "stop",
        type=float,
        default=100_000.0,
        show_default=True,
        help="Highest annual earnings (inclusive).",
    ),
    click.option("--step", type=float, default=1_000.0, show_default=True),
    click.option(
        "--supplied",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="YAML of values you supply, with their source, for periods OpenLER has no "
        "published value for (docs/benefits.md, 'Supplying a value').",
    ),
]


def sweep_options(func: F) -> F:
    for option in reversed(_sweep_options):
        func = option(func)
    return func


def _params(supplied: Path | None = None) -> ParameterTree:
    """The shipped parameters plus the tables the user imported (`openler data import`):
    HUD tables and benchmark premiums; and the values supplied for this run (``--supplied``),
    each listed on stderr so the output's assumptions are on record."""
    from openler.benefits.slcsp import with_imports
    from openler.benefits.supplied import read_supplied, with_supplied
    from openler.services.hud_data import parameter_tree

    data_dir = _settings().data_dir
    tree = with_imports(parameter_tree(data_dir), data_dir / "slcsp")
    if supplied is None:
        return tree
    extended = read_supplied(supplied, tree)
    for item in extended:
        click.echo(f"Supplied value: {item.describe()}", err=True)
    return with_supplied(tree, extended)


def _not_modelled_note() -> None:
    from openler.benefits.model import NOT_YET_MODELLED

    click.echo("Not modelled yet: " + "; ".join(NOT_YET_MODELLED) + ".", err=True)


@benefits.command("sweep")
@sweep_options
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv")
@_fail_cleanly
def benefits_sweep(
    household: str,
    year: int | None,
    start: float,
    stop: float,
    step: float,
    supplied: Path | None,
    fmt: str,
) -> None:
    """Every tax, credit and benefit, the budget and net resources, at each earnings point.

    HOUSEHOLD.json follows the household format (`openler benefits schema`); `-` reads stdin.
    Earnings are the annual earnings of the household's `earner`; all values are annual
    dollars. Columns: earnings, net_resources, the benefits, credits and taxes, expenses,
    then detail columns.
    """
    import csv
    import json

    from openler.benefits.model import run
    from openler.benefits.report import sweep_table

    parsed = _read_household(household, year)
    points = _sweep_points(start, stop, step)
    names, rows = sweep_table(run([parsed], points, _params(supplied)))
    if fmt == "json":
        click.echo(json.dumps([dict(zip(names, row, strict=True)) for row in rows]))
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([[f"{v:.2f}" for v in row] for row in rows])
    _not_modelled_note()


@benefits.command("cliffs")
@sweep_options
@_fail_cleanly
def benefits_cliffs(
    household: str,
    year: int | None,
    start: float,
    stop: float,
    step: float,
    supplied: Path | None,
) -> None:
    """Where a raise leaves the family worse off, what it loses, and the break-even income.

    A cliff is a drop of net resources of $1 or more between consecutive steps; break-even
    is searched for up to three times --max.
    """
    from openler.benefits.model import run
    from openler.benefits.report import cliff_report, describe

    parsed = _read_household(household, year)
    points = _sweep_points(start, stop, step)
    params = _params(supplied)
    sweep = run([parsed], points, params)
    beyond_start = float(points[-1]) + step
    extended = (
        run([parsed], _sweep_points(beyond_start, 3 * stop, step), params)
        if beyond_start <= 3 * stop
        else None
    )
    for line in describe(cliff_report(sweep, extended)):
        click.echo(line)
    _not_modelled_note()


@benefits.command("coverage")
@click.option(
    "--markdown", is_flag=True, help="Print the table as Markdown (docs/benefits-coverage.md)."
)
def benefits_coverage(markdown: bool) -> None:
    """Which programs compute for which state and year (program x state x year)."""
    from openler.benefits.coverage import coverage_markdown

    click.echo(coverage_markdown(), nl=not markdown)


@benefits.command("schema")
def benefits_schema() -> None:
    """Print the JSON Schema of the household format."""
    import json

    from openler.benefits.household import household_schema

    click.echo(json.dumps(household_schema(), indent=2))


@main.group()
def data() -> None:
    """Reference data releases loaded into the data directory (OPENLER_DATA_DIR)."""


@data.group("import")
def data_import() -> None:
    """Load an agency's official release file."""


@data_import.command("slcsp")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--year", type=int, help="Plan year (needed for the CMS landscape file).")
@_fail_cleanly
def data_import_slcsp(file: str, year: int | None) -> None:
    """Benchmark (second-lowest-cost silver) premiums for the premium tax credit.

    FILE is a CSV with the columns state,county_fips,year,premium_age_21 (the monthly
    premium for a 21-year-old), or a CMS QHP Landscape public use file with --year. Counties
    and years imported add to (or replace) the shipped ones in `openler benefits` commands.
    """
    from openler.benefits.params import default_tree
    from openler.benefits.slcsp import parameter_documents, parse_slcsp, write_documents

    with open(file, encoding="utf-8-sig") as handle:
        tables = parse_slcsp(handle.read(), year)
    documents = parameter_documents(tables, default_tree(), file)
    for path in write_documents(documents, _settings().data_dir / "slcsp"):
        click.echo(f"wrote {path}")


def _hud_import(kind: str, file: str, year: int | None, effective: str | None) -> None:
    from datetime import date
    from pathlib import Path

    from openler.services.hud_data import import_release

    when = None
    if effective is not None:
        try:
            when = date.fromisoformat(effective)
        except ValueError:
            message = f"{effective!r} is not a date (YYYY-MM-DD)."
            raise ValidationError(message, field="--effective") from None
    data_dir = _settings().data_dir
    for path in import_release(kind, Path(file), data_dir, year, when):
        click.echo(f"wrote {path}")


_FISCAL_YEAR = click.option(
    "--year", type=int, default=None, help="HUD fiscal year of the file (default: from its name)."
)


@data_import.command("hud-fmr")
@click.argument("file", type=click.Path(dir_okay=False))
@_FISCAL_YEAR
@_fail_cleanly
def data_import_hud_fmr(file: str, year: int | None) -> None:
    """HUD's county-level Fair Market Rent file (FYxx_FMRs.xlsx or .csv).

    The FMRs apply from October 1 before the fiscal year to September 30. New England towns
    become counties by the rule in docs/benefits.md. Shipped values are never replaced.
    """
    _hud_import("fmr", file, year, None)


@data_import.command("hud-il")
@click.argument("file", type=click.Path(dir_okay=False))
@_FISCAL_YEAR
@click.option("--effective", required=True, help="The date HUD made the limits effective.")
@_fail_cleanly
def data_import_hud_il(file: str, year: int | None, effective: str) -> None:
    """HUD's Section 8 income limits file (Section8-FYxx.xlsx or .csv).

    The limits apply from --effective for a year. Shipped values are never replaced.
    """
    _hud_import("il", file, year, effective)


# -- credentials ------------------------------------------------------------------------


@main.group()
def credentials() -> None:
    """Verifiable credentials: keys, signing, verifying, baked badges (offline)."""


def _read_bytes(path: str, what: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise click.UsageError(f"cannot read {what} {path}: {exc.strerror}") from None


def _read_json_object(path: str, what: str) -> dict[str, Any]:
    from openler.credentials._strictjson import StrictJSONError, loads_object

    try:
        return loads_object(_read_bytes(path, what))
    except StrictJSONError as exc:
        raise ValidationError(f"{path} is not a JSON object: {exc}", field=what) from None


@credentials.command("keygen")
def credentials_keygen() -> None:
    """Print a new Ed25519 key as Multikey JSON (did:key id and controller, secret included)."""
    import json

    from openler.credentials.dids import did_key, did_key_method_id
    from openler.credentials.keys import Ed25519KeyPair

    pair = Ed25519KeyPair.generate()
    pair = pair.with_id(did_key_method_id(pair.public_key), did_key(pair.public_key))
    click.echo(json.dumps(pair.to_json(include_secret=True), indent=2))


@credentials.command("issue")
@click.argument("unsigned", type=click.Path(dir_okay=False))
@click.option("--key", "key_path", required=True, type=click.Path(dir_okay=False))
@click.option(
    "--suite",
    type=click.Choice(["eddsa-rdfc-2022", "eddsa-jcs-2022"]),
    default="eddsa-rdfc-2022",
    show_default=True,
)
@_fail_cleanly
def credentials_issue(unsigned: str, key_path: str, suite: str) -> None:
    """Sign UNSIGNED.json with the Multikey in --key and print the signed credential."""
    import json
    from datetime import UTC, datetime

    from openler.credentials.keys import Ed25519KeyPair
    from openler.credentials.proofs import sign
    from openler.credentials.suites import SUITES

    document = _read_json_object(unsigned, "UNSIGNED")
    key = Ed25519KeyPair.from_json(_read_json_object(key_path, "--key"))
    signed = sign(document, key, created=datetime.now(UTC), suite=SUITES[suite])
    click.echo(json.dumps(signed, indent=2, ensure_ascii=False))


def _resolve_option(values: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    documents: dict[str, dict[str, Any]] = {}
    for value in values:
        url, sep, path = value.rpartition("=")
        if not sep or not url or not path:
            raise click.UsageError(f"--resolve takes URL=FILE, not {value!r}")
        documents[url] = _read_json_object(path, "--resolve")
    return documents


@credentials.command("present")
@click.argument("credential_files", metavar="CRED...", nargs=-1, required=True)
@click.option("--key", "key_path", required=True, type=click.Path(dir_okay=False))
@click.option("--domain", required=True, help="The recipient: its web origin, URL or DID.")
@click.option("--challenge", help="The recipient's nonce (default: a fresh one).")
@click.option("--expires", help="When the proof expires (RFC 3339, with a time zone).")
@_fail_cleanly
def credentials_present(
    credential_files: tuple[str, ...],
    key_path: str,
    domain: str,
    challenge: str | None,
    expires: str | None,
) -> None:
    """Print a verifiable presentation of CRED... signed by the holder's --key for --domain."""
    import json
    from datetime import UTC, datetime

    from openler.credentials.keys import Ed25519KeyPair
    from openler.credentials.models import parse_date_time
    from openler.credentials.presentations import present

    until = None
    if expires is not None:
        try:
            until = parse_date_time(expires)
        except ValueError:
            raise click.UsageError(f"--expires {expires!r} is not an RFC 3339 date-time") from None
    credentials_ = [_read_json_object(path, "CRED") for path in credential_files]
    key = Ed25519KeyPair.from_json(_read_json_object(key_path, "--key"))
    vp = present(
        credentials_, key, domain=domain, challenge=challenge, expires=until, now=datetime.now(UTC)
    )
    click.echo(json.dumps(vp, indent=2, ensure_ascii=False))


@credentials.command("verify")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--resolve", "resolve", multiple=True, help="URL=FILE: a document for a URL.")
@click.option("--allow-network", is_flag=True, help="Fetch what --resolve does not supply.")
@click.option("--domain", help="A presentation: the domain it must be made for (yours).")
@click.option("--challenge", help="A presentation: the challenge it must carry.")
def credentials_verify(
    file: str,
    fmt: str,
    resolve: tuple[str, ...],
    allow_network: bool,
    domain: str | None,
    challenge: str | None,
) -> None:
    """Verify FILE (JSON, JWT, PNG or SVG; or a presentation, bound to --domain and
    --challenge). Exit 0 verified, 1 not verified, 2 usage error."""
    import json
    from datetime import UTC, datetime

    from openler.credentials.fetch import https_fetcher
    from openler.credentials.presentations import is_presentation, verify_presentation
    from openler.credentials.verify import offline_sources, report_text, verify

    data = _read_bytes(file, "FILE")
    try:
        documents = _resolve_option(resolve)
    except ValidationError as exc:
        raise click.UsageError(exc.message) from None
    resolver, fetch = offline_sources(documents, https_fetcher() if allow_network else None)
    now = datetime.now(UTC)
    if is_presentation(data):
        report = verify_presentation(
            data, resolver=resolver, fetch_status=fetch, now=now, domain=domain, challenge=challenge
        )
    elif domain is not None or challenge is not None:
        raise click.UsageError("--domain and --challenge apply to a presentation only")
    else:
        report = verify(data, resolver=resolver, fetch_status=fetch, now=now)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        click.echo(report_text(report))
    sys.exit(0 if report.verified else 1)


@credentials.command("bake")
@click.argument("credential", type=click.Path(dir_okay=False))
@click.argument("image", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@_fail_cleanly
def credentials_bake(credential: str, image: str, output: str) -> None:
    """Embed CREDENTIAL (JSON or compact JWT) in IMAGE (PNG or SVG), written to -o."""
    from openler.credentials.baking import bake

    text = _read_bytes(credential, "CREDENTIAL").decode("utf-8", errors="replace").strip()
    baked = bake(_read_bytes(image, "IMAGE"), text)
    with open(output, "wb") as handle:
        handle.write(baked)


@credentials.command("extract")
@click.argument("image", type=click.Path(dir_okay=False))
@_fail_cleanly
def credentials_extract(image: str) -> None:
    """Print the credential baked in IMAGE (PNG or SVG)."""
    import json

    from openler.credentials.baking import extract

    baked = extract(_read_bytes(image, "IMAGE"))
    click.echo(baked if isinstance(baked, str) else json.dumps(baked, indent=2, ensure_ascii=False))


from openler.cli_issuing import achievement as _achievement  # noqa: E402  (needs the helpers)
from openler.cli_issuing import batch as _batch  # noqa: E402

credentials.add_command(_batch)
credentials.add_command(_achievement)

from openler.cli_secrets import secrets_group as _secrets_group  # noqa: E402

main.add_command(_secrets_group)
