"""TANF's dispatch by state: a state without a module is refused, and a family that leaves
TANF out of its programs is not held up by a TANF figure that is not published."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from openler.benefits.engine import evaluate
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.model import COLUMNS
from openler.benefits.params import ParameterNotPublished
from openler.benefits.programs import tanf
from openler.errors import NotBuiltError

FAMILY: dict[str, Any] = {
    "year": 2026,
    "state": "ME",
    "county": "Cumberland County",
    "expenses": {"rent": 12000},
    "members": [
        {"id": "p", "age": 31, "relationship": "head"},
        {"id": "a", "age": 8, "relationship": "child", "childcare_expense": 0},
    ],
}
TANF_ONLY = [c for c in COLUMNS if c.name == "tanf"]


def _tanf(document: dict[str, Any]) -> float:
    household, fips = parse_household(document)
    result = evaluate(to_arrays([(household, fips)]), np.array([0.0]), TANF_ONLY)
    return float(result.columns["tanf"][0, 0])


def test_a_state_without_a_module_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tanf, "STATES", {"FL": tanf.florida})
    with pytest.raises(NotBuiltError, match="leave 'tanf' out"):
        _tanf(FAMILY)


def test_unpublished_figures_name_the_way_out() -> None:
    # Maine's October 2026 standards are not encoded: the error says how to go on.
    with pytest.raises(
        ParameterNotPublished, match=r"states\.me\.tanf\.standard_of_need.*leave 'tanf' out"
    ):
        _tanf(FAMILY)


def test_leaving_tanf_out_needs_no_tanf_figure() -> None:
    programs = ["snap", "wic", "medicaid", "ssi", "ssdi", "eitc", "ctc"]
    assert _tanf({**FAMILY, "programs": programs}) == 0.0
