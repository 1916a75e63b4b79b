"""Employee payroll taxes: Social Security (OASDI) and Medicare (HI).

26 U.S.C. 3101(a): 6.2% of wages up to the contribution and benefit base (42 U.S.C. 430),
per worker. 26 U.S.C. 3101(b)(1): 1.45% of all wages. 26 U.S.C. 3101(b)(2): an additional
0.9% on wages above $200,000 ($250,000 for a joint return, $125,000 married filing
separately), which we apply to the tax unit's combined wages as the final liability does.
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context, household_earnings
from openler.benefits.taxes.tax_unit import by_status, unit_earnings

PAYROLL = "federal.irs.payroll"


def social_security_tax(c: Context) -> np.ndarray:
    return social_security_tax_of(c, c.h.present)


def social_security_tax_of(c: Context, members: np.ndarray) -> np.ndarray:
    """Per worker among ``members`` (H, M): the swept earner's wages and each other worker's,
    each capped at the base."""
    base = float(c.p(f"{PAYROLL}.social_security_wage_base"))
    rate = float(c.p(f"{PAYROLL}.social_security_rate"))
    h = c.h
    others = (np.minimum(h.fixed_earnings, base) * members).sum(axis=1)
    has_earner = np.asarray((h.is_earner & members).any(axis=1))
    swept = np.minimum(c.earnings, base) * has_earner[:, None]
    return np.asarray((swept + others[:, None]) * rate)


def medicare_tax(c: Context) -> np.ndarray:
    return medicare_tax_of(c, c(household_earnings))


def medicare_tax_of(c: Context, wages: np.ndarray) -> np.ndarray:
    """1.45% of ``wages`` plus the additional tax on the tax unit's wages over the threshold."""
    rate = float(c.p(f"{PAYROLL}.medicare_rate"))
    extra_rate = float(c.p(f"{PAYROLL}.additional_medicare_rate"))
    threshold = by_status(c, c.p(f"{PAYROLL}.additional_medicare_threshold"))
    unit = c(unit_earnings)
    extra = np.maximum(unit - threshold[:, None], 0.0) * extra_rate
    return np.asarray(wages * rate + extra)


def payroll_tax(c: Context) -> np.ndarray:
    """Employee share of Social Security and Medicare taxes of every earner, (H, E)."""
    return np.asarray(c(social_security_tax) + c(medicare_tax))
