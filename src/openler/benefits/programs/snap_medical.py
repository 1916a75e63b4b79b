"""SNAP's excess medical deduction (7 U.S.C. 2014(e)(5); 7 CFR 273.9(d)(3)).

A household with an elderly (60 or older) or disabled member deducts the medical costs those
members pay themselves above $35 a month, once per household. The costs are the Medicare
Part B premium of each such member with Medicare, less what a Medicare Savings Program pays
(273.9(d)(3) lists Medicare premiums), plus the member's own `medical_expense` (annual, out
of pocket; medical_costs.py). Members the time limit excludes are not household
members (273.11(c)), so their costs do not count.

Georgia and Alabama also offer a standard medical deduction, a fixed amount for households
whose verified costs exceed $35 (a demonstration under 7 U.S.C. 2026(b)); their amounts in
force were not found in a Georgia or Alabama agency publication (Georgia's DHS announced
$185 of costs, a $150 deduction, in October 2015), so the deduction here is always the actual
one, which a household may always claim: it is lower than the state's standard for costs
between $35 and the standard, and the same above it.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.medical_costs import monthly_costs
from openler.benefits.programs.snap_gross import SNAP


def monthly_deduction(c: Context, when: date, members: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The month's deduction, (H, 1) or (H, E), zero outside the households ``rows``, for
    their elderly or disabled members in the SNAP household ``members``, (r, 1, M) or
    (r, E, M)."""
    costs = monthly_costs(c, when, members, rows)
    if not costs.any():
        return costs
    threshold = float(c.p(f"{SNAP}.medical_deduction_threshold", when))
    return np.asarray(np.maximum(costs - threshold, 0.0))
