"""`openler benefits ...` as a person runs it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from openler.cli import main
from tests.benefits.test_household import MIAMI


def _write(tmp_path: Path, document: object) -> str:
    path = tmp_path / "household.json"
    path.write_text(json.dumps(document))
    return str(path)


def test_sweep_prints_one_row_per_earnings_point(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["benefits", "sweep", _write(tmp_path, MIAMI), "--to", "40000", "--step", "10000"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [float(r["earnings"]) for r in rows] == [0, 10_000, 20_000, 30_000, 40_000]
    # The $30,000 row matches the hand-worked cases in tests/benefits/cases (SNAP with Head
    # Start paying part of the 3-year-old's care: head_start_fl.yaml).
    row = rows[3]
    assert float(row["eitc"]) == 5751.51
    assert float(row["snap"]) == 8112
    assert "Not modelled yet" in result.stderr


def test_year_override_and_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "benefits",
            "sweep",
            _write(tmp_path, MIAMI),
            "--year",
            "2024",
            "--to",
            "0",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["columns"][0] == "earnings"
    assert len(document["rows"]) == 1


def test_bad_household_names_the_field(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["benefits", "sweep", _write(tmp_path, {**MIAMI, "state": "ZZ"})]
    )
    assert result.exit_code == 1
    assert "error (state):" in result.stderr


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{nope")
    result = CliRunner().invoke(main, ["benefits", "sweep", str(path)])
    assert result.exit_code == 1
    assert "is not valid JSON (line 1" in result.stderr


def test_cliffs_reports_break_even(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["benefits", "cliffs", _write(tmp_path, MIAMI)])
    assert result.exit_code == 0, result.output
    assert "Cliff from $" in result.stdout
    assert "back at $" in result.stdout


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(main, ["benefits", "schema"])
    assert json.loads(result.stdout)["title"] == "HouseholdIn"
