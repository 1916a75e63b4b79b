"""The command line, run as a person runs it: a separate process, from another folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from openler import __version__
from openler.cli import main
from openler.config import Settings


def _run(
    args: list[str], env: dict[str, str], cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openler", *args],
        env=env,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _create_issuer(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    args = ["admin", "create-user", "--email", "iss@example.org", "--role", "issuer"]
    args += ["--org", "lake-college", "--password-stdin"]
    return _run(args, env, cwd, stdin="a long enough password\n")


@pytest.fixture
def cli_env(database_url: str, settings: Settings, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENLER_")}
    env.update(
        OPENLER_DATABASE_URL=database_url,
        OPENLER_DATA_DIR=str(tmp_path / "data"),
        OPENLER_SECRETS_KEY_FILE=str(settings.secrets_key_file),
    )
    return env


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_db_upgrade_from_any_folder_is_idempotent(cli_env: dict[str, str], tmp_path: Path) -> None:
    for _ in range(2):
        result = _run(["db", "upgrade"], cli_env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert re.search(r"Database at revision \w+\.", result.stdout)


def test_create_org_and_user_with_password_from_stdin(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    org = _run(
        [
            "admin",
            "create-org",
            "--slug",
            "lake-college",
            "--name",
            "Lake College",
            "--kind",
            "college",
        ],
        cli_env,
        tmp_path,
    )
    assert org.returncode == 0, org.stderr
    user = _create_issuer(cli_env, tmp_path)
    assert user.returncode == 0, user.stderr
    assert "Created account" in user.stdout
    again = _create_issuer(cli_env, tmp_path)
    assert again.returncode == 1
    assert "error (email): An account with the email iss@example.org exists." in again.stderr


def test_password_is_never_an_argument() -> None:
    result = CliRunner().invoke(
        main,
        [
            "admin",
            "create-user",
            "--email",
            "a@b.org",
            "--role",
            "worker",
            "--password",
            "secret-on-the-command-line",
        ],
    )
    assert result.exit_code == 2
    assert "No such option '--password'" in result.output


def test_demo_is_idempotent_and_prints_logins(cli_env: dict[str, str], tmp_path: Path) -> None:
    first = _run(["demo"], cli_env, tmp_path)
    second = _run(["demo"], cli_env, tmp_path)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    for role in ("worker", "caseworker", "issuer", "employer", "college", "analyst", "admin"):
        assert f"{role}@demo.openler.org" in second.stdout
    assert first.stdout == second.stdout  # same accounts and secrets, nothing duplicated
    code = _run(["demo", "code", "admin@demo.openler.org"], cli_env, tmp_path)
    assert re.fullmatch(r"\d{6}\n", code.stdout)
    # The college's sample achievements, once each, so the demo issuer can issue at once.
    listed = _run(
        ["credentials", "achievement", "list", "--org", "suncoast-state-college"], cli_env, tmp_path
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count("Certified Nursing Assistant") == 1
    assert listed.stdout.count("Welding Technology I") == 1


def test_demo_if_empty_leaves_a_real_database_alone(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    _run(
        [
            "admin",
            "create-user",
            "--email",
            "real@example.gov",
            "--role",
            "worker",
            "--password-stdin",
        ],
        cli_env,
        tmp_path,
        stdin="a long enough password\n",
    )
    result = _run(["demo", "--if-empty"], cli_env, tmp_path)
    assert "not seeded" in result.stdout
    assert "worker@demo.openler.org" not in result.stdout


def test_serve_refuses_the_default_secret(cli_env: dict[str, str], tmp_path: Path) -> None:
    result = _run(["serve"], cli_env, tmp_path)
    assert result.returncode == 2
    assert "OPENLER_SECRET_KEY is not set" in result.stderr


def test_settings_markdown_lists_every_setting() -> None:
    result = CliRunner().invoke(main, ["settings", "--markdown"])
    assert result.exit_code == 0
    assert "| `OPENLER_DATABASE_URL` |" in result.output


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    missing = []

    def walk(command: object, prefix: str) -> None:
        import click

        assert isinstance(command, click.Command)
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{prefix} {name}")
        elif f"`{prefix}" not in readme:
            missing.append(prefix)

    walk(main, "openler")
    assert missing == []
