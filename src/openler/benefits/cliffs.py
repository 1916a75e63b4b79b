"""Cliffs, marginal rates and break-even incomes, from net resources along an earnings sweep.

A *cliff* is a step up in earnings that leaves the family with fewer net resources than
before: the raise costs more in lost benefits and added taxes than it brings. Its
*break-even* income is the lowest higher earnings at which the family is back to the net
resources it had just before the cliff (linear between sweep points), or None when that is
beyond the sweep.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

#: A drop of net resources of at least this much (dollars a year) between steps is a cliff.
MIN_CLIFF = 1.0


@dataclass(frozen=True)
class Cliff:
    household: int
    earnings_before: float
    earnings_after: float
    net_before: float
    net_after: float
    break_even: float | None
    causes: dict[str, float]  # column -> change in that column across the step (negative: lost)

    @property
    def loss(self) -> float:
        return self.net_before - self.net_after


def marginal_tax_rates(earnings: np.ndarray, net: np.ndarray) -> np.ndarray:
    """1 - d(net)/d(earnings) between consecutive sweep points, shape (H, E-1).

    A rate of 0.3 means 30 cents of each extra dollar is lost to taxes and benefit
    reductions; above 1, a raise leaves the family worse off.
    """
    step = np.diff(np.broadcast_to(earnings, net.shape), axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = 1.0 - np.diff(net, axis=-1) / step
    return np.where(step > 0, rates, np.nan)


def break_even(earnings: np.ndarray, net: np.ndarray, start: int, level: float) -> float | None:
    """Lowest earnings after point ``start`` where ``net`` is back to ``level``, interpolated."""
    after = net[start + 1 :]
    reached = np.nonzero(after >= level)[0]
    if reached.size == 0:
        return None
    j = start + 1 + int(reached[0])
    x0, x1, y0, y1 = earnings[j - 1], earnings[j], net[j - 1], net[j]
    if y1 == y0:
        return float(x1)
    return float(x0 + (level - y0) * (x1 - x0) / (y1 - y0))


def find_cliffs(
    earnings: np.ndarray,
    net: np.ndarray,
    columns: Mapping[str, np.ndarray] | None = None,
    min_loss: float = MIN_CLIFF,
) -> list[Cliff]:
    """Every step of the sweep where net resources fall, for every household.

    ``earnings`` is the sweep, shape (E,) or (H, E); ``net`` is (H, E); ``columns`` are the
    items of net resources (benefits positive, taxes and expenses as signed contributions),
    used to say which programs caused each cliff.
    """
    grid = np.broadcast_to(earnings, net.shape)
    drops = np.diff(net, axis=-1) <= -min_loss
    cliffs = []
    for h, e in zip(*np.nonzero(drops), strict=True):
        causes = {}
        for name, values in (columns or {}).items():
            change = float(values[h, e + 1] - values[h, e])
            if abs(change) >= min_loss:
                causes[name] = change
        cliffs.append(
            Cliff(
                household=int(h),
                earnings_before=float(grid[h, e]),
                earnings_after=float(grid[h, e + 1]),
                net_before=float(net[h, e]),
                net_after=float(net[h, e + 1]),
                break_even=break_even(grid[h], net[h], int(e), float(net[h, e])),
                causes=causes,
            )
        )
    return cliffs
