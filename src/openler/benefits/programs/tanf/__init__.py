"""TANF cash assistance (42 U.S.C. 601 ff.; 45 CFR Parts 260-265), run by each state.

States set their own need and payment standards, income tests and earned-income disregards
within the federal block grant, so each state's rule is a module here (Florida's Temporary
Cash Assistance, Georgia's TANF, Alabama's Family Assistance, Maine's TANF, Connecticut's
Temporary Family Assistance), sharing the assistance group and its income (`group`) and the
child-care deduction (`care`). A state not yet modelled is refused with a clear error, never
answered with zero. Other programs read the monthly benefit (SNAP counts it as income; WIC and
school meals take it as categorical eligibility) through `monthly_benefit`; Head Start asks
whether the family would be eligible without help with child care
(`monthly_benefit_before_care_help`).
"""

from __future__ import annotations

from datetime import date
from types import ModuleType

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.care_cost import monthly_childcare_cost
from openler.benefits.programs.common import income_support_parameters
from openler.benefits.programs.dispatch import leave_out_hint, state_module
from openler.benefits.programs.tanf import alabama, connecticut, florida, georgia, maine
from openler.benefits.programs.tanf.care import Care
from openler.benefits.programs.tanf.group import has_child

#: Each modelled state's module: a `monthly_benefit(c, when, care)` rule, (H, E) dollars a
#: month, and `DEDUCTS_CARE`, whether it reads ``care`` (the month's child care to deduct).
STATES: dict[str, ModuleType] = {
    "FL": florida,
    "GA": georgia,
    "AL": alabama,
    "ME": maine,
    "CT": connecticut,
}


def _payment(c: Context, when: date, care: Care) -> np.ndarray:
    if not (c.h.counts["tanf"] & c(has_child)).any():
        return np.zeros(c.shape)  # no family here takes TANF: nothing to read
    module = state_module(c, STATES, "tanf", "TANF cash assistance")
    with leave_out_hint("tanf"):
        payment: np.ndarray = module.monthly_benefit(c, when, care)
    return c.counted("tanf", np.where(c(has_child)[:, None], payment, 0.0))


def _care_paid(c: Context) -> np.ndarray:
    # Imported here: the care paid depends on Head Start, whose module imports this one.
    from openler.benefits.programs.childcare import monthly_childcare_paid

    return c(monthly_childcare_paid)


def monthly_benefit(c: Context, when: date) -> np.ndarray:
    """The month's TANF payment where the household counts TANF, else 0, (H, E)."""
    return _payment(c, when, _care_paid)


def deducts_care(c: Context) -> bool:
    """Whether the household's state deducts child care from earnings for TANF."""
    module = STATES.get(c.h.state)
    return bool(module is not None and module.DEDUCTS_CARE)


def monthly_benefit_before_care_help(c: Context, when: date) -> np.ndarray:
    """The month's TANF payment if the family paid its whole child care cost itself, (H, E):
    the care deduction reads the cost before Head Start and CCDF. Head Start's categorical test
    (45 CFR 1302.12(c)(1)(ii): eligible "or, in the absence of child care, would be potentially
    eligible for" public assistance). At least the payment: a larger deduction never lowers it.
    """
    if not deducts_care(c):
        return c.monthly(monthly_benefit, when)
    return _payment(c, when, monthly_childcare_cost)


def received(c: Context, when: date) -> np.ndarray:
    """Whether the family receives TANF this month (other programs' categorical eligibility),
    (H, E)."""
    return np.asarray(c.monthly(monthly_benefit, when) > 0)


def received_before_care_help(c: Context, when: date) -> np.ndarray:
    """Whether the family would receive TANF this month if it paid all its child care, (H, E)."""
    return np.asarray(c.monthly(monthly_benefit_before_care_help, when) > 0)


def tanf(c: Context) -> np.ndarray:
    """Annual TANF cash assistance, (H, E)."""
    return c.over_year(monthly_benefit, income_support_parameters(c))
