"""CCDF child care subsidies (42 U.S.C. 9858 ff.; 45 CFR Part 98), run by each state.

States set their own income limits, copayment scales and payment rates within the federal
rules, so each state's subsidy is a module here; a state not yet modelled is refused with a
clear error, never answered with zero. The subsidy is valued as the childcare cost it covers:
the cost left after Head Start, less the family's copayment.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from openler.benefits.engine import Context, Rule
from openler.benefits.programs.ccdf import alabama, connecticut, florida, georgia, maine
from openler.benefits.programs.dispatch import leave_out_hint, state_module

#: Each modelled state's module: `ccdf`, `ccdf_waitlisted` and `ccdf_copay_assumed` rules.
STATES: dict[str, ModuleType] = {
    "FL": florida,
    "GA": georgia,
    "AL": alabama,
    "ME": maine,
    "CT": connecticut,
}


def ccdf(c: Context) -> np.ndarray:
    """Annual CCDF subsidy, (H, E)."""
    if not c.h.counts["ccdf"].any():
        return np.zeros(c.shape)
    module = state_module(c, STATES, "ccdf", "The child care subsidy (CCDF)")
    with leave_out_hint("ccdf"):
        return c(module.ccdf)


def _detail(c: Context, name: str) -> np.ndarray:
    module = STATES.get(c.h.state)
    if module is None or not c.h.counts["ccdf"].any():
        return np.zeros(c.shape)
    rule: Rule = getattr(module, name)
    return c(rule)


def ccdf_waitlisted(c: Context) -> np.ndarray:
    """Families counted as served who may wait for funding (1 or 0), (H, E)."""
    return _detail(c, "ccdf_waitlisted")


def ccdf_copay_assumed(c: Context) -> np.ndarray:
    """Months whose copayment is an assumption, not the state's scale (a count), (H, E)."""
    return _detail(c, "ccdf_copay_assumed")
