"""The food plan the budget prices with is a parameter: the Low-Cost plan, encoded for 2026."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from openler.benefits.budget import budget_food
from openler.benefits.engine import Column, evaluate
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.params import ParameterNotPublished, ParameterTree, default_tree

PLAN = "federal.usda.food_plans.budget_plan"
FAMILY = [
    {"id": "a", "age": 30, "relationship": "head"},
    {"id": "b", "age": 30, "relationship": "spouse"},
    {"id": "k", "age": 3, "relationship": "child"},
    {"id": "j", "age": 7, "relationship": "child"},
]


def _food(year: int, plan: str) -> float:
    tree = default_tree()
    chosen = replace(tree[PLAN], values=(plan,))
    params = ParameterTree([chosen, *(p for name, p in tree.items() if name != PLAN)])
    household, fips = parse_household(
        {"year": year, "state": "FL", "county": "Orange County", "members": FAMILY}
    )
    result = evaluate(
        to_arrays([(household, fips)]),
        np.array([20000.0]),
        [Column("budget_food", budget_food, "detail")],
        params,
    )
    return float(result.columns["budget_food"][0, 0])


def test_low_cost_plan_2026() -> None:
    # Low-Cost plan, July 2026: 317.40 + 276.10 (adults 20-50) + 173.80 (2-3) + 262.80 (6-8)
    # = 1,030.10 a month, x 1.00 for four persons, x 12 = 12,361.20.
    assert _food(2026, "low_cost") == pytest.approx(12361.20, abs=0.01)


def test_moderate_cost_plan_2026() -> None:
    # 398.70 + 337.10 + 207.40 + 305.10 = 1,248.30 a month x 12 = 14,979.60.
    assert _food(2026, "moderate_cost") == pytest.approx(14979.60, abs=0.01)


def test_low_cost_plan_not_encoded_for_2025() -> None:
    with pytest.raises(ParameterNotPublished, match=r"low_cost_monthly_cost.*expenses\.food"):
        _food(2025, "low_cost")
