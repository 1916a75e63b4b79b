"""SSI state supplements: a state whose supplement is not built says so."""

from __future__ import annotations

import numpy as np
import pytest

from openler.benefits.engine import evaluate
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.model import COLUMNS
from openler.errors import NotBuiltError


def _ssi(
    state: str,
    county: str,
    disabled: bool,
    column: str = "ssi",
    programs: tuple[str, ...] = ("ssi", "medicaid"),
) -> float:
    household = {
        "year": 2025,
        "state": state,
        "county": county,
        "programs": list(programs),
        "members": [{"id": "me", "age": 45, "relationship": "head", "disabled": disabled}],
    }
    arrays = to_arrays([parse_household(household)])
    columns = [c for c in COLUMNS if c.name == column]
    return float(evaluate(arrays, np.array([0.0]), columns).columns[column][0, 0])


def test_connecticut_supplement_is_not_built() -> None:
    # Connecticut's supplement is a need-based budget (shelter and personal needs allowances).
    with pytest.raises(NotBuiltError, match="CT state supplement"):
        _ssi("CT", "Hartford County", disabled=True)


def test_connecticut_medicaid_for_the_disabled_is_not_built() -> None:
    # A section 209(b) state: SSI receipt does not confer Medicaid; its own test is not built.
    # Medicaid asks whether SSI is paid first, and Connecticut's SSI (its supplement) is itself
    # refused, so that is the error a caseworker sees today; either way nothing is guessed.
    with pytest.raises(NotBuiltError, match=r"CT state supplement|209"):
        _ssi("CT", "Hartford County", disabled=True, column="medicaid")
    # Without SSI counted, nobody receives it: Medicaid is decided on MAGI alone (no income
    # is within Connecticut's expansion adult limit, 138% of poverty).
    medicaid = _ssi("CT", "Hartford County", True, column="medicaid", programs=("medicaid",))
    assert medicaid > 0


def test_connecticut_without_an_aged_or_disabled_adult_needs_no_supplement() -> None:
    assert _ssi("CT", "Hartford County", disabled=False) == 0.0


@pytest.mark.parametrize(("state", "county"), [("GA", "Fulton County"), ("AL", "Jefferson County")])
def test_no_supplement_at_home(state: str, county: str) -> None:
    # Georgia and Alabama supplement only in facilities or special-need categories: the
    # federal rate alone, 967 x 12.
    assert _ssi(state, county, disabled=True) == 967 * 12
