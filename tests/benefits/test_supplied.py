"""Values a caseworker supplies for periods not yet published (`--supplied FILE`)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from openler.benefits.params import ParameterError, default_tree
from openler.benefits.supplied import SUPPLIED, read_supplied, with_supplied
from openler.cli import main

SNAP = "states.fl.snap"
SOURCE = {"title": "Florida DCF notice (as a caseworker would cite it)", "href": "https://x.test"}


def _fy2027(**changes: object) -> dict[str, object]:
    """Florida's five SNAP figures from October 2026, which OpenLER does not ship. The
    amounts are stand-ins for the test (FY 2026's), not Florida's real FY 2027 figures."""
    values = {
        "standard_utility_allowance": 430,
        "limited_utility_allowance": 348,
        "telephone_allowance": 56,
        "bbce_gross_income_limit": 2.0,
        "bbce_asset_test_applies": False,
    }
    document: dict[str, object] = {
        f"{SNAP}.{name}": {
            "reference": [SOURCE],
            "values": {"2026-10-01": value},
            "in_force_until": "2027-09-30",
        }
        for name, value in values.items()
    }
    document.update(changes)
    return document


def _write(tmp_path: Path, document: dict[str, object]) -> Path:
    path = tmp_path / "supplied.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def test_supplied_values_extend_the_shipped_ones(tmp_path: Path) -> None:
    tree = default_tree()
    supplied = read_supplied(_write(tmp_path, _fy2027()), tree)
    merged = with_supplied(tree, supplied)[f"{SNAP}.standard_utility_allowance"]
    assert merged.at(date(2026, 9, 1)) == 430  # shipped (DCF Appendix A-1, FY 2026)
    assert merged.at(date(2026, 10, 1)) == 430  # supplied
    assert merged.in_force_until == date(2027, 9, 30)
    assert merged.references[-1].title == SUPPLIED + SOURCE["title"]
    assert supplied[0].describe().startswith(f"{SNAP}.standard_utility_allowance from 2026-10-01")


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("2026-09-01", "must start on 2026-10-01"),  # would replace a published value
        ("2026-11-01", "must start on 2026-10-01"),  # October would carry September forward
    ],
)
def test_supplied_values_neither_replace_nor_leave_a_gap(
    tmp_path: Path, start: str, message: str
) -> None:
    name = f"{SNAP}.standard_utility_allowance"
    bad = {"reference": [SOURCE], "values": {start: 440}, "in_force_until": "2027-09-30"}
    with pytest.raises(ParameterError, match=message) as caught:
        read_supplied(_write(tmp_path, {name: bad}), default_tree())
    assert caught.value.field == f"{name}.values"


def test_supplied_values_name_a_real_parameter_with_its_unit_and_a_source(tmp_path: Path) -> None:
    tree = default_tree()
    entry = {"reference": [SOURCE], "values": {"2026-10-01": 1}, "in_force_until": "2027-09-30"}
    with pytest.raises(ParameterError, match="No parameter is named"):
        read_supplied(_write(tmp_path, {f"{SNAP}.no_such_thing": entry}), tree)
    wrong_unit = {**entry, "unit": "percent_fpl"}
    with pytest.raises(ParameterError, match="the unit is USD/month"):
        read_supplied(_write(tmp_path, {f"{SNAP}.telephone_allowance": wrong_unit}), tree)
    unsourced = {**entry, "reference": [{"title": "my notes"}]}
    with pytest.raises(ParameterError, match="title and an href"):
        read_supplied(_write(tmp_path, {f"{SNAP}.telephone_allowance": unsourced}), tree)


def test_a_2026_sweep_runs_once_the_missing_figures_are_supplied(tmp_path: Path) -> None:
    household = tmp_path / "h.json"
    household.write_text(
        json.dumps(
            {
                "year": 2026,
                "state": "FL",
                "county": "Miami-Dade County",
                "expenses": {"rent": 12000},
                "programs": ["snap"],
                "members": [
                    {"id": "mom", "age": 30, "relationship": "head"},
                    {"id": "k1", "age": 8, "relationship": "child"},
                    {"id": "k2", "age": 10, "relationship": "child"},
                ],
            }
        )
    )
    sweep = ["benefits", "sweep", str(household), "--min", "0", "--max", "0", "--format", "json"]
    before = CliRunner().invoke(main, sweep)
    assert before.exit_code == 1
    assert "standard_utility_allowance is published only through 2026-09-30" in before.output
    after = CliRunner().invoke(main, [*sweep, "--supplied", str(_write(tmp_path, _fy2027()))])
    assert after.exit_code == 0, after.output
    # No income: the maximum allotment for 3 every month (7 CFR 273.10(e)(2)): $785 for
    # January-September (FY 2026) and $808 for October-December (FY 2027, USDA memo of
    # Aug. 21, 2026): 9 x 785 + 3 x 808 = 7,065 + 2,424 = 9,489.
    assert json.loads(after.stdout)[0]["snap"] == pytest.approx(9489)
    assert f"Supplied value: {SNAP}.standard_utility_allowance from 2026-10-01" in after.stderr
