"""Alabama's Child Care Subsidy Program, the state's CCDF subsidy, run by the Department of
Human Resources (DHR) through regional Child Care Management Agencies.

Who qualifies: a child under 13 whose parent works, trains or studies at least 15 hours a
week, in a family whose gross income is at most 180% of the poverty guideline for its size
when it applies and at most 200% once enrolled (`enrolled` lists "ccdf"), and never above
85% of the state median income.

The parent fee is a weekly dollar amount for each child in care, by income as a fraction of
the poverty guideline: none up to 100%, then $18 rising $3 for each 10 points to $45 above
190% (DHR's Parental Fee Chart). The subsidy is the care cost left after Head Start, less
the fee. Simplifications, said where results are shown: part-time fees and fee waivers are
not applied; the fee is not capped at 7% of income (no Alabama cap was found); providers are
assumed to charge within DHR's rates; eligible applicants are counted as served although
enrollment depends on funding (states.al.ccdf.waitlist).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.care_market_rate import needs_default
from openler.benefits.programs.ccdf.common import StateSubsidy, band_rate
from openler.benefits.programs.common import poverty_guideline

WEEKS_PER_YEAR = 52


class Alabama(StateSubsidy):
    def _fpl_limit(self, c: Context, name: str, when: date) -> np.ndarray:
        share = float(self.p(c, name, when))
        cutoff = super().continuing_limit(c, when)  # 85% of SMI for everyone
        return np.asarray(np.minimum(share * poverty_guideline(c, c.h.size, when), cutoff))

    def entry_limit(self, c: Context, when: date) -> np.ndarray:
        return self._fpl_limit(c, "entry_income_limit", when)

    def continuing_limit(self, c: Context, when: date) -> np.ndarray:
        return self._fpl_limit(c, "continuing_income_limit", when)

    def children_in_care(self, c: Context, when: date) -> np.ndarray:
        """Children the fee is charged for, (H,): young children with a care cost of their
        own or priced at the market rate, or every young child when the household gives
        only its total care cost."""
        young = self.young_children(c, when)
        paid = (c.h.childcare_expense > 0) | c(needs_default)
        listed = (young & paid).sum(axis=1)
        total_only = ~np.isnan(c.h.expenses["childcare"])
        return np.asarray(np.where(total_only, young.sum(axis=1), listed), dtype=float)

    def scale_copay(self, c: Context, when: date) -> np.ndarray:
        weekly = band_rate(self.p(c, "copay", when), self.poverty_ratio(c, when), key="amount")
        children = self.children_in_care(c, when)[:, None]
        return np.asarray(weekly * WEEKS_PER_YEAR * children)


SUBSIDY = Alabama("states.al.ccdf")
ccdf = SUBSIDY.ccdf
ccdf_waitlisted = SUBSIDY.ccdf_waitlisted
ccdf_copay_assumed = SUBSIDY.ccdf_copay_assumed
