"""openler credentials achievement add|list and batch issue|status: the exit contract and
the per-row report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session

from openler.cli import main
from openler.config import Settings
from tests.issuing.helpers import ONET_ALIGNMENT, SITE
from tests.services.helpers import make_org
from tests.support.clock import FakeClock


@pytest.fixture
def runner(
    db: Session,
    clock: FakeClock,
    database_url: str,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> CliRunner:
    make_org(db, clock)
    db.commit()
    monkeypatch.setenv("OPENLER_DATABASE_URL", database_url)
    monkeypatch.setenv("OPENLER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("OPENLER_SECRETS_KEY_FILE", str(settings.secrets_key_file))
    monkeypatch.setenv("OPENLER_BASE_URL", SITE.base_url)
    monkeypatch.chdir(tmp_path)  # no .env file from the working tree
    return CliRunner()


def test_achievement_then_batch(runner: CliRunner, tmp_path: Path) -> None:
    alignments = tmp_path / "alignments.json"
    alignments.write_text(json.dumps([ONET_ALIGNMENT]))
    base = ["credentials", "achievement"]
    added = runner.invoke(
        main,
        [*base, "add", "--org", "lake-college", "--name", "Welder", "--description", "Welds.",
         "--criteria", "A test weld.", "--alignments", str(alignments)],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    number = added.output.strip()
    listed = runner.invoke(main, [*base, "list", "--org", "lake-college"])
    assert listed.output == f"{number}\tWelder\n"

    bad = tmp_path / "bad.csv"
    bad.write_text("email,name\nok@example.org,Ok\nnot-an-email,X\n")
    batch = ["credentials", "batch"]
    issue = [*batch, "issue", "--org", "lake-college", "--achievement", number]
    failed = runner.invoke(main, [*issue, str(bad)])
    assert failed.exit_code == 1
    assert "batch 1: failed, 0 of 2 rows" in failed.output
    assert "row 2 (email): 'not-an-email' is not an email address." in failed.output

    good = tmp_path / "good.csv"
    good.write_text("email,name,issued_on\na@example.org,A,2026-01-05\nb@example.org,B,\n")
    done = runner.invoke(main, [*issue, str(good)])
    assert done.exit_code == 0, done.output
    assert "batch 2: complete, 2 of 2 rows" in done.output
    status = runner.invoke(main, [*batch, "status", "2", "--format", "json"])
    assert json.loads(status.output)["state"] == "complete"
    missing = runner.invoke(main, [*batch, "resume", "99"])
    assert (missing.exit_code, missing.output) == (1, "error (batch): There is no batch 99.\n")
