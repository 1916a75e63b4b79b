"""Florida's TANF cash assistance, Temporary Cash Assistance (Fla. Stat. 414.095; Fla. Admin.
Code 65A-4.208, 65A-4.209, 65A-4.220).

A family with a child under 18 (or a pregnant woman) whose gross income, less $90 per
employed person, is at most 185% of the poverty guideline, and whose assets are within the
limit, gets the payment standard for its size and shelter tier less countable income:
earnings less $90 per earner, less $200 and half of the rest, plus unearned income (SSDI).
A family applying (not listed as `enrolled` in `tanf`) must first show countable income
below the payment standard without the $200-and-one-half disregard, which is for families
already receiving assistance. A computed payment under $10 is not issued. An unborn child
makes a pregnant woman eligible but does not add to the assistance group's size. We take
every family that pays rent to be in the highest shelter tier (obligation over $50). The
48-month time limit and work requirements are not modelled.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.costs import rent_monthly
from openler.benefits.engine import Context
from openler.benefits.programs.common import by_size, poverty_guideline
from openler.benefits.programs.tanf.care import Care
from openler.benefits.programs.tanf.group import (
    earnings_over,
    group_size,
    has_child,
    param,
    unearned,
)

#: "A deduction may not be allowed for child care payments" (Fla. Stat. 414.095(12)(b)).
DEDUCTS_CARE = False


def monthly_benefit(c: Context, when: date, _care: Care) -> np.ndarray:
    h = c.h
    size = c(group_size)
    # Earnings of each group member less the $90 standard disregard.
    after_standard = earnings_over(c, float(param(c, "standard_disregard", when)))
    other = c(unearned)
    fpg = poverty_guideline(c, size, when) / 12
    gross_ok = after_standard + other <= float(param(c, "gross_income_limit", when)) * fpg[:, None]
    flat = float(param(c, "earned_income_disregard_flat", when))
    rate = float(param(c, "earned_income_disregard_rate", when))
    countable_earned = np.maximum(after_standard - flat, 0.0) * (1 - rate)
    standards: dict[str, list[float]] = param(c, "payment_standard", when)
    threshold = float(param(c, "shelter_tier_threshold", when))
    rent = c.monthly(rent_monthly, when)
    tier = np.where(rent > threshold, 2, np.where(rent > 0, 1, 0))
    table = np.stack(
        [
            by_size(standards["zero_shelter"], size),
            by_size(standards["shelter_up_to_50"], size),
            by_size(standards["shelter_over_50"], size),
        ]
    )
    standard = table[tier, np.arange(len(size))]
    payment = standard[:, None] - countable_earned - other
    minimum = float(param(c, "minimum_grant", when))
    payment = np.where(payment >= minimum, payment, 0.0)
    assets_ok = h.assets <= float(param(c, "asset_limit", when))
    # Applicants: income after the $90 disregards must be under the payment standard.
    applicant_ok = after_standard + other < standard[:, None]
    passes = gross_ok & (applicant_ok | h.enrolled["tanf"][:, None])
    eligible = (c(has_child) & assets_ok)[:, None] & passes
    return np.where(eligible, payment, 0.0)
