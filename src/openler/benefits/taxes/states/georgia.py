"""Georgia individual income tax (O.C.G.A. 48-7-20 ff.; Form 500 and the IT-511 booklet).

Georgia AGI is federal AGI less the Social Security it includes (subtracted on Schedule 1,
IT-511) and less the
retirement exclusion, which for a filer 62 or older (or disabled) covers up to $5,000 of
his or her own earnings (48-7-27(a)(5)). Taxable income is Georgia AGI less the standard
deduction and $4,000 per dependent (48-7-26; no personal exemption from 2024), taxed at one
flat rate. Credits, all nonrefundable: the low-income credit (48-7A-3), the child and
dependent care credit as a share of the federal credit allowed (48-7-29.10) and, from 2026,
the $250 credit per child under six (HB 136 of 2025).
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context, earnings_of
from openler.benefits.taxes.credits import cdcc
from openler.benefits.taxes.income_tax import adjusted_gross_income
from openler.benefits.taxes.states.common import (
    agi_without_social_security,
    credits_allowed,
    step_amount,
    tax_by_status,
)
from openler.benefits.taxes.tax_unit import by_status, filer_ages, qualifying_children
from openler.errors import NotBuiltError

GA = "states.ga.income_tax"


def retirement_exclusion(c: Context) -> np.ndarray:
    """Each filer 62 or older, or disabled, excludes his or her earnings up to the cap."""
    h = c.h
    cap = float(c.p(f"{GA}.retirement_exclusion_earned_income_cap"))
    old_enough = h.age >= int(c.p(f"{GA}.retirement_exclusion_min_age"))
    eligible = h.present & (old_enough | h.disabled)
    total = np.zeros(c.shape)
    for filer in (h.is_head, h.is_spouse):
        total += np.minimum(earnings_of(c, eligible & filer), cap)
    return total


def georgia_agi(c: Context) -> np.ndarray:
    return np.asarray(c(agi_without_social_security) - c(retirement_exclusion))


def taxable_income(c: Context) -> np.ndarray:
    """Form 500 lines 8-15: Georgia AGI less the standard deduction and the exemptions."""
    deduction = by_status(c, c.p(f"{GA}.standard_deduction"))
    personal = by_status(c, c.p(f"{GA}.personal_exemption"))
    dependents = c(qualifying_children).sum(axis=1) * float(c.p(f"{GA}.dependent_exemption"))
    allowed = deduction + personal + dependents
    return np.asarray(np.maximum(c(georgia_agi) - allowed[:, None], 0.0))


def income_tax(c: Context) -> np.ndarray:
    return tax_by_status(c, c.p(f"{GA}.brackets"), c(taxable_income))


def low_income_credit(c: Context) -> np.ndarray:
    """48-7A-3(b): an amount by federal AGI for the filers and each child, a filer 65 or older
    counting twice; children are the dependents claimed (IT-511 worksheet: the exemptions
    of Form 500 line 7). The exclusion of some persons in 48-7A-3(e) is not modelled."""
    h = c.h
    ages = filer_ages(c)
    double_age = int(c.p(f"{GA}.low_income_credit_double_age"))
    filers = (h.present & (h.is_head | h.is_spouse)).sum(axis=1) + (ages >= double_age).sum(axis=1)
    people = filers + c(qualifying_children).sum(axis=1)
    each = step_amount(c.p(f"{GA}.low_income_credit"), c(adjusted_gross_income), above=False)
    return np.asarray(each * people[:, None])


def child_credit(c: Context) -> np.ndarray:
    """HB 136 (2025): a flat amount per child younger than six, from tax year 2026."""
    amount = float(c.p(f"{GA}.child_tax_credit_amount"))
    if amount == 0:
        return np.zeros(c.shape)
    young = c(qualifying_children) & (c.h.age < int(c.p(f"{GA}.child_tax_credit_max_age")))
    return c.broadcast(amount * young.sum(axis=1).astype(float))


def credits(c: Context) -> np.ndarray:
    if c.p(f"{GA}.eitc_available"):
        raise NotBuiltError("The Georgia earned income tax credit is not modelled.", field="state")
    care = float(c.p(f"{GA}.cdcc_rate")) * c(cdcc)
    nonrefundable = c(low_income_credit) + care
    refundable = np.zeros(c.shape)
    if float(c.p(f"{GA}.child_tax_credit_amount")) and c.p(f"{GA}.child_tax_credit_refundable"):
        refundable = refundable + c(child_credit)
    else:
        nonrefundable = nonrefundable + c(child_credit)
    return credits_allowed(c(income_tax), nonrefundable, refundable)
