"""Florida's School Readiness program, the state's CCDF subsidy (Fla. Stat. 1002.81-1002.89;
Fla. Admin. Code ch. 6M-4).

Who qualifies: a child under 13 (s. 1002.87(1)) in a working family - the parent works or
studies at least 20 hours a week, two parents 40 combined (s. 1002.81(14)) - whose gross
income is within the limit:
- a family applying (not in `enrolled`): until September 30, 2025 at most 150% of the poverty
  guideline (s. 1002.81(6), 2024); from October 1, 2025 at most 55% of the state median income
  for its size;
- an enrolled family (`enrolled` lists "ccdf"): at most 85% of the state median income
  (45 CFR 98.21(a)(1); rule 6M-4.400(3)).

The family pays a copayment, a share of its gross income set by its income as a fraction of
the state median income (DEL's sliding fee scale of October 1, 2025), waived at or below 150%
of the poverty guideline and never above 7% of income (6M-4.400(1)). Florida's earlier
scales (a daily dollar fee until June 2025, a share of income by poverty level from July to
September 2025) were not found: for those months the model charges the federal maximum, 7%
of income (45 CFR 98.45(l)(3)), which makes the subsidy a lower bound, and counts the months
in the detail column `ccdf_copay_assumed`. The subsidy is the care
cost left after Head Start, less the copayment. Gross income counts earnings, Social Security
and SSI; cash assistance, food and housing help are not income (s. 1002.81(7)).

Simplifications, said where results are shown: care is full time when the parent works 30
hours a week or more (6 hours a day, s. 1002.81(9)), or when hours are not given; a spouse
is assumed to meet the two-parent hours when the head works at least the one-parent minimum;
providers are assumed to charge no more than the coalition's payment rate, so the family
pays nothing beyond the copayment; eligible families are counted as served, although
working families below the statutory priority groups may wait for funding
(states.fl.ccdf.waitlist).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.ccdf.common import StateSubsidy, band_rate
from openler.benefits.programs.common import poverty_guideline

FULL_TIME_WEEKLY_HOURS = 30.0


class Florida(StateSubsidy):
    def entry_limit(self, c: Context, when: date) -> np.ndarray:
        """150% of the poverty guideline until September 2025, then 55% of SMI, (H,)."""
        if self.p(c, "entry_income_limit_basis", when) == "fpl":
            share = float(self.p(c, "entry_income_limit", when))
            return share * poverty_guideline(c, c.h.size, when)
        return super().entry_limit(c, when)

    def scale_copay(self, c: Context, when: date) -> np.ndarray:
        """DEL's scale of October 2025: a share of income by income / SMI, full or part time,
        waived at or below 150% of the poverty guideline, never above 7% of income."""
        income = c(self.gross_income)
        ratio = self.smi_ratio(c, when)
        weekly = c.h.head_weekly_hours
        full_time = (np.isnan(weekly) | (weekly >= FULL_TIME_WEEKLY_HOURS))[:, None]
        scales = self.p(c, "copay", when)
        rate = band_rate(scales["full_time"], ratio)
        if not full_time.all():
            rate = np.where(full_time, rate, band_rate(scales["part_time"], ratio))
        cap = float(self.p(c, "copay_max_share_of_income", when))
        waiver = float(self.p(c, "copay_waiver_income_limit", when))
        owed = self.poverty_ratio(c, when) > waiver
        return np.asarray(np.minimum(rate, cap) * income * owed)


SUBSIDY = Florida("states.fl.ccdf")
ccdf = SUBSIDY.ccdf
ccdf_waitlisted = SUBSIDY.ccdf_waitlisted
ccdf_copay_assumed = SUBSIDY.ccdf_copay_assumed
