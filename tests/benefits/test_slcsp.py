"""Importing benchmark premiums: `openler data import slcsp FILE` and the merged parameters."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from openler.benefits.params import default_tree
from openler.benefits.slcsp import parameter_documents, parse_slcsp, with_imports, write_documents
from openler.cli import main
from openler.errors import ValidationError

TABLE = "states.fl.aca.benchmark_premium"


def test_simple_csv_is_converted_to_the_age_0_base() -> None:
    tables = parse_slcsp("state,county_fips,year,premium_age_21\nFL,12045,2025,400\n")
    assert tables == {"FL": {2025: {"12045": 400.0}}}
    documents = parameter_documents(tables, default_tree(), "mine.csv")
    # Default curve: age 0 is 0.765 of age 21.
    assert documents[TABLE]["values"] == {date(2025, 1, 1): {"12045": 306.0}}


def test_landscape_file_takes_the_second_lowest_silver_plan() -> None:
    text = (
        "State Code,FIPS County Code,County Name,Metal Level,Premium Adult Individual Age 21\n"
        "FL,12045,GULF,Silver,$410.00\n"
        "FL,12045,GULF,Bronze,$300.00\n"
        "FL,12045,GULF,Silver,$390.00\n"
        "FL,12045,GULF,Silver,$450.00\n"
        "AL,01073,JEFFERSON,Silver,$500.00\n"
    )
    with pytest.raises(ValidationError, match="--year"):
        parse_slcsp(text)
    tables = parse_slcsp(text, year=2027)
    # Only one silver plan in Jefferson: it is the benchmark.
    assert tables == {"FL": {2027: {"12045": 410.0}}, "AL": {2027: {"01073": 500.0}}}


def test_bad_rows_name_the_line() -> None:
    with pytest.raises(ValidationError, match="line 2"):
        parse_slcsp("state,county_fips,year,premium_age_21\nFL,13121,2025,400\n")
    with pytest.raises(ValidationError, match="line 2"):
        parse_slcsp("state,county_fips,year,premium_age_21\nFL,12045,2025,-4\n")
    with pytest.raises(ValidationError, match="columns"):
        parse_slcsp("a,b\n1,2\n")


def test_imports_add_counties_and_years_without_carrying_forward(tmp_path: Path) -> None:
    text = "state,county_fips,year,premium_age_21\nFL,12045,2025,400\nFL,12086,2027,510\n"
    documents = parameter_documents(parse_slcsp(text), default_tree(), "mine.csv")
    write_documents(documents, tmp_path)
    merged = with_imports(default_tree(), tmp_path)[TABLE]
    shipped = default_tree()[TABLE]
    in_2025 = merged.at(date(2025, 6, 1))
    assert in_2025["12045"] == 306.0
    assert in_2025["12086"] == shipped.at(date(2025, 6, 1))["12086"]  # unchanged
    # 2027: only what was imported, not the 2026 table carried forward.
    assert merged.at(date(2027, 1, 1)) == {"12086": pytest.approx(510 * 0.765)}
    assert with_imports(default_tree(), tmp_path / "none") is not None


def test_cli_import_then_sweep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENLER_DATA_DIR", str(tmp_path / "data"))
    csv_file = tmp_path / "gulf.csv"
    csv_file.write_text("state,county_fips,year,premium_age_21\nFL,12045,2025,400\n")
    household = tmp_path / "h.json"
    household.write_text(
        json.dumps(
            {
                "year": 2025,
                "state": "FL",
                "county": "Gulf County",
                "expenses": {"rent": 12000, "food": 5000},
                "members": [{"id": "a", "age": 21, "relationship": "head"}],
            }
        )
    )
    sweep = ["benefits", "sweep", str(household), "--min", "15060", "--max", "15060"]
    before = CliRunner().invoke(main, sweep)
    assert before.exit_code == 1
    assert "no benchmark premium for county 12045" in before.output
    imported = CliRunner().invoke(main, ["data", "import", "slcsp", str(csv_file)])
    assert imported.exit_code == 0, imported.output
    after = CliRunner().invoke(main, [*sweep, "--format", "json"])
    assert after.exit_code == 0, after.output
    row = json.loads(after.stdout)[0]
    # At 100% of poverty in 2025 the contribution is 0: the whole benchmark, 400 x 12.
    assert row["aca_ptc"] == pytest.approx(4800)
    assert row["budget_health_premium"] == pytest.approx(4800)
