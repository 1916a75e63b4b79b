"""Maine's TANF cash assistance (22 M.R.S. 3762, 3769-C; 10-144 C.M.R. ch. 331, chs. III-IV
and Appendix Charts).

A family with a child under 18 (or a pregnant woman) whose assets are within $10,000 counts
each employed member's earnings less $108 and half the rest, less the child care it pays for
work (up to $175 a month a child, $200 under age 2 or with special needs; programs/tanf/care),
plus unearned income (SSDI); it is eligible while countable income is below the standard of
need for its size, and is paid the standard of need less countable income, up to the maximum
grant. The standards change each October 1 (22 M.R.S. 3769-C(1)(D)). Applicants and
recipients are budgeted alike, as we model them: the step disregard for a recipient's new
job or raise (10-144 C.M.R. ch. 331, ch. IV, B(3), amended by TANF Rule 120A from October
2024) is not modelled, even for a member with `job_started` (its months and shares were not
found in a source here), nor are the $50 child support exclusion, the special housing allowance, the
60-month time limit, work requirements and sanctions.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.tanf.care import Care, capped
from openler.benefits.programs.tanf.group import by_group_size, earnings_over, param, unearned

DEDUCTS_CARE = True


def monthly_benefit(c: Context, when: date, care: Care) -> np.ndarray:
    need = by_group_size(c, "standard_of_need", when)
    maximum = by_group_size(c, "maximum_benefit", when)
    flat = float(param(c, "earned_income_disregard_flat", when))
    rate = float(param(c, "earned_income_disregard_rate", when))
    earned = earnings_over(c, flat) * (1 - rate)
    countable = np.maximum(earned - capped(c, when, care), 0.0) + c(unearned)
    assets_ok = (c.h.assets <= float(param(c, "asset_limit", when)))[:, None]
    payment = np.minimum(need - countable, maximum)
    return np.asarray(np.where(assets_ok & (countable < need), payment, 0.0))
