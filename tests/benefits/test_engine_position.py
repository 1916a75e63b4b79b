"""engine.position: searchsorted's indices by counting, NaN values included."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pytest

from openler.benefits.engine import position


@pytest.mark.parametrize("side", ["left", "right"])
def test_position_is_searchsorted(side: Literal["left", "right"]) -> None:
    rng = np.random.default_rng(3)
    thresholds = np.array([-np.inf, 0.0, 0.0, 10.0, 11_600.0, 47_150.0, np.inf])
    values = rng.choice([-5.0, -0.0, 0.0, 10.0, 11_600.0, 20_000.0, 1e9, np.inf, np.nan], (40, 7))
    values[:, 0] = rng.uniform(-100, 60_000, 40)
    for bounds in (thresholds, thresholds[1:4], thresholds[:0]):
        expected = np.searchsorted(bounds, values, side=side)
        found = position(bounds, values, side=side)
        assert found.dtype == np.intp
        assert np.array_equal(found, expected)
