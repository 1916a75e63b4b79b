"""Maine individual income tax (36 M.R.S. 5111 ff.; Form 1040ME and its worksheets).

Maine AGI is federal AGI less Social Security (subtracted, 5122(2)). Taxable income is Maine
AGI less the standard deduction (with the additional amount per filer 65 or older; phased out
above an income, 5124-C) and the personal exemptions (5126-A, also phased out), taxed on the
three-rate schedules of 5111 plus, from 2026, the surcharge on very high incomes.

Credits: the earned income credit (5219-S; a share of the federal credit, which Maine also
computes for childless workers aged 18-24; refundable), the dependent exemption tax credit
(5219-SS; refundable from 2024) and the child care credit (5218; a share of the federal
credit allowed, refundable up to $500, the rest only against the tax), and the refundable
sales tax and property tax fairness credits (:mod:`maine_fairness`; renters only).
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.taxes.credits import cdcc, eitc_children, eitc_with_min_age
from openler.benefits.taxes.income_tax import AGED
from openler.benefits.taxes.states.common import (
    agi_without_social_security,
    credits_allowed,
    steps_over,
    tax_by_status,
)
from openler.benefits.taxes.states.maine_fairness import (
    property_tax_fairness_credit,
    sales_tax_fairness_credit,
)
from openler.benefits.taxes.tax_unit import by_status, filer_ages, qualifying_children

ME = "states.me.income_tax"


def _phased(c: Context, amount: np.ndarray, start: str, width: str) -> np.ndarray:
    """The amount less its share (AGI - start) / width, the ratio rounded to four decimals
    and capped at one (the 1040ME phase-out worksheets)."""
    over = c(agi_without_social_security) - by_status(c, c.p(f"{ME}.{start}"))[:, None]
    ratio = np.minimum(
        np.round(np.maximum(over, 0.0) / by_status(c, c.p(f"{ME}.{width}"))[:, None], 4), 1.0
    )
    return np.asarray(amount * (1.0 - ratio))


def standard_deduction(c: Context) -> np.ndarray:
    aged = (filer_ages(c) >= AGED).sum(axis=1)
    full = by_status(c, c.p(f"{ME}.standard_deduction")) + aged * by_status(
        c, c.p(f"{ME}.additional_standard_deduction")
    )
    return _phased(c, full[:, None], "deduction_phase_out_start", "deduction_phase_out_range")


def personal_exemptions(c: Context) -> np.ndarray:
    h = c.h
    filers = (h.present & (h.is_head | h.is_spouse)).sum(axis=1)
    full = filers * float(c.p(f"{ME}.personal_exemption"))
    return _phased(
        c,
        full[:, None],
        "personal_exemption_phase_out_start",
        "personal_exemption_phase_out_range",
    )


def taxable_income(c: Context) -> np.ndarray:
    """Form 1040ME lines 14-19."""
    deductions = c(standard_deduction) + c(personal_exemptions)
    return np.asarray(np.maximum(c(agi_without_social_security) - deductions, 0.0))


def income_tax(c: Context) -> np.ndarray:
    income = c(taxable_income)
    schedule = tax_by_status(c, c.p(f"{ME}.brackets"), income)
    return np.asarray(schedule + tax_by_status(c, c.p(f"{ME}.surcharge"), income))


def earned_income_credit(c: Context) -> np.ndarray:
    """5219-S: a share of the federal EITC (as the household claims it), computed "pro forma"
    for childless workers from 18."""
    if not c.h.counts["eitc"].any():
        return np.zeros(c.shape)
    federal = eitc_with_min_age(c, int(c.p(f"{ME}.eitc.childless_min_age")))
    rate = np.where(
        c(eitc_children) > 0,
        float(c.p(f"{ME}.eitc.match_rate_with_qualifying_child")),
        float(c.p(f"{ME}.eitc.match_rate_no_qualifying_child")),
    )
    return c.counted("eitc", federal * rate[:, None])


def dependent_exemption_credit(c: Context) -> np.ndarray:
    """5219-SS: an amount per dependent (doubled under six from 2025), less a fixed amount per
    step, or fraction of a step, of Maine AGI above the phase-out start; not below zero."""
    dependents = c(qualifying_children)
    if not dependents.any():  # the 2026 amounts are not published: ask only when needed
        return np.zeros(c.shape)
    p = f"{ME}.dependent_exemption_credit"
    weight = np.ones(dependents.shape)
    multiplier = float(c.p(f"{p}.young_child_multiplier"))
    if multiplier != 1:
        weight = np.where(c.h.age < int(c.p(f"{p}.young_child_age_limit")), multiplier, 1.0)
    full = float(c.p(f"{p}.amount")) * (weight * dependents).sum(axis=1)
    start = by_status(c, c.p(f"{p}.phase_out_start"))[:, None]
    steps = steps_over(c(agi_without_social_security), start, float(c.p(f"{p}.phase_out_step")))
    reduction = steps * float(c.p(f"{p}.phase_out_reduction_per_step"))
    return np.asarray(np.maximum(full[:, None] - reduction, 0.0))


def child_care_credit(c: Context) -> np.ndarray:
    """5218: a share of the federal care credit allowed (all of it taken as paid to providers
    not certified as quality care, whose share would be doubled)."""
    return np.asarray(float(c.p(f"{ME}.child_care_credit.rate")) * c(cdcc))


def credits(c: Context) -> np.ndarray:
    refundable = c(sales_tax_fairness_credit) + c(property_tax_fairness_credit)
    nonrefundable = np.zeros(c.shape)
    for rule, flag in (
        (earned_income_credit, "eitc.refundable"),
        (dependent_exemption_credit, "dependent_exemption_credit.refundable"),
    ):
        if c.p(f"{ME}.{flag}"):
            refundable = refundable + c(rule)
        else:
            nonrefundable = nonrefundable + c(rule)
    care = c(child_care_credit)
    care_refunded = np.minimum(care, float(c.p(f"{ME}.child_care_credit.refundable_cap")))
    return credits_allowed(
        c(income_tax), nonrefundable + care - care_refunded, refundable + care_refunded
    )
