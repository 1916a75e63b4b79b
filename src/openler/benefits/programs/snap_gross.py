"""SNAP's gross income and its broad-based categorical eligibility test.

Kept apart from the benefit computation (snap.py) because other programs ask whether a
family qualifies for SNAP by income (Head Start's categorical eligibility) and must not
depend on SNAP's dependent-care deduction, which those programs' childcare help reduces.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.common import by_size
from openler.benefits.programs.income import household_income
from openler.benefits.programs.ssi import ssi
from openler.benefits.programs.tanf import monthly_benefit as tanf_monthly

SNAP = "federal.usda.snap"


def state_prefix(c: Context) -> str:
    return f"states.{c.h.state.lower()}.snap"


def size(c: Context) -> np.ndarray:
    return np.asarray(c.h.size)


def gross_income(c: Context, when: date) -> np.ndarray:
    """Monthly gross income, (H, E): earnings, SSDI, SSI and TANF cash assistance."""
    cash = c(ssi) / 12 + c.monthly(tanf_monthly, when)
    return np.asarray(c(household_income) / 12 + cash)


def income_limit(c: Context, which: str, when: date) -> np.ndarray:
    table = c.p(f"{SNAP}.income_limits.{which}", when)
    extra = float(c.p(f"{SNAP}.income_limits.{which}_additional_member", when))
    return by_size(table, c(size), extra)


def categorically_eligible(c: Context, when: date) -> np.ndarray:
    """Broad-based categorical eligibility by the state's gross income limit (BBCE)."""
    name = f"{state_prefix(c)}.bbce_gross_income_limit"
    if name not in c.params or not c.h.counts["snap"].any():
        return np.zeros(c.shape, dtype=bool)
    # Florida's table is the federal 100% (net) table times the BBCE multiple.
    limit = income_limit(c, "net", when) * float(c.p(name, when))
    return c.counted("snap", c.monthly(gross_income, when) <= limit[:, None]).astype(bool)
