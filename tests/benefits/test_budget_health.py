"""The health line of the budget, computed for a mixed batch in one pass."""

from __future__ import annotations

from typing import Any

import numpy as np

from openler.benefits.engine import evaluate
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.model import COLUMNS

PARTS = ("budget_health", "budget_health_premium", "budget_health_out_of_pocket")
FAMILY = [
    {"id": "parent", "age": 30, "relationship": "head"},
    {"id": "kid1", "age": 3, "relationship": "child"},
    {"id": "kid2", "age": 7, "relationship": "child"},
]


def _document(**fields: Any) -> dict[str, Any]:
    return {"year": 2025, "state": "FL", "county": "Miami-Dade County", "members": FAMILY, **fields}


def _columns(documents: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    columns = [c for c in COLUMNS if c.name in PARTS]
    result = evaluate(
        to_arrays([parse_household(d) for d in documents]), np.array([0.0, 45000.0]), columns
    )
    return result.columns


def test_a_mixed_batch_gives_each_household_its_own_line() -> None:
    documents = [
        _document(employer_health_insurance=True),
        _document(),
        _document(employer_health_insurance=True, expenses={"health": 5000}),
        _document(expenses={"health": 0}),
    ]
    batch = _columns(documents)
    # Hand-worked in cases/budget_health.yaml and budget_fl.yaml: family tier 7,976 + out of
    # pocket 1,175; benchmark 12,875.61 + 1,175; the own figures.
    assert np.allclose(batch["budget_health"][:, 0], [9151, 14050.61, 5000, 0])
    assert np.allclose(batch["budget_health_premium"][:, 1], [7976, 12875.61, 0, 0])
    assert np.allclose(batch["budget_health_out_of_pocket"][:, 1], [1175, 1175, 0, 0])
    for i, document in enumerate(documents):
        alone = _columns([document])
        for name in PARTS:
            assert np.allclose(batch[name][i], alone[name][0]), (i, name)


def test_the_line_is_its_parts_where_the_family_gives_no_figure() -> None:
    got = _columns([_document(employer_health_insurance=True), _document()])
    parts = got["budget_health_premium"] + got["budget_health_out_of_pocket"]
    assert np.allclose(got["budget_health"], parts)
