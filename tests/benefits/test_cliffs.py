"""Cliff analysis on sweeps whose answers are worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from openler.benefits.cliffs import break_even, find_cliffs, marginal_tax_rates

EARNINGS = np.array([0.0, 10_000, 20_000, 30_000, 40_000, 50_000])


def test_losing_less_than_the_raise_is_not_a_cliff() -> None:
    # A 7,000 subsidy lost on a 10,000 raise: net 27,000 -> 30,000 still rises.
    subsidy = np.array([[7_000.0, 7_000, 7_000, 0, 0, 0]])
    assert find_cliffs(EARNINGS, EARNINGS + subsidy, {"childcare": subsidy}) == []


def test_a_real_cliff_and_its_break_even() -> None:
    # A 15,000 subsidy lost above 20,000: net 15,000 / 25,000 / 35,000 / 30,000 / 40,000 / 50,000.
    subsidy = np.array([[15_000.0, 15_000, 15_000, 0, 0, 0]])
    net = EARNINGS + subsidy
    (cliff,) = find_cliffs(EARNINGS, net, {"childcare": subsidy, "earnings": EARNINGS[None, :]})
    assert (cliff.earnings_before, cliff.earnings_after) == (20_000, 30_000)
    assert cliff.loss == 5_000
    # Back to 35,000 of net resources: between 30,000 (net 30,000) and 40,000 (net 40,000),
    # at 30,000 + (35,000 - 30,000) / (40,000 - 30,000) * 10,000 = 35,000.
    assert cliff.break_even == pytest.approx(35_000)
    assert cliff.causes == {"childcare": -15_000, "earnings": 10_000}


def test_break_even_beyond_the_sweep_is_none() -> None:
    net = np.array([10.0, 100, 50, 60, 70])
    assert break_even(np.arange(5.0), net, 1, 100.0) is None


def test_marginal_rates() -> None:
    # Keeping 70 cents of each extra dollar is a 30% marginal rate; losing 5,000 on a
    # 10,000 raise is a 150% rate.
    net = np.array([[0.0, 7_000, 14_000, 9_000, 16_000, 23_000]])
    rates = marginal_tax_rates(EARNINGS, net)
    assert rates[0].tolist() == pytest.approx([0.3, 0.3, 1.5, 0.3, 0.3])


@given(st.lists(st.floats(-1e5, 1e5), min_size=2, max_size=30))
def test_no_cliffs_when_net_never_falls(steps: list[float]) -> None:
    net = np.cumsum(np.abs(steps))[None, :]
    earnings = np.arange(net.shape[1], dtype=float) * 1000
    assert find_cliffs(earnings, net) == []
