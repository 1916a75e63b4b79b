"""Georgia's TANF cash assistance (O.C.G.A. 49-4-180 ff.; Ga. Comp. R. & Regs. 290-2-28;
DFCS TANF Policy Manual 1605, 1615 and Appendix A).

A family with a child under 18 (or a pregnant woman) whose resources are within $1,000 passes
two income tests: its gross countable income (earnings of the assistance unit plus SSDI) is at
most the gross income ceiling, 185% of the standard of need for its size; and its net
countable income (earnings less the $250 standard work expense of each employed member and the
dependent care the family pays, up to $200 a month a child under 2 and $175 from age 2, plus
SSDI) is below the standard of need. It is paid the standard of need less net income, up to
the family maximum. Applicants and recipients are budgeted alike: the $250 deduction is
allowed at application, renewal and change, and Georgia no longer has the $30-and-one-third
disregard. Not modelled: the 48-month time limit, work requirements and sanctions, and the
family cap.
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
    maximum = by_group_size(c, "family_maximum", when)
    other = c(unearned)
    gross = earnings_over(c, 0.0) + other
    gross_ok = gross <= float(param(c, "gross_income_ceiling_rate", when)) * need
    earned = earnings_over(c, float(param(c, "standard_work_expense", when)))
    net = np.maximum(earned - capped(c, when, care), 0.0) + other
    assets_ok = (c.h.assets <= float(param(c, "asset_limit", when)))[:, None]
    eligible = gross_ok & (net < need) & assets_ok
    return np.where(eligible, np.minimum(need - net, maximum), 0.0)
