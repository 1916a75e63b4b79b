"""What the family pays for childcare: the cost, less what Head Start and CCDF cover.

The care credit (26 U.S.C. 21) and SNAP's dependent-care deduction (7 CFR 273.9(d)(4)) count
only what the family itself pays: a subsidized cost is not the family's expense.
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.care_cost import care_children
from openler.benefits.programs.ccdf import ccdf
from openler.benefits.programs.head_start import childcare_after_head_start

__all__ = ["care_children", "childcare_paid", "monthly_childcare_paid"]


def childcare_paid(c: Context) -> np.ndarray:
    """Annual care cost the family pays after Head Start and CCDF, (H, E)."""
    return np.asarray(np.maximum(c(childcare_after_head_start) - c(ccdf), 0.0))


def monthly_childcare_paid(c: Context) -> np.ndarray:
    """A month's share of the care cost the family pays, (H, E)."""
    return np.asarray(c(childcare_paid) / 12)
