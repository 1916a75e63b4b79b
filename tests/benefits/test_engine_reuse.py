"""Monthly values shared between months and programs: a value is reused for another month only
where nothing it read changes, and sharing never changes a result."""

from __future__ import annotations

import platform
from datetime import date
from typing import Any

import numpy as np
import pytest

from openler.benefits.engine import Context, evaluate
from openler.benefits.heap import keep_freed_memory
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.model import COLUMNS
from openler.benefits.params import ParameterTree, parse_parameter

SWEEP = np.linspace(0, 100_000, 21)


def _parameter(name: str, values: dict[str, float]) -> Any:
    return parse_parameter(
        name,
        {
            "description": "A test value.",
            "unit": "USD",
            "reference": [{"title": "Test", "href": "https://example.org/"}],
            "values": values,
            "in_force_until": "2025-12-31",
        },
    )


def _context() -> Context:
    household, fips = parse_household(
        {
            "year": 2025,
            "state": "FL",
            "county": "Leon County",
            "members": [{"id": "a", "age": 30, "relationship": "head"}],
        }
    )
    tree = ParameterTree(
        [
            _parameter("t.changes", {"2025-01-01": 1.0, "2025-04-01": 2.0}),
            _parameter("t.fixed", {"2024-01-01": 5.0}),
        ]
    )
    return Context(to_arrays([(household, fips)]), np.zeros((1, 3)), tree)


calls: list[str] = []


def fixed(c: Context, when: date) -> np.ndarray:
    calls.append("fixed")
    return np.full(c.shape, float(c.p("t.fixed", when)))


def changes(c: Context, when: date) -> np.ndarray:
    calls.append("changes")
    return c.monthly(fixed, when) + float(c.p("t.changes", when))


def uses_fixed(c: Context, when: date) -> np.ndarray:
    calls.append("uses_fixed")
    return c.monthly(fixed, when) * 2


def last_month(c: Context, when: date) -> np.ndarray:
    calls.append("last_month")
    earlier = date(when.year, max(when.month - 1, 1), 1)
    return np.full(c.shape, float(c.p("t.changes", earlier)))


def test_a_value_is_reused_only_in_months_where_what_it_read_is_unchanged() -> None:
    c = _context()
    calls.clear()
    january = c.monthly(uses_fixed, date(2025, 1, 1))
    assert c.monthly(uses_fixed, date(2025, 9, 1)) is january  # t.fixed never changes
    assert calls == ["uses_fixed", "fixed"]
    calls.clear()
    assert c.monthly(changes, date(2025, 2, 1))[0, 0] == 6.0
    assert c.monthly(changes, date(2025, 3, 1))[0, 0] == 6.0
    assert c.monthly(changes, date(2025, 5, 1))[0, 0] == 7.0  # t.changes from April
    assert calls == ["changes", "changes"]  # fixed is reused in every month


def test_a_value_that_read_another_month_is_not_reused() -> None:
    c = _context()
    calls.clear()
    assert c.monthly(last_month, date(2025, 4, 1))[0, 0] == 1.0  # March's value
    assert c.monthly(last_month, date(2025, 5, 1))[0, 0] == 2.0  # April's
    assert calls == ["last_month", "last_month"]


DOCUMENTS: list[dict[str, Any]] = [
    {
        "year": 2025,
        "state": state,
        "county": county,
        "members": [
            {"id": "a", "age": 34, "relationship": "head", "pregnant": True},
            {
                "id": "b",
                "age": 41,
                "relationship": "spouse",
                "earnings": 12_000,
                "ssdi_monthly": 900,
            },
            {"id": "c", "age": 0, "relationship": "child", "childcare_expense": 9_000},
            {"id": "d", "age": 4, "relationship": "child", "childcare_expense": 0},
            {"id": "e", "age": 9, "relationship": "child", "childcare_expense": 4_000},
            {"id": "f", "age": 12, "relationship": "child", "childcare_expense": 0},
            {"id": "g", "age": 17, "relationship": "child"},
        ],
        "expenses": {"rent": 15_000},
    }
    for state, county in (
        ("FL", "Miami-Dade County"),
        ("GA", "Fulton County"),
        ("AL", "Jefferson County"),
        ("ME", "Cumberland County"),
        ("CT", "Hartford County"),
    )
] + [
    {
        "year": 2025,
        "state": "FL",
        "county": "Leon County",
        "members": [
            {"id": "a", "age": 66, "relationship": "head", "disabled": True},
            {
                "id": "b",
                "age": 62,
                "relationship": "spouse",
                "disabled": True,
                "ssdi_monthly": 1_200,
            },
        ],
        "expenses": {"rent": 9_000},
        "enrolled": ["housing"],
    }
]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: f"{d['state']}-{len(d['members'])}")
def test_each_column_alone_equals_the_column_among_all(document: dict[str, Any]) -> None:
    """A column evaluated by itself (computing only what it needs, in its own order) is
    exactly the column evaluated with every other program sharing its monthly values."""
    arrays = to_arrays([parse_household(document)])
    together = evaluate(arrays, SWEEP, COLUMNS).columns
    for column in COLUMNS:
        alone = evaluate(arrays, SWEEP, [column]).columns[column.name]
        assert np.array_equal(alone, together[column.name]), column.name


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: f"{d['state']}-{len(d['members'])}")
def test_sharing_months_changes_nothing(
    document: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every column is the same when every month of every run is computed afresh."""
    arrays = to_arrays([parse_household(document)])
    shared = evaluate(arrays, SWEEP, COLUMNS).columns
    monkeypatch.setattr(Context, "_reuse", lambda self, rule, when: None)
    fresh = evaluate(arrays, SWEEP, COLUMNS).columns
    for name, values in shared.items():
        assert np.array_equal(values, fresh[name]), name


def test_freed_memory_is_kept_once_per_process() -> None:
    # heap.py: glibc's thresholds are set at most once; elsewhere nothing is done.
    first = keep_freed_memory()
    assert keep_freed_memory() is first
    assert first == (platform.system() == "Linux" and platform.libc_ver()[0] == "glibc")
