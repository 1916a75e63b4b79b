"""The medical costs members pay themselves, as SNAP's and HUD's medical deductions count them
(7 CFR 273.9(d)(3); 24 CFR 5.603(b), 5.611(a)(3)): each member's Medicare Part B premium
less what a Medicare Savings Program pays (medicare_savings.py), plus the member's own
`medical_expense` (annual, out of pocket, what no insurance or program pays)."""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.medicare_savings import PART_B, msp_monthly


def members_with_costs(c: Context) -> np.ndarray:
    """Members with a medical cost to count: on Medicare, or with a `medical_expense`, (H, M).
    Only their households are computed (a batch has few)."""
    h = c.h
    return np.asarray(h.present & (h.medicare | (h.medical_expense > 0)))


def monthly_costs(c: Context, when: date, members: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """This month's medical costs of ``members`` of the households ``rows``, (r, 1, M) or
    (r, E, M), summed for each household: (H, 1) or (H, E), zero outside ``rows``."""
    h = c.h
    costs = np.zeros((len(rows), 1))
    own = h.medical_expense[rows]
    if own.any():
        costs = (members * (own / 12)[:, None, :]).sum(axis=2)
    with_medicare = members & h.medicare[rows][:, None, :]
    has = np.flatnonzero(with_medicare.any(axis=(1, 2)))
    if has.size:
        premiums = with_medicare[has].sum(axis=2) * float(c.p(PART_B, when))
        # The programs pay the premiums of members with Medicare, whom ``members`` includes
        # where it is a whole unit (SNAP's elderly or disabled, HUD's family), so the
        # difference is what the members pay.
        paid = np.maximum(premiums - c.monthly(msp_monthly, when)[rows[has]], 0.0)
        costs = np.broadcast_to(costs, (len(rows), paid.shape[1])).copy()
        costs[has] += paid
    out = np.zeros((len(h), costs.shape[1]))
    out[rows] = costs
    return out
