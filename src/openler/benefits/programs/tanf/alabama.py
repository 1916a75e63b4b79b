"""Alabama's TANF cash assistance, Family Assistance (Ala. Admin. Code ch. 660-2-2; DHR TANF
State Plan, Attachment E).

A family with a child under 18 (or a pregnant woman) is paid the payment standard for its
size less countable income: gross earnings of the assistance unit less the 30% work-expense
deduction and the child care the family pays, with no cap (660-2-2-.30(2)(c), "on an as
paid basis"; programs/tanf/care), plus unearned income (SSDI); it is eligible while countable
income is below the standard, so the payment falls to zero exactly there. Alabama has no
resource limit for Family Assistance and no gross income test. Applicants and recipients
are budgeted alike, but for a recipient's new job: all its earnings are disregarded in the
first twelve months in which wages are received (660-2-2-.30(2)(a), "new employment that is
timely and accurately reported"), for a family already receiving Family Assistance
(`enrolled`) whose member's `job_started` month says when the job began. Not modelled: care
for an incapacitated adult, the 60-month time limit, work requirements and sanctions.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.common import by_size
from openler.benefits.programs.tanf.care import Care
from openler.benefits.programs.tanf.group import earnings_over, group_size, param, unearned

DEDUCTS_CARE = True


def monthly_benefit(c: Context, when: date, care: Care) -> np.ndarray:
    standard = by_size(param(c, "payment_standard", when), c(group_size))[:, None]
    rate = float(param(c, "work_expense_rate", when))
    earned = earnings_over(c, 0.0, ~_new_job(c, when)) * (1 - rate)
    countable = np.maximum(earned - c(care), 0.0) + c(unearned)
    return np.asarray(np.maximum(standard - countable, 0.0))


def _new_job(c: Context, when: date) -> np.ndarray:
    """Members of a recipient family whose job is in its first twelve months of wages this
    month, whose earnings are disregarded (660-2-2-.30(2)(a)), (H, M)."""
    h = c.h
    dated = h.job_started >= 0
    if not dated.any():
        return dated
    months = int(param(c, "new_job_disregard_months", when))
    new = dated & (c.months_since(h.job_started, when) < months)
    return np.asarray(new & h.enrolled["tanf"][:, None])
