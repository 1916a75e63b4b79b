from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from openler.benefits.taxes.brackets import tax_on

THRESHOLDS = np.array([0.0, 11_925, 48_475, 103_350, 197_300, 250_525, 626_350])
RATES = np.array([0.10, 0.12, 0.22, 0.24, 0.32, 0.35, 0.37])


def slice_by_slice(income: float) -> float:
    """The definition: each rate on the part of income inside its bracket."""
    total = 0.0
    for k, rate in enumerate(RATES):
        top = THRESHOLDS[k + 1] if k + 1 < len(THRESHOLDS) else np.inf
        total += rate * max(0.0, min(income, top) - THRESHOLDS[k])
    return total


def test_worked_example() -> None:
    # 2025 single, 50,000 of taxable income reaches the 22% bracket:
    # 10% x 11,925 + 12% x (48,475 - 11,925) + 22% x (50,000 - 48,475)
    # = 1,192.50 + 4,386 + 335.50 = 5,914
    assert tax_on(np.array([[50_000.0]]), THRESHOLDS, RATES)[0, 0] == 5_914


@given(st.lists(st.floats(0, 2_000_000), min_size=1, max_size=20))
def test_matches_the_definition(incomes: list[float]) -> None:
    got = tax_on(np.array([incomes]), THRESHOLDS, RATES)[0]
    expected = [slice_by_slice(x) for x in incomes]
    assert np.allclose(got, expected, rtol=1e-12, atol=1e-6)


def test_per_household_schedules() -> None:
    other = THRESHOLDS * 2
    thresholds = np.stack([THRESHOLDS, other, THRESHOLDS])
    rates = np.stack([RATES, RATES, RATES])
    income = np.array([[30_000.0], [30_000.0], [0.0]])
    got = tax_on(income, thresholds, rates)[:, 0]
    # 10% x 11,925 + 12% x 18,075 = 3,361.50 ; doubled thresholds: 10% x 23,850 + 12% x 6,150
    assert got.tolist() == [3_361.5, 3_123.0, 0.0]
