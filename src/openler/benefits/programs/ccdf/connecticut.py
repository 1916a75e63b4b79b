"""Connecticut's Care 4 Kids, the state's CCDF subsidy, run by the Office of Early Childhood
(Conn. Gen. Stat. 17b-749; Conn. Agencies Regs. 17b-749-01 ff.).

Who qualifies: a child under 13 whose parent is employed (no minimum hours), in a family
whose countable income is less than 60% of the state median income for its size when it
applies, and less than 65% (85% from October 2024) once enrolled (`enrolled` lists "ccdf").

The family fee is a share of countable income by income as a fraction of the SMI, each band
starting at its threshold: from January 2025, none below 20% of SMI, 3% from 20%, 5% from
40%, 7% from 60%; in 2024, 2% to 10% (bands as PolicyEngine-US transcribes the regulation).
The subsidy is the care cost left after Head Start, less the fee. Simplifications, said where
results are shown: providers are assumed to charge within Care 4 Kids' rates, and families
are taken as served on application (no waiting list was found).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.ccdf.common import StateSubsidy, band_rate


class Connecticut(StateSubsidy):
    # "must be less than 60% of the State Median Income"
    limit_inclusive = False

    def scale_copay(self, c: Context, when: date) -> np.ndarray:
        bands = self.p(c, "copay", when)
        rate = band_rate(bands, self.smi_ratio(c, when), from_threshold=True)
        return np.asarray(rate * c(self.gross_income))


SUBSIDY = Connecticut("states.ct.ccdf")
ccdf = SUBSIDY.ccdf
ccdf_waitlisted = SUBSIDY.ccdf_waitlisted
ccdf_copay_assumed = SUBSIDY.ccdf_copay_assumed
