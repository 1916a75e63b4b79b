"""SSDI, Social Security Disability Insurance (42 U.S.C. 423; 20 CFR 404.1571 ff.).

The household gives each member's monthly SSDI benefit (from full retirement age, the
retirement benefit, which earnings do not end). A beneficiary whose own monthly
earnings exceed substantial gainful activity (SGA, 20 CFR 404.1574(b)(2)) loses the benefit:
we model the position after the trial work period and the extended period of eligibility,
as a cliff planner must (the nine trial months and the 36-month re-entitlement period soften
it in practice, and are not modelled). Blind beneficiaries' higher SGA amount is not used:
the household format does not record blindness.
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context

SSDI = "federal.ssa.ssdi"
#: Full retirement age for people born after 1959 (42 U.S.C. 416(l)(1)): SSDI becomes a
#: retirement benefit, which work does not end (no earnings test from this age, 42 U.S.C.
#: 403(f)(3)). The household's ``ssdi_monthly`` of a member this old is that benefit.
FULL_RETIREMENT_AGE = 67


def ssdi_received(c: Context, members: np.ndarray) -> np.ndarray:
    """Annual SSDI of the given members (an (H, M) mask) at each sweep point, (H, E)."""
    return c.for_members(_received, members)


def _received(c: Context, members: np.ndarray) -> np.ndarray:
    h = c.h
    benefit = h.ssdi_monthly * 12 * members
    if not benefit.any():
        return np.broadcast_to(0.0, c.shape)  # nobody here receives SSDI
    sga = float(c.p(f"{SSDI}.substantial_gainful_activity")["non_blind"]) * 12
    retired = h.age >= FULL_RETIREMENT_AGE
    # Members whose earnings are fixed keep or lose SSDI at every point alike...
    fixed = (benefit * ~h.is_earner * ((h.fixed_earnings <= sga) | retired)).sum(axis=1)
    # ...the swept earner keeps it only at points where their earnings are at most SGA.
    earner = (benefit * h.is_earner * ~retired).sum(axis=1)
    kept = (benefit * h.is_earner * retired).sum(axis=1)
    return np.asarray((fixed + kept)[:, None] + earner[:, None] * (c.earnings <= sga))


def ssdi(c: Context) -> np.ndarray:
    return ssdi_received(c, c.h.present)
