"""Georgia's Childcare and Parent Services (CAPS), the state's CCDF subsidy, run by the
Department of Early Care and Learning (DECAL; CAPS Policy Manual).

Who qualifies: a child under 13 whose parent works or attends an approved activity at least
24 hours a week, in a family whose gross income is at most 50% of the state median income
for its size when it applies, and at most 85% once enrolled (`enrolled` lists "ccdf").

The family fee is a share of gross income set by income as a fraction of the poverty
guideline: none up to 10%, 3% above 10% to 50%, 5% above 50% to 100%, 7% above 100%
(DECAL's method since September 2018; band limits from the March 2026 chart). The subsidy
is the care cost left after Head Start, less the fee. Simplifications, said where results
are shown: the fee is not rounded to whole weekly dollars, the Quality Rated discount and
the fee waivers are not applied, providers are assumed to charge within the state's
maximum rates, and eligible applicants are counted as served although CAPS enrols them as
funding allows (states.ga.ccdf.waitlist).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.ccdf.common import StateSubsidy, band_rate


class Georgia(StateSubsidy):
    def scale_copay(self, c: Context, when: date) -> np.ndarray:
        rate = band_rate(self.p(c, "copay", when), self.poverty_ratio(c, when))
        return np.asarray(rate * c(self.gross_income))


SUBSIDY = Georgia("states.ga.ccdf")
ccdf = SUBSIDY.ccdf
ccdf_waitlisted = SUBSIDY.ccdf_waitlisted
ccdf_copay_assumed = SUBSIDY.ccdf_copay_assumed
