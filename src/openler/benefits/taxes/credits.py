"""Federal credits: the Child and Dependent Care Credit, the Child Tax Credit (with its
refundable part, the Additional Child Tax Credit) and the Earned Income Tax Credit.

Nonrefundable credits reduce the tax to no less than zero, in the order of Form 1040 and
Schedule 8812's Credit Limit Worksheet: first the care credit, then the child tax credit and
the credit for other dependents. Investment income is not modelled (taken as zero).
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.childcare import care_children, childcare_paid
from openler.benefits.taxes.income_tax import adjusted_gross_income, income_tax_before_credits
from openler.benefits.taxes.tax_unit import (
    JOINT,
    by_status,
    filer_ages,
    filing_status,
    qualifying_children,
    unit_earnings,
)

CREDITS = "federal.irs.credits"


def _keyed(mapping: dict[str, float], counts: np.ndarray, cap: int) -> np.ndarray:
    """A parameter keyed "0".."cap" (cap meaning cap or more), looked up per household."""
    table = np.array([float(mapping[str(k)]) for k in range(cap + 1)])
    return np.asarray(table[np.minimum(counts, cap)])


# ----- Child and Dependent Care Credit, 26 U.S.C. 21 ---------------------------------------


def cdcc_rate(c: Context) -> np.ndarray:
    """26 U.S.C. 21(a)(2): the applicable percentage, falling with AGI."""
    p = f"{CREDITS}.cdcc"
    agi = c(adjusted_gross_income)
    step_rate = float(c.p(f"{p}.phase_down_step_rate"))
    steps = np.ceil(
        np.maximum(agi - float(c.p(f"{p}.phase_down_start")), 0.0)
        / float(c.p(f"{p}.phase_down_step"))
    )
    rate = np.maximum(
        float(c.p(f"{p}.max_rate")) - steps * step_rate, float(c.p(f"{p}.phase_down_floor"))
    )
    if c.p(f"{p}.second_phase_down_applies"):
        start = by_status(c, c.p(f"{p}.second_phase_down_start"))[:, None]
        size = by_status(c, c.p(f"{p}.second_phase_down_step"))[:, None]
        second = np.ceil(np.maximum(agi - start, 0.0) / size)
        rate = np.maximum(rate - second * step_rate, float(c.p(f"{p}.min_rate")))
    return np.asarray(rate)


def cdcc_potential(c: Context) -> np.ndarray:
    """The care credit before the tax-liability limit."""
    people = c(care_children).sum(axis=1)
    cap = _keyed({"0": 0, **c.p(f"{CREDITS}.cdcc.max_expenses")}, people, 2)
    # 26 U.S.C. 21(d): expenses may not exceed the earnings of the filer, or of the
    # lower-earning spouse on a joint return.
    lowest = c(lowest_filer_earnings)
    expenses = np.minimum(np.minimum(c(childcare_paid), cap[:, None]), lowest)
    return np.asarray(np.maximum(expenses, 0.0) * c(cdcc_rate))


def lowest_filer_earnings(c: Context) -> np.ndarray:
    """Earnings of the filer, or of the lower-earning spouse on a joint return, (H, E)."""
    h = c.h
    filers = h.present & (h.is_head | h.is_spouse)
    fixed_filers = np.where(filers & ~h.is_earner, h.fixed_earnings, np.inf).min(axis=1)
    earner_files = (filers & h.is_earner).any(axis=1)
    swept = (
        c.earnings if earner_files.all() else np.where(earner_files[:, None], c.earnings, np.inf)
    )
    return np.asarray(np.minimum(swept, fixed_filers[:, None]))


def cdcc(c: Context) -> np.ndarray:
    """The care credit actually used against the tax (it is nonrefundable)."""
    return c.counted("cdctc", np.minimum(c(cdcc_potential), c(income_tax_before_credits)))


# ----- Child Tax Credit, 26 U.S.C. 24 (Schedule 8812) ----------------------------------------


def ctc_children(c: Context) -> np.ndarray:
    """Qualifying children for the CTC: qualifying children under 17, (H,)."""
    max_age = int(c.p(f"{CREDITS}.ctc.child_max_age"))
    return np.asarray((c(qualifying_children) & (c.h.age <= max_age)).sum(axis=1))


def other_dependents(c: Context) -> np.ndarray:
    """Dependents who are not CTC children (older qualifying children), (H,)."""
    return np.asarray(c(qualifying_children).sum(axis=1) - c(ctc_children))


def ctc_total(c: Context) -> np.ndarray:
    """CTC plus the credit for other dependents, after the income phase-out (24(b))."""
    p = f"{CREDITS}.ctc"
    gross = c(ctc_children) * float(c.p(f"{p}.amount_per_child")) + c(other_dependents) * float(
        c.p(f"{p}.other_dependent_amount")
    )
    threshold = by_status(c, c.p(f"{p}.phase_out_threshold"))[:, None]
    step = float(c.p(f"{p}.phase_out_step"))
    excess = np.ceil(np.maximum(c(adjusted_gross_income) - threshold, 0.0) / step) * step
    reduction = excess * float(c.p(f"{p}.phase_out_rate"))
    return c.counted("ctc", np.maximum(gross[:, None] - reduction, 0.0))


def ctc_nonrefundable(c: Context) -> np.ndarray:
    """The part of the CTC and other-dependent credit used against the tax."""
    room = np.maximum(c(income_tax_before_credits) - c(cdcc), 0.0)
    return np.asarray(np.minimum(c(ctc_total), room))


def ctc_refundable(c: Context) -> np.ndarray:
    """The Additional Child Tax Credit (24(d); Schedule 8812 Part II-A).

    The smaller of the unused credit, the refundable maximum per CTC child, and 15% of
    earnings above $2,500. (The alternative for three or more children, Social Security taxes
    less the EITC, is not modelled; it binds only where it exceeds the 15% formula.)
    """
    p = f"{CREDITS}.ctc"
    unused = c(ctc_total) - c(ctc_nonrefundable)
    cap = c(ctc_children) * float(c.p(f"{p}.refundable_max_per_child"))
    earned = np.maximum(c(unit_earnings) - float(c.p(f"{p}.refundable_earnings_threshold")), 0.0)
    by_earnings = earned * float(c.p(f"{p}.refundable_phase_in_rate"))
    return np.asarray(np.minimum(np.minimum(unused, cap[:, None]), by_earnings))


def ctc(c: Context) -> np.ndarray:
    """The whole child tax credit the family gets: used against tax plus refunded."""
    return np.asarray(c(ctc_nonrefundable) + c(ctc_refundable))


# ----- Earned Income Tax Credit, 26 U.S.C. 32 ---------------------------------------------


def eitc_children(c: Context) -> np.ndarray:
    return np.asarray(c(qualifying_children).sum(axis=1))


def eitc(c: Context) -> np.ndarray:
    """Credit = min(phase-in rate x earnings, maximum) - phase-out rate x income over the start.

    Income for the phase-out is the greater of AGI and earned income (32(a)(2)(B)). Workers
    without qualifying children must be 25 to 64 (32(c)(1)(A)(ii)); on a joint return one
    spouse in that range suffices.
    """
    return eitc_with_min_age(c, int(c.p(f"{CREDITS}.eitc.childless_min_age")))


def eitc_with_min_age(c: Context, childless_min_age: int) -> np.ndarray:
    """The federal EITC formula with another youngest age for workers without children: the
    "pro forma" federal credit some states match for younger workers (Maine from 18)."""
    p = f"{CREDITS}.eitc"
    children = c(eitc_children)
    max_credit = _keyed(c.p(f"{p}.max_credit"), children, 3)
    phase_in = _keyed(c.p(f"{p}.phase_in_rate"), children, 3)
    phase_out = _keyed(c.p(f"{p}.phase_out_rate"), children, 3)
    start = np.where(
        filing_status(c) == JOINT,
        _keyed(c.p(f"{p}.phase_out_start_joint"), children, 3),
        _keyed(c.p(f"{p}.phase_out_start"), children, 3),
    )
    earned = c(unit_earnings)
    income = np.maximum(c(adjusted_gross_income), earned)
    credit = np.minimum(earned * phase_in[:, None], max_credit[:, None])
    credit = np.maximum(credit - np.maximum(income - start[:, None], 0.0) * phase_out[:, None], 0.0)
    ages = filer_ages(c)
    in_age_range = ((ages >= childless_min_age) & (ages <= int(c.p(f"{p}.childless_max_age")))).any(
        axis=1
    )
    eligible = (children > 0) | in_age_range
    return np.asarray(credit * eligible[:, None])


def federal_income_tax(c: Context) -> np.ndarray:
    """The regular tax on taxable income, before any credit (never negative): the credits
    are their own columns, so that the columns add up."""
    return c(income_tax_before_credits)


def federal_income_tax_after_credits(c: Context) -> np.ndarray:
    """What the return finally shows as income tax: the tax less the nonrefundable credits
    (care credit, then child tax credit), never below zero."""
    after = c(income_tax_before_credits) - c(cdcc) - c(ctc_nonrefundable)
    return np.asarray(np.maximum(after, 0.0))
