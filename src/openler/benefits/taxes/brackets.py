"""Progressive rate schedules, vectorized."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def schedule_arrays(brackets: Sequence[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    thresholds = np.array([float(b["threshold"]) for b in brackets])
    rates = np.array([float(b["rate"]) for b in brackets])
    return thresholds, rates


def tax_on(income: np.ndarray, thresholds: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """Tax on ``income`` under one schedule: each rate applies to the slice above its threshold.

    ``thresholds`` and ``rates`` are (K,) for one schedule or (H, K) for one per household
    (broadcast against ``income`` of shape (H, E)).
    """
    if thresholds.ndim == 1:
        thresholds, rates = thresholds[None, :], rates[None, :]
    upper = np.concatenate([thresholds[:, 1:], np.full((thresholds.shape[0], 1), np.inf)], axis=1)
    width = upper - thresholds  # (H, K)
    slices = np.clip(income[..., None] - thresholds[:, None, :], 0.0, width[:, None, :])
    return np.asarray((slices * rates[:, None, :]).sum(axis=-1))
