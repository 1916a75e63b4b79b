"""Medicare Savings Programs: the premium the budget charges is the premium the programs pay,
batches give each household its own result, and a state without the programs' parameters is
refused rather than given nothing."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from openler.benefits import model
from openler.benefits.engine import evaluate
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.params import ParameterTree, default_tree
from openler.errors import NotBuiltError

EARNINGS = np.array([0.0, 6000.0, 12000.0, 30000.0])


def _senior(ssdi: float, **extra: Any) -> dict[str, Any]:
    return {
        "year": 2025,
        "state": "FL",
        "county": "Miami-Dade County",
        "expenses": {"rent": 15000, "food": 4000},
        "members": [{"id": "s", "age": 70, "relationship": "head", "ssdi_monthly": ssdi}],
        **extra,
    }


def _run(documents: list[dict[str, Any]], params: Any = None) -> Any:
    arrays = to_arrays([parse_household(d) for d in documents])
    return evaluate(arrays, EARNINGS, model.COLUMNS, params or default_tree())


def test_a_poor_senior_is_no_worse_off_for_the_premium() -> None:
    # Social Security 1,100 a month: QMB at every point up to 12,000 of earnings, so the
    # programs pay exactly the premium the budget charges (12 x 185 = 2,220).
    got = _run(
        [_senior(1100, programs=["ssdi", "medicare_savings"]), _senior(1100, programs=["ssdi"])]
    )
    paid = got.columns["medicare_savings"]
    assert paid[0, :3].tolist() == [2220.0] * 3
    assert (got.columns["budget_health_premium"] == 2220.0).all()
    # Without the programs counted, net resources are the premium lower where they pay it.
    assert np.allclose(got.net_resources[0] - got.net_resources[1], paid[0])


def test_batches_give_each_household_its_own_result() -> None:
    family = {
        "year": 2025,
        "state": "FL",
        "county": "Miami-Dade County",
        "expenses": {"rent": 15000, "food": 4000},
        "members": [
            {"id": "p", "age": 35, "relationship": "head"},
            {"id": "k", "age": 4, "relationship": "child", "childcare_expense": 0},
        ],
    }
    grandmother = dict(family)
    grandmother["members"] = [
        *family["members"],
        {"id": "g", "age": 72, "relationship": "other_adult", "ssdi_monthly": 900},
    ]
    together = _run([family, _senior(1500), grandmother])
    for i, alone in enumerate([family, _senior(1500), grandmother]):
        single = _run([alone])
        for name in ("medicare_savings", "budget_health_premium"):
            assert np.array_equal(together.columns[name][i], single.columns[name][0]), name
        assert np.allclose(together.net_resources[i], single.net_resources[0])
    assert (together.columns["medicare_savings"][0] == 0).all()
    assert (together.columns["medicare_savings"][2] == 2220).all()


def test_a_state_without_the_programs_parameters_is_refused() -> None:
    tree = default_tree()
    name = "states.fl.medicare_savings.asset_test"
    kept = [n for n in tree if n.startswith(("federal.", "states.fl.")) and n != name]
    pruned = ParameterTree([tree[n] for n in kept])
    with pytest.raises(NotBuiltError, match="Medicare Savings"):
        _run([_senior(1100)], pruned)
