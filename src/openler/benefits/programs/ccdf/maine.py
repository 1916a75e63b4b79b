"""Maine's Child Care Affordability Program (CCAP), the state's CCDF subsidy, run by the
Department of Health and Human Services, Office of Child and Family Services (10-148 C.M.R.
ch. 6).

Who qualifies: a child under 13 whose parent works or is in training or school (no minimum
hours), in a family whose gross income is at most 125% of the state median income for its
size (Maine pays for families above the federal 85% with state funds).

The parent fee is a share of income by income as a fraction of the state median income,
from none up to 30% of SMI to 10% above 110%, capped at 7% of income below 85% of SMI and
10% above (the rule as amended from May 19, 2025). The fees before that were not found: those
months charge the federal maximum, 7% of income, a lower bound on the subsidy, counted in
`ccdf_copay_assumed`. The subsidy is the care cost left after Head Start, less the fee.
Simplifications, said where results are shown: the weekly fee is not rounded, fee waivers
are not applied, providers are assumed to charge within the state's market rates.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.ccdf.common import StateSubsidy, band_rate


class Maine(StateSubsidy):
    def scale_copay(self, c: Context, when: date) -> np.ndarray:
        scale = self.p(c, "copay", when)
        ratio = self.smi_ratio(c, when)
        rate = np.minimum(band_rate(scale["rate"], ratio), band_rate(scale["cap"], ratio))
        return np.asarray(rate * c(self.gross_income))


SUBSIDY = Maine("states.me.ccdf")
ccdf = SUBSIDY.ccdf
ccdf_waitlisted = SUBSIDY.ccdf_waitlisted
ccdf_copay_assumed = SUBSIDY.ccdf_copay_assumed
