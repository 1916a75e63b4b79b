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
from typing import Any

import numpy as np

from openler.benefits.costs import rent_monthly
from openler.benefits.engine import Context
from openler.benefits.programs.common import (
    by_size,
    income_support_parameters,
    poverty_guideline,
)
from openler.benefits.programs.ssdi import ssdi_received

CHILD_AGE = 18


def _p(c: Context, name: str, when: date) -> Any:
    return c.p(f"states.{c.h.state.lower()}.tanf.{name}", when)


def assistance_group(c: Context) -> np.ndarray:
    """Parents and children in the assistance group, (H, M)."""
    h = c.h
    return np.asarray(h.present & (h.is_head | h.is_spouse | h.is_child))


def monthly_benefit(c: Context, when: date) -> np.ndarray:
    h = c.h
    group = c(assistance_group)
    size = group.sum(axis=1)
    has_child = (h.present & h.is_child & (h.age < CHILD_AGE)).any(axis=1) | h.pregnant.any(axis=1)
    if not has_child.any():
        return np.zeros(c.shape)  # TANF is for families with children: nothing to read
    disregard = float(_p(c, "standard_disregard", when))
    # Earnings of each group member: the swept earner's, and the others' fixed earnings.
    swept = (h.is_earner & group).any(axis=1)
    earner_wages = c.earnings / 12 * swept[:, None]
    fixed = h.fixed_earnings / 12 * group
    after_standard = (
        np.maximum(earner_wages - disregard, 0.0)
        + np.maximum(fixed - disregard, 0.0).sum(axis=1)[:, None]
    )
    unearned = ssdi_received(c, group) / 12
    fpg = poverty_guideline(c, size, when) / 12
    gross_ok = after_standard + unearned <= float(_p(c, "gross_income_limit", when)) * fpg[:, None]
    flat = float(_p(c, "earned_income_disregard_flat", when))
    rate = float(_p(c, "earned_income_disregard_rate", when))
    countable_earned = np.maximum(after_standard - flat, 0.0) * (1 - rate)
    standards: dict[str, list[float]] = _p(c, "payment_standard", when)
    threshold = float(_p(c, "shelter_tier_threshold", when))
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
    payment = standard[:, None] - countable_earned - unearned
    minimum = float(_p(c, "minimum_grant", when))
    payment = np.where(payment >= minimum, payment, 0.0)
    assets_ok = h.assets <= float(_p(c, "asset_limit", when))
    # Applicants: income after the $90 disregards must be under the payment standard.
    applicant_ok = after_standard + unearned < standard[:, None]
    passes = gross_ok & (applicant_ok | h.enrolled["tanf"][:, None])
    eligible = (has_child & assets_ok)[:, None] & passes
    return c.counted("tanf", np.where(eligible, payment, 0.0))


def tanf(c: Context) -> np.ndarray:
    """Annual TANF cash assistance."""
    return c.over_year(monthly_benefit, income_support_parameters(c))
