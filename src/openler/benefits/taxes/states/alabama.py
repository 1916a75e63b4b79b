"""Alabama individual income tax (Ala. Code 40-18-5, -14, -15, -19; Form 40).

Alabama AGI is federal AGI less Social Security, which Alabama does not tax (ALDOR, "What
income is exempt from Alabama income taxation?").
Taxable income is Alabama AGI less the optional standard deduction (falling with AGI) or,
where larger, the itemized deduction of the filers' Social Security and Medicare taxes, the
deduction for federal income tax (the liability after all federal credits, refundable ones
included: 40-18-15(a)(2)), the personal exemption and the dependent exemption (by AGI,
40-18-19). Alabama has no earned income, child or care credit for individuals, so
``credits`` is zero (checked against the parameters that say so).
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.taxes.credits import ctc_refundable, eitc, federal_income_tax_after_credits
from openler.benefits.taxes.payroll import medicare_tax_of, social_security_tax_of
from openler.benefits.taxes.states.common import (
    agi_without_social_security,
    step_amount,
    tax_by_status,
)
from openler.benefits.taxes.tax_unit import by_status, in_unit, qualifying_children, unit_earnings
from openler.errors import NotBuiltError

AL = "states.al.income_tax"


def standard_deduction(c: Context) -> np.ndarray:
    """40-18-15(b): the maximum less an amount per whole step of AGI over the start (the
    chart's rows), never below the minimum."""
    top = by_status(c, c.p(f"{AL}.standard_deduction"))[:, None]
    start = by_status(c, c.p(f"{AL}.standard_deduction_phase_out_start"))[:, None]
    step = by_status(c, c.p(f"{AL}.standard_deduction_phase_out_step"))[:, None]
    amount = by_status(c, c.p(f"{AL}.standard_deduction_phase_out_amount"))[:, None]
    floor = by_status(c, c.p(f"{AL}.standard_deduction_minimum"))[:, None]
    steps = np.floor(np.maximum(c(agi_without_social_security) - start, 0.0) / step)
    return np.asarray(np.maximum(top - amount * steps, floor))


def deduction(c: Context) -> np.ndarray:
    """The standard deduction, or itemized deductions where larger: of these only the
    filers' own Social Security and Medicare taxes are modelled (40-18-15(a)(3))."""
    if not c.p(f"{AL}.payroll_taxes_itemizable"):
        return c(standard_deduction)
    payroll = social_security_tax_of(c, c(in_unit)) + medicare_tax_of(c, c(unit_earnings))
    return np.asarray(np.maximum(c(standard_deduction), payroll))


def federal_tax_deduction(c: Context) -> np.ndarray:
    """Federal Income Tax Deduction Worksheet: the federal tax after nonrefundable credits
    less the refundable EITC and additional child tax credit, never below zero."""
    if not c.p(f"{AL}.federal_income_tax_deductible"):
        return np.zeros(c.shape)
    refunds = c.counted("eitc", c(eitc)) + c(ctc_refundable)
    return np.asarray(np.maximum(c(federal_income_tax_after_credits) - refunds, 0.0))


def taxable_income(c: Context) -> np.ndarray:
    """Form 40 lines 10-19."""
    agi = c(agi_without_social_security)
    personal = by_status(c, c.p(f"{AL}.personal_exemption"))[:, None]
    each_dependent = step_amount(c.p(f"{AL}.dependent_exemption"), agi, above=False)
    dependents = each_dependent * c(qualifying_children).sum(axis=1)[:, None]
    deductions = c(deduction) + c(federal_tax_deduction) + personal + dependents
    return np.asarray(np.maximum(agi - deductions, 0.0))


def income_tax(c: Context) -> np.ndarray:
    return tax_by_status(c, c.p(f"{AL}.brackets"), c(taxable_income))


def credits(c: Context) -> np.ndarray:
    if c.p(f"{AL}.eitc_available") or c.p(f"{AL}.cdcc_available"):
        raise NotBuiltError("An Alabama individual credit is not modelled.", field="state")
    return np.zeros(c.shape)
