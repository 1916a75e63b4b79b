"""Properties of the Georgia, Alabama, Maine and Connecticut childcare subsidies, on
households hypothesis makes up (only `ccdf` counted, so no other state program is needed)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openler.benefits.engine import evaluate
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.model import COLUMNS

SWEEP = np.linspace(0, 150_000, 76)
COUNTY = {"GA": "Fulton County", "AL": "Jefferson County", "ME": "Cumberland County"}
COUNTY["CT"] = "Hartford County"
CCDF_COLUMNS = [c for c in COLUMNS if c.name.startswith("ccdf")]


@st.composite
def families(draw: Any) -> dict[str, Any]:
    state = draw(st.sampled_from(sorted(COUNTY)))
    # Maine's January-April 2024 has neither its own fee scale nor the federal ceiling.
    year = draw(st.sampled_from([2025, 2026] if state == "ME" else [2024, 2025, 2026]))
    members: list[dict[str, Any]] = [
        {
            "id": "head",
            "age": 30,
            "relationship": "head",
            "weekly_hours": draw(st.sampled_from([0, 10, 20, 30, 40])),
        }
    ]
    if draw(st.booleans()):
        members.append({"id": "spouse", "age": 30, "relationship": "spouse"})
    for k in range(draw(st.integers(1, 4))):
        members.append(
            {
                "id": f"c{k}",
                "age": draw(st.integers(0, 15)),
                "relationship": "child",
                "childcare_expense": draw(st.sampled_from([0, 4_000, 12_000])),
            }
        )
    return {
        "year": year,
        "state": state,
        "county": COUNTY[state],
        "members": members,
        "expenses": {"rent": 12_000, "food": 8_000},
        "programs": ["ccdf"],
    }


def _ccdf(document: dict[str, Any]) -> dict[str, np.ndarray]:
    household, fips = parse_household(document)
    result = evaluate(to_arrays([(household, fips)]), SWEEP, CCDF_COLUMNS)
    return {k: v[0] for k, v in result.columns.items()}


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(families())
def test_subsidy_within_cost_falls_with_earnings_and_favours_enrolled(doc: dict[str, Any]) -> None:
    cost = sum(m.get("childcare_expense", 0) for m in doc["members"] if m["age"] < 13)
    applicant = _ccdf(doc)
    enrolled = _ccdf({**doc, "enrolled": ["ccdf"]})
    for run in (applicant, enrolled):
        assert np.all(run["ccdf"] >= 0)
        assert np.all(run["ccdf"] <= cost + 1e-6)
        # Every state's fee rises with income and its limits are upper limits.
        assert np.all(np.diff(run["ccdf"]) <= 1e-9)
    # The continuing limit is never below the entry limit, and the fee is the same.
    assert np.all(enrolled["ccdf"] >= applicant["ccdf"] - 1e-9)
    assert not enrolled["ccdf_waitlisted"].any()
    assert np.all(applicant["ccdf_waitlisted"] <= (applicant["ccdf"] > 0))
