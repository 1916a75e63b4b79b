"""SSI state supplements: flat ones at home, Connecticut's budget, and what is not published."""

from __future__ import annotations

import numpy as np
import pytest

from openler.benefits.engine import evaluate
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.model import COLUMNS
from openler.benefits.params import ParameterNotPublished


def _ssi(
    state: str,
    county: str,
    disabled: bool,
    column: str = "ssi",
    programs: tuple[str, ...] = ("ssi", "medicaid"),
    year: int = 2025,
) -> float:
    household = {
        "year": year,
        "state": state,
        "county": county,
        "programs": list(programs),
        "members": [{"id": "me", "age": 45, "relationship": "head", "disabled": disabled}],
    }
    arrays = to_arrays([parse_household(household)])
    columns = [c for c in COLUMNS if c.name == column]
    return float(evaluate(arrays, np.array([0.0]), columns).columns[column][0, 0])


def test_connecticut_supplement_after_june_2026_is_not_published() -> None:
    # The personal needs allowance of fiscal year 2027 (from July 1, 2026) was not found: a
    # 2026 year is refused, naming the parameter and how to compute everything else.
    with pytest.raises(ParameterNotPublished, match=r"states\.ct\.ssi\.personal_needs_allowance"):
        _ssi("CT", "Hartford County", disabled=True, year=2026)


def test_connecticut_disabled_adult_on_ssi_is_paid_and_covered() -> None:
    # A disabled adult with no income, 2025: federal SSI 967 a month, and AABD on top:
    # 197.35 + shelter (the Hartford one-bedroom FMR is above the $400 maximum) - (967 - 535)
    # = 165.35 a month.
    assert _ssi("CT", "Hartford County", disabled=True) == pytest.approx((967 + 165.35) * 12)
    # A section 209(b) state: HUSKY C's own test, with SSI and the supplement deducted from
    # income (42 U.S.C. 1396a(f)) - no other income, so covered.
    assert _ssi("CT", "Hartford County", disabled=True, column="medicaid_enrollees") == 1


def test_connecticut_without_an_aged_or_disabled_adult_needs_no_supplement() -> None:
    assert _ssi("CT", "Hartford County", disabled=False) == 0.0


@pytest.mark.parametrize(("state", "county"), [("GA", "Fulton County"), ("AL", "Jefferson County")])
def test_no_supplement_at_home(state: str, county: str) -> None:
    # Georgia and Alabama supplement only in facilities or special-need categories: the
    # federal rate alone, 967 x 12.
    assert _ssi(state, county, disabled=True) == 967 * 12
