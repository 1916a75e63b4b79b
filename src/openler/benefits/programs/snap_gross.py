"""SNAP's gross income and its broad-based categorical eligibility test.

Kept apart from the benefit computation (snap.py) because other programs ask whether a
family qualifies for SNAP by income (Head Start's categorical eligibility) and must not
depend on SNAP's dependent-care deduction, which those programs' childcare help reduces.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context, MonthlyRule
from openler.benefits.params import ParameterError
from openler.benefits.programs.common import by_size, poverty_guideline
from openler.benefits.programs.income import household_income
from openler.benefits.programs.snap_time_limit import applies, household_size, uncounted_earnings
from openler.benefits.programs.ssi import ssi
from openler.benefits.programs.tanf import deducts_care, monthly_benefit_before_care_help
from openler.benefits.programs.tanf import monthly_benefit as tanf_monthly

SNAP = "federal.usda.snap"


def state_prefix(c: Context) -> str:
    return f"states.{c.h.state.lower()}.snap"


def size(c: Context, when: date) -> np.ndarray:
    """SNAP household size, (H, 1), or (H, E) where the time limit excludes members."""
    return household_size(c, when)


def gross_income(c: Context, when: date) -> np.ndarray:
    """Monthly gross income, (H, E): earnings, SSDI, SSI and TANF cash assistance (less the
    uncounted share of members excluded by the time limit)."""
    return _gross(c, when, c(monthly_ssi) + c.monthly(tanf_monthly, when))


def gross_income_before_care_help(c: Context, when: date) -> np.ndarray:
    """Monthly gross income with the TANF payment the family would get if it paid all its
    child care itself (tanf.monthly_benefit_before_care_help), (H, E)."""
    return _gross(c, when, c(monthly_ssi) + c.monthly(monthly_benefit_before_care_help, when))


def _gross(c: Context, when: date, cash: np.ndarray) -> np.ndarray:
    if not applies(c):  # nothing uncounted: the year's monthly income (the same numbers)
        return np.asarray(c(monthly_income) + cash)
    own = c(household_income) - c.monthly(uncounted_earnings, when)
    return np.asarray(own / 12 + cash)


def monthly_ssi(c: Context) -> np.ndarray:
    return np.asarray(c(ssi) / 12)


def monthly_income(c: Context) -> np.ndarray:
    return np.asarray(c(household_income) / 12)


def income_limit(c: Context, which: str, when: date) -> np.ndarray:
    """The monthly limit for the SNAP household's size, (H, 1) or (H, E)."""
    table = c.p(f"{SNAP}.income_limits.{which}", when)
    extra = float(c.p(f"{SNAP}.income_limits.{which}_additional_member", when))
    return by_size(table, c.monthly(size, when), extra)


def bbce_limit(c: Context, when: date) -> np.ndarray:
    """The monthly BBCE gross income limit by household size, (H, 1) or (H, E).

    States turn their percentage into dollars differently (``bbce_income_limit_basis``):
    ``net_income_standard`` (the default; Florida, Connecticut): the federal 100% table of the
    fiscal year times the percentage; ``gross_income_standard`` (Georgia, Alabama, whose limit
    is 130%): the federal 130% table itself; ``poverty_guideline`` (Maine): the percentage of
    the HHS guideline in force that month, rounded up to the dollar, updated when HHS publishes.
    """
    multiple = float(c.p(f"{state_prefix(c)}.bbce_gross_income_limit", when))
    basis_name = f"{state_prefix(c)}.bbce_income_limit_basis"
    basis = c.p(basis_name, when) if basis_name in c.params else "net_income_standard"
    if basis == "net_income_standard":
        return np.asarray(income_limit(c, "net", when) * multiple)
    if basis == "gross_income_standard":
        rate = float(c.p(f"{SNAP}.income_limits.gross_rate", when))
        if abs(multiple - rate) > 1e-9:
            raise ParameterError(
                f"{basis_name}: the federal gross table is {rate:.0%} of poverty, "
                f"not the BBCE limit {multiple:.0%}"
            )
        return income_limit(c, "gross", when)
    if basis == "poverty_guideline":
        return np.asarray(
            np.ceil(poverty_guideline(c, c.monthly(size, when), when) * multiple / 12)
        )
    raise ParameterError(f"{basis_name}: unknown basis {basis!r}")


def categorically_eligible(c: Context, when: date) -> np.ndarray:
    """Broad-based categorical eligibility by the state's gross income limit (BBCE)."""
    return _bbce(c, when, gross_income)


def categorically_eligible_before_care_help(c: Context, when: date) -> np.ndarray:
    """BBCE if the family paid all its child care itself (Head Start's test, which must not
    depend on the care help Head Start gives; tanf.monthly_benefit_before_care_help)."""
    if not deducts_care(c):  # TANF the same either way: the same test
        return c.monthly(categorically_eligible, when)
    return _bbce(c, when, gross_income_before_care_help)


def _bbce(c: Context, when: date, gross: MonthlyRule) -> np.ndarray:
    name = f"{state_prefix(c)}.bbce_gross_income_limit"
    if name not in c.params or not c.h.counts["snap"].any():
        return np.zeros(c.shape, dtype=bool)
    limit = bbce_limit(c, when)
    return c.counted("snap", c.monthly(gross, when) <= limit).astype(bool)
