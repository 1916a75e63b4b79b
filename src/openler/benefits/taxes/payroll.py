"""Employee payroll taxes: Social Security (OASDI) and Medicare (HI).

26 U.S.C. 3101(a): 6.2% of wages up to the contribution and benefit base (42 U.S.C. 430),
per worker. 26 U.S.C. 3101(b)(1): 1.45% of all wages. 26 U.S.C. 3101(b)(2): an additional
0.9% on wages above $200,000 ($250,000 for a joint return, $125,000 married filing
separately), which we apply to the tax unit's combined wages as the final liability does.

State employee contributions withheld from pay (``state_payroll_tax``), per worker on wages up
to the same Social Security base: Connecticut Paid Leave, 0.5% since 2021 (Conn. Gen. Stat.
31-49g(b)(1)); Maine Paid Family and Medical Leave from 2025, the half of the 1% premium an
employer may deduct from the employee (26 M.R.S. 850-F; we assume the employer deducts it).
Florida, Georgia and Alabama levy no employee payroll contribution: no paid-leave or
disability insurance program, and unemployment insurance there is paid by employers only.
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context, household_earnings
from openler.benefits.taxes.tax_unit import by_status, unit_earnings
from openler.errors import NotBuiltError

PAYROLL = "federal.irs.payroll"


def social_security_tax(c: Context) -> np.ndarray:
    return np.asarray(c(capped_wages) * float(c.p(f"{PAYROLL}.social_security_rate")))


def capped_wages(c: Context) -> np.ndarray:
    return capped_wages_of(c, c.h.present)


def social_security_tax_of(c: Context, members: np.ndarray) -> np.ndarray:
    """Per worker among ``members`` (H, M)."""
    return np.asarray(capped_wages_of(c, members) * float(c.p(f"{PAYROLL}.social_security_rate")))


def capped_wages_of(c: Context, members: np.ndarray) -> np.ndarray:
    """The swept earner's wages and each other worker's among ``members``, each capped at the
    Social Security contribution and benefit base, summed, (H, E)."""
    base = float(c.p(f"{PAYROLL}.social_security_wage_base"))
    h = c.h
    others = (np.minimum(h.fixed_earnings, base) * members).sum(axis=1)
    has_earner = np.asarray((h.is_earner & members).any(axis=1))
    swept = np.minimum(c.earnings, base) * has_earner.astype(float)[:, None]  # (no row casts)
    return np.asarray(swept + others[:, None])


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


#: States with no employee payroll contribution (see the module docstring).
NO_STATE_PAYROLL_TAX = frozenset({"FL", "GA", "AL"})


def state_payroll_tax(c: Context) -> np.ndarray:
    """State paid-leave contributions withheld from every earner's wages, (H, E)."""
    name = f"states.{c.h.state.lower()}.payroll.employee_rate"
    if name not in c.params:
        if c.h.state in NO_STATE_PAYROLL_TAX:
            return np.zeros(c.shape)
        raise NotBuiltError(f"{c.h.state} employee payroll taxes are not modelled.", field="state")
    return np.asarray(c(capped_wages) * float(c.p(name)))


def payroll_tax(c: Context) -> np.ndarray:
    """Employee payroll taxes of every earner: Social Security, Medicare and the state's
    paid-leave contributions, (H, E)."""
    return np.asarray(c(social_security_tax) + c(medicare_tax) + c(state_payroll_tax))
