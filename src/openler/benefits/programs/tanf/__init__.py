"""TANF cash assistance (42 U.S.C. 601 ff.; 45 CFR Parts 260-265), run by each state.

States set their own need and payment standards, income tests and earned-income disregards
within the federal block grant, so each state's rule is a module here (Florida's Temporary
Cash Assistance, Georgia's TANF, Alabama's Family Assistance, Maine's TANF, Connecticut's
Temporary Family Assistance), sharing the assistance group and its income (`group`). A state
not yet modelled is refused with a clear error, never answered with zero. Other programs read
the monthly benefit (SNAP counts it as income; WIC, school meals and Head Start take it as
categorical eligibility) through `monthly_benefit`.
"""

from __future__ import annotations

from datetime import date
from types import ModuleType

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.common import income_support_parameters
from openler.benefits.programs.dispatch import leave_out_hint, state_module
from openler.benefits.programs.tanf import alabama, connecticut, florida, georgia, maine
from openler.benefits.programs.tanf.group import has_child

#: Each modelled state's module: a `monthly_benefit(c, when)` rule, (H, E) dollars a month.
STATES: dict[str, ModuleType] = {
    "FL": florida,
    "GA": georgia,
    "AL": alabama,
    "ME": maine,
    "CT": connecticut,
}


def monthly_benefit(c: Context, when: date) -> np.ndarray:
    """The month's TANF payment where the household counts TANF, else 0, (H, E)."""
    if not (c.h.counts["tanf"] & c(has_child)).any():
        return np.zeros(c.shape)  # no family here takes TANF: nothing to read
    module = state_module(c, STATES, "tanf", "TANF cash assistance")
    with leave_out_hint("tanf"):
        payment: np.ndarray = module.monthly_benefit(c, when)
    return c.counted("tanf", np.where(c(has_child)[:, None], payment, 0.0))


def received(c: Context, when: date) -> np.ndarray:
    """Whether the family receives TANF this month (other programs' categorical eligibility),
    (H, E)."""
    return np.asarray(c.monthly(monthly_benefit, when) > 0)


def tanf(c: Context) -> np.ndarray:
    """Annual TANF cash assistance, (H, E)."""
    return c.over_year(monthly_benefit, income_support_parameters(c))
