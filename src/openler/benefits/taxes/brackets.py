"""Progressive rate schedules, vectorized."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from openler.benefits.engine import position


def schedule_arrays(brackets: Sequence[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    thresholds = np.array([float(b["threshold"]) for b in brackets])
    rates = np.array([float(b["rate"]) for b in brackets])
    return thresholds, rates


def tax_on(income: np.ndarray, thresholds: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """Tax on ``income`` (H, E) under one schedule (K,) or one per household (H, K).

    Each rate applies to the slice of income above its threshold. Computed as the tax due at
    the bottom of the income's bracket plus the bracket's rate on the rest, so that no
    (H, E, K) array is built.
    """
    if thresholds.ndim == 1:
        return _tax_one_schedule(income, thresholds, rates)
    out = np.empty_like(income, dtype=float)
    # Households grouped by schedule (a few filing statuses), each row's bytes as one value:
    # np.unique of those sorts H values (np.unique(axis=0) sorts rows, several times slower,
    # and a dict of row.tobytes() loops in Python over the rows).
    rows_bytes = np.ascontiguousarray(thresholds).view(
        np.dtype((np.void, thresholds.dtype.itemsize * thresholds.shape[1]))
    )
    _, first, which = np.unique(rows_bytes.ravel(), return_index=True, return_inverse=True)
    which = which.reshape(-1)
    for group, k in enumerate(first):
        rows = which == group
        out[rows] = _tax_one_schedule(income[rows], thresholds[k], rates[k])
    return out


def _tax_one_schedule(income: np.ndarray, thresholds: np.ndarray, rates: np.ndarray) -> np.ndarray:
    widths = np.diff(thresholds)
    base = np.concatenate([[0.0], np.cumsum(widths * rates[:-1])])  # tax at each threshold
    # The bracket: how many thresholds after the first the income has reached (0 below the
    # second, whatever lies below the first).
    k = position(thresholds[1:], income, side="right")
    return np.asarray(np.take(base, k) + np.take(rates, k) * (income - np.take(thresholds, k)))
