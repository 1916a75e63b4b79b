"""Head Start and Early Head Start (42 U.S.C. 9840; 45 CFR 1302.12).

Children under 3 (Early Head Start) and from 3 until school age (Head Start) qualify when the
family's income is at most the poverty guideline, or categorically when the family receives
TANF, SSI or SNAP (45 CFR 1302.12(c)). For SNAP we use SNAP's gross-income eligibility
(Florida's broad-based categorical eligibility), so that Head Start does not depend on
SNAP's dependent-care deduction, which Head Start itself reduces. Likewise TANF and the TANF
payment in SNAP's gross income are taken as if the family paid all its child care itself:
the rule's "eligible for, or, in the absence of child care, would be potentially eligible
for, public assistance" (1302.12(c)(1)(ii)), where Georgia's, Alabama's and Maine's TANF
deduct the care the family pays (programs/tanf/care).

The value to the family is the childcare cost it replaces: the child's care cost in the
proportion of the program's annual hours (45 CFR 1302.21(c): 1,020 for Head Start, 1,380 for
Early Head Start) to the hours of care the family needs - the head's weekly work hours (or
40) for 52 weeks - and never more than the cost. Enrollment is limited by funded slots:
eligible children are counted as served, as the household format's take-up rule says, and
flagged as waitlisted in the detail column `head_start_waitlisted`.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.care_cost import childcare_cost
from openler.benefits.programs.care_market_rate import default_child_costs, parents_work
from openler.benefits.programs.common import income_support_parameters, poverty_guideline
from openler.benefits.programs.dispatch import leave_out_hint
from openler.benefits.programs.income import household_income
from openler.benefits.programs.snap_gross import categorically_eligible_before_care_help
from openler.benefits.programs.ssi import ssi
from openler.benefits.programs.tanf import received_before_care_help

HEAD_START = "federal.acf.head_start"
FULL_TIME_WEEKLY_HOURS = 40.0
WEEKS = 52


def _children(c: Context, when: date) -> tuple[np.ndarray, np.ndarray]:
    """(Early Head Start, Head Start) age masks, (H, M)."""
    h = c.h
    ages = c.p(f"{HEAD_START}.age_limits", when)
    early = h.present & h.is_child & (h.age <= int(ages["early_head_start_max_age"]))
    preschool = (
        h.present
        & h.is_child
        & (h.age >= int(ages["head_start_min_age"]))
        & (h.age <= int(ages["head_start_max_age"]))
    )
    return np.asarray(early), np.asarray(preschool)


def eligible_family(c: Context, when: date) -> np.ndarray:
    """Families whose young children qualify, (H, E)."""
    size = c.h.size
    limit = float(c.p(f"{HEAD_START}.income_limit", when)) * poverty_guideline(c, size, when)
    by_income = c(household_income) <= limit[:, None]
    rules = c.p(f"{HEAD_START}.categorical_eligibility", when)
    categorical = np.zeros(c.shape, dtype=bool)
    if rules["tanf"]:
        categorical |= c.monthly(received_before_care_help, when)
    if rules["ssi"]:
        categorical |= c(ssi) > 0
    if rules["snap"]:
        # SNAP's tables, not Head Start's: leaving SNAP out makes this test moot.
        with leave_out_hint("snap"):
            categorical |= c.monthly(categorically_eligible_before_care_help, when)
    return np.asarray(by_income | categorical)


def covered_share(c: Context, when: date) -> np.ndarray:
    """Share of each child's care cost the program's hours replace, (H, M)."""
    hours = c.p(f"{HEAD_START}.center_based_annual_hours", when)
    early, preschool = _children(c, when)
    program_hours = early * float(hours["early_head_start"]) + preschool * float(
        hours["head_start"]
    )
    weekly = np.where(
        np.isnan(c.h.head_weekly_hours), FULL_TIME_WEEKLY_HOURS, c.h.head_weekly_hours
    )
    needed = np.maximum(weekly, 1.0) * WEEKS
    return np.asarray(np.minimum(program_hours / needed[:, None], 1.0))


def monthly_value(c: Context, when: date) -> np.ndarray:
    if not c.h.counts["head_start"].any():
        return np.zeros(c.shape)
    early, preschool = _children(c, when)
    default = c(default_child_costs)
    if not ((early | preschool) & ((c.h.childcare_expense > 0) | (default > 0))).any():
        # No young child with care costs in the batch: nothing to cover, no rule to read.
        return np.zeros(c.shape)
    cost = c.monthly(covered_cost, when)
    return c.counted("head_start", cost * c.monthly(eligible_family, when))


def covered_cost(c: Context, when: date) -> np.ndarray:
    """Monthly care cost the program's hours replace, eligible or not, (H, E): computed once
    for all the months in which the hours are the same."""
    share = c.monthly(covered_share, when)
    given = (c.h.childcare_expense * share).sum(axis=1) / 12
    # A market-rate default is a cost only where every parent works.
    priced = (c(default_child_costs) * share).sum(axis=1) / 12
    return np.asarray(given[:, None] + priced[:, None] * c(parents_work))


def head_start(c: Context) -> np.ndarray:
    """Annual childcare cost that Head Start and Early Head Start cover."""
    return c.over_year(monthly_value, (HEAD_START, *income_support_parameters(c)))


def head_start_waitlisted(c: Context) -> np.ndarray:
    """Children counted as served who may in fact wait for a funded slot (count), (H, E)."""
    first = date(c.year, 1, 1)
    early, preschool = _children(c, first)
    children = (early | preschool).sum(axis=1)
    return np.asarray(c.monthly(eligible_family, first) * children[:, None])


def childcare_after_head_start(c: Context) -> np.ndarray:
    """Annual care cost Head Start leaves to the family or to the CCDF subsidy, (H, E)."""
    return np.asarray(np.maximum(c(childcare_cost) - c(head_start), 0.0))
