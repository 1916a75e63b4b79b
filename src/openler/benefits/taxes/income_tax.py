"""Federal income tax before credits: adjusted gross income, deductions, the rate schedule.

26 U.S.C. 1 (rates, indexed by 1(f) and made permanent from 2026 by P.L. 119-21), 26 U.S.C. 63
(standard deduction; for 2025 as amended by P.L. 119-21 section 70102), 26 U.S.C. 86 (the
taxable part of Social Security benefits), 26 U.S.C. 151(f) (the 2025-2028 deduction for
seniors, P.L. 119-21 section 70103).
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.ssdi import ssdi_received
from openler.benefits.taxes.brackets import schedule_arrays, tax_on
from openler.benefits.taxes.tax_unit import (
    STATUS_KEYS,
    by_status,
    filer_ages,
    filing_status,
    in_unit,
    unit_earnings,
)

INCOME_TAX = "federal.irs.income_tax"
# 26 U.S.C. 86(c): base amounts for the taxable part of Social Security benefits. Fixed in the
# statute since 1983 (first tier) and 1993 (second tier), never indexed.
SS_BASE_1 = {"single": 25_000.0, "joint": 32_000.0, "head_of_household": 25_000.0}
SS_BASE_2 = {"single": 34_000.0, "joint": 44_000.0, "head_of_household": 34_000.0}
# 26 U.S.C. 63(f)(1): the additional standard deduction is for those 65 or older at year end.
AGED = 65


def unit_social_security(c: Context) -> np.ndarray:
    """Annual Social Security (SSDI) benefits the tax unit receives, (H, E)."""
    return ssdi_received(c, in_unit(c))


def taxable_social_security(c: Context) -> np.ndarray:
    """26 U.S.C. 86: up to 50%, then up to 85%, of benefits as provisional income rises."""
    if not c(unit_social_security).any():
        return np.zeros(c.shape)
    benefits = c(unit_social_security)
    provisional = c(unit_earnings) + 0.5 * benefits
    base1 = by_status(c, SS_BASE_1)[:, None]
    base2 = by_status(c, SS_BASE_2)[:, None]
    tier1 = np.minimum(0.5 * benefits, 0.5 * np.maximum(provisional - base1, 0.0))
    tier1_capped = np.minimum(tier1, 0.5 * (base2 - base1))
    tier2 = 0.85 * np.maximum(provisional - base2, 0.0) + tier1_capped
    taxable = np.where(provisional > base2, np.minimum(0.85 * benefits, tier2), tier1)
    return np.asarray(taxable)


def adjusted_gross_income(c: Context) -> np.ndarray:
    """Earnings plus the taxable part of Social Security (the only incomes we model)."""
    return np.asarray(c(unit_earnings) + c(taxable_social_security))


def standard_deduction(c: Context) -> np.ndarray:
    """Basic standard deduction by status plus the additional amount per filer 65 or older."""
    basic = by_status(c, c.p(f"{INCOME_TAX}.standard_deduction"))
    per_person = by_status(c, c.p(f"{INCOME_TAX}.additional_standard_deduction"))
    aged = (filer_ages(c) >= AGED).sum(axis=1)
    return np.asarray(basic + aged * per_person)


def senior_deduction(c: Context) -> np.ndarray:
    """26 U.S.C. 151(f), 2025-2028: per filer 65+, reduced by 6% of MAGI above a threshold."""
    amount = by_status(c, c.p(f"{INCOME_TAX}.senior_deduction_amount"))
    if not amount.any():  # before 2025 the deduction did not exist (amount 0)
        return np.zeros(c.shape)
    threshold = by_status(c, c.p(f"{INCOME_TAX}.senior_deduction_phase_out_threshold"))
    rate = float(c.p(f"{INCOME_TAX}.senior_deduction_phase_out_rate"))
    seniors = (filer_ages(c) >= AGED).sum(axis=1)
    reduction = rate * np.maximum(c(adjusted_gross_income) - threshold[:, None], 0.0)
    each = np.maximum(amount[:, None] - reduction, 0.0)
    return np.asarray(each * seniors[:, None])


def taxable_income(c: Context) -> np.ndarray:
    deductions = c(standard_deduction)[:, None] + c(senior_deduction)
    return np.asarray(np.maximum(c(adjusted_gross_income) - deductions, 0.0))


def income_tax_before_credits(c: Context) -> np.ndarray:
    schedules = c.p(f"{INCOME_TAX}.brackets")
    arrays = [schedule_arrays(schedules[key]) for key in STATUS_KEYS]
    thresholds = np.stack([t for t, _ in arrays])[filing_status(c)]
    rates = np.stack([r for _, r in arrays])[filing_status(c)]
    return tax_on(c(taxable_income), thresholds, rates)
