"""The cost of a family's childcare before any help, and after Head Start's share.

A child's care cost is covered at most once: Head Start first, for its hours; the CCDF
subsidy (programs/ccdf) for the rest; never more than the cost. What is left after both is
what the family pays (programs/childcare.py).
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.head_start import head_start

# 26 U.S.C. 21(b)(1)(A), 7 CFR 273.9(d)(4) and 45 CFR 98.20(a)(1): care counts for children
# under 13 (or disabled members).
CARE_AGE = 13


def care_children(c: Context) -> np.ndarray:
    h = c.h
    return np.asarray(h.present & h.is_child & ((h.age < CARE_AGE) | h.disabled))


def childcare_cost(c: Context) -> np.ndarray:
    """Annual care cost before any help, (H,): the household's `expenses.childcare` or the
    sum of its children's `childcare_expense`."""
    listed = (c.h.childcare_expense * c(care_children)).sum(axis=1)
    own = c.h.expenses["childcare"]
    return np.asarray(np.where(np.isnan(own), listed, own))


def childcare_after_head_start(c: Context) -> np.ndarray:
    """Annual care cost Head Start leaves to the family or to the CCDF subsidy, (H, E)."""
    return np.asarray(np.maximum(c(childcare_cost)[:, None] - c(head_start), 0.0))
