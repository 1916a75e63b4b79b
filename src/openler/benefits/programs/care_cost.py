"""The cost of a family's childcare before any help.

A child's care cost is covered at most once: Head Start first, for its hours
(head_start.childcare_after_head_start); the CCDF subsidy (programs/ccdf) for the rest; never
more than the cost. What is left after both is what the family pays (programs/childcare.py).
This module reads no program, so that any rule may ask for the cost before help (TANF's
Head Start test, for one) without depending on the help itself.
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.care_market_rate import (
    care_children,
    default_child_costs,
    parents_work,
)

__all__ = ["care_children", "childcare_cost", "monthly_childcare_cost"]


def childcare_cost(c: Context) -> np.ndarray:
    """Annual care cost before any help, (H, E): the household's `expenses.childcare`, or the
    sum of its children's `childcare_expense` plus the market-rate default for children in
    care without one where every parent works (programs/care_market_rate.py)."""
    listed = (c.h.childcare_expense * c(care_children)).sum(axis=1)
    default = c(default_child_costs).sum(axis=1)
    own = c.h.expenses["childcare"]
    if default.any():
        cost = listed[:, None] + default[:, None] * c(parents_work)
    else:  # no market-rate default in the batch: the listed costs at every point
        cost = np.broadcast_to(listed[:, None], c.shape)
    given = ~np.isnan(own)
    if not given.any():
        return np.asarray(cost)
    return np.asarray(np.where(given[:, None], own[:, None], cost))


def monthly_childcare_cost(c: Context) -> np.ndarray:
    """A month's share of the care cost before any help, (H, E)."""
    return np.asarray(c(childcare_cost) / 12)
