"""Connecticut income tax (Conn. Gen. Stat. 12-700 ff.; Form CT-1040, Tax Calculation
Schedule Tables A-E).

Connecticut AGI is federal AGI less the Social Security adjustment (all the taxable benefits
below a federal AGI threshold; above it, all but 25% of the lesser of the benefits and their
excess over the federal base amount). The exemption (Table A) falls $1,000 per $1,000 of AGI
over its start. The tax is Table B's rates on taxable income, plus the add-back that phases
out the 2% rate (Table C) and the recapture tiers (Table D), less the personal tax credit
(Table E), a decimal of that tax set by AGI.

The personal tax credit is part of ``income_tax``, not of ``credits``: the Tax Calculation
Schedule subtracts it before the return's "Connecticut income tax" line (CT-1040 line 6), it
is a share of the tax (never more) and not a benefit of its own; counting it in the tax
keeps the column equal to what the return calls the tax. ``credits`` is the earned income
tax credit (12-704e: a share of the federal credit plus, from 2025, a flat amount for a
filer with a qualifying child; refundable). The property tax credit (12-704c) needs the
property or motor vehicle tax paid, which the household does not give: not modelled.
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.taxes.credits import eitc, eitc_children
from openler.benefits.taxes.income_tax import (
    SS_BASE_1,
    adjusted_gross_income,
    taxable_social_security,
    unit_social_security,
)
from openler.benefits.taxes.states.common import (
    credits_allowed,
    step_amount_by_status,
    steps_over,
    tax_by_status,
)
from openler.benefits.taxes.tax_unit import by_status, unit_earnings

CT = "states.ct.income_tax"


def social_security_adjustment(c: Context) -> np.ndarray:
    """Schedule 1 line 41: the Social Security Benefit Adjustment Worksheet."""
    taxable = c(taxable_social_security)
    if not taxable.any():
        return np.zeros(c.shape)
    benefits = c(unit_social_security)
    # Federal worksheet line 9: combined income over the base amount.
    excess = c(unit_earnings) + 0.5 * benefits - by_status(c, SS_BASE_1)[:, None]
    kept = float(c.p(f"{CT}.social_security_adjustment_rate")) * np.maximum(
        np.minimum(benefits, excess), 0.0
    )
    threshold = by_status(c, c.p(f"{CT}.social_security_adjustment_threshold"))[:, None]
    below = c(adjusted_gross_income) < threshold
    return np.asarray(np.where(below, taxable, np.maximum(taxable - kept, 0.0)))


def connecticut_agi(c: Context) -> np.ndarray:
    return np.asarray(c(adjusted_gross_income) - c(social_security_adjustment))


def taxable_income(c: Context) -> np.ndarray:
    """Tax Calculation Schedule lines 1-3: AGI less the exemption of Table A."""
    agi = c(connecticut_agi)
    step = float(c.p(f"{CT}.personal_exemption_phase_out_step"))
    start = by_status(c, c.p(f"{CT}.personal_exemption_phase_out_start"))[:, None]
    full = by_status(c, c.p(f"{CT}.personal_exemption"))[:, None]
    exemption = np.maximum(full - step * steps_over(agi, start, step), 0.0)
    return np.asarray(np.maximum(agi - exemption, 0.0))


def _stepped(c: Context, name: str) -> np.ndarray:
    """An amount per step (or fraction of a step) of AGI over a start, up to a maximum:
    the shape of Table C and of each tier of Table D."""
    start = by_status(c, c.p(f"{CT}.{name}_start"))[:, None]
    step = by_status(c, c.p(f"{CT}.{name}_step"))[:, None]
    amount = by_status(c, c.p(f"{CT}.{name}_amount"))[:, None]
    top = by_status(c, c.p(f"{CT}.{name}_max"))[:, None]
    return np.asarray(np.minimum(amount * steps_over(c(connecticut_agi), start, step), top))


def tax_before_personal_credit(c: Context) -> np.ndarray:
    """Lines 4-7: Table B, the 2% rate add-back (Table C) and the recapture (Table D)."""
    initial = tax_by_status(c, c.p(f"{CT}.brackets"), c(taxable_income))
    recapture = sum(_stepped(c, f"recapture_{tier}_tier") for tier in ("first", "second", "third"))
    return np.asarray(initial + _stepped(c, "bottom_rate_add_back") + recapture)


def income_tax(c: Context) -> np.ndarray:
    """Lines 8-11: less the personal tax credit, Table E's decimal (by AGI, each row for AGI
    more than its threshold) of the tax."""
    decimal = step_amount_by_status(
        c, c.p(f"{CT}.personal_credit_rate"), c(connecticut_agi), above=True
    )
    return np.asarray(c(tax_before_personal_credit) * (1.0 - decimal))


def earned_income_credit(c: Context) -> np.ndarray:
    """12-704e: a share of the federal EITC the household claims, plus the flat amount for
    a filer with a qualifying child who gets it."""
    federal = c.counted("eitc", c(eitc))
    bonus = float(c.p(f"{CT}.eitc.child_bonus")) * (c(eitc_children) > 0)[:, None] * (federal > 0)
    return np.asarray(float(c.p(f"{CT}.eitc.match_rate")) * federal + bonus)


def credits(c: Context) -> np.ndarray:
    credit = c(earned_income_credit)
    if c.p(f"{CT}.eitc.refundable"):
        return credits_allowed(c(income_tax), np.zeros(c.shape), credit)
    return credits_allowed(c(income_tax), credit, np.zeros(c.shape))
