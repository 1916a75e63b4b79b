"""SNAP, the Supplemental Nutrition Assistance Program (7 U.S.C. 2011 ff.; 7 CFR 273).

Computed month by month (federal amounts change each October 1):

- Gross income: earnings and Social Security of all members (7 CFR 273.9(b)).
- Eligibility (7 CFR 273.9(a)): gross income at most 130% of poverty (waived for households
  with an elderly member, 60 or older, or a disabled one - a `disabled` member receiving SSI
  or Social Security disability benefits, 7 CFR 271.2), net income at most 100%, and
  resources within the limit (7 CFR 273.8) - or broad-based categorical eligibility where
  the state has it (7 CFR 273.2(j)(2)), which in Florida means gross income at most 200% of
  poverty and no asset test.
- Net income (7 CFR 273.9(d)): less 20% of earnings, the standard deduction by household
  size, the excess medical deduction of elderly and disabled members (snap_medical.py),
  dependent-care costs, and the excess shelter deduction: shelter costs (rent plus the
  state's standard utility allowance) above half of income after the other deductions,
  capped unless a member is elderly (60+) or disabled.
- Benefit (7 CFR 273.10(e)): the maximum allotment for the household size less 30% of net
  income (rounded up), with the minimum benefit for eligible households of one or two.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context, household_earnings
from openler.benefits.programs.childcare import childcare_paid, monthly_childcare_paid
from openler.benefits.programs.common import by_size, income_support_parameters
from openler.benefits.programs.housing import rent_paid_monthly
from openler.benefits.programs.medical_costs import members_with_costs
from openler.benefits.programs.snap_gross import (
    SNAP,
    categorically_eligible,
    gross_income,
    income_limit,
    size,
    state_prefix,
)
from openler.benefits.programs.snap_medical import monthly_deduction
from openler.benefits.programs.snap_time_limit import (
    applies,
    counted_cost_share,
    excluded,
    uncounted_earnings,
)
from openler.benefits.programs.ssdi import ssdi_received
from openler.benefits.programs.ssi import ssi, ssi_eligible_people

# 7 CFR 271.2: an elderly member is 60 or older.
ELDERLY_AGE = 60


def _with_disabled(c: Context) -> np.ndarray:
    """The households with a `disabled` member, as row indices."""
    return np.flatnonzero((c.h.present & c.h.disabled).any(axis=1))


def disabled_members(c: Context) -> np.ndarray:
    """For the households of ``_with_disabled``, the members SNAP counts as disabled, (r, E,
    M): a `disabled` member who receives SSI (with Connecticut's supplement) or Social
    Security disability benefits (7 CFR 271.2, "elderly or disabled member"). The other
    benefits that definition lists (veterans', railroad and government disability pensions,
    disability-based Medicaid or state general assistance) have no input; with the incomes
    the household format has, SSI reaches beyond the poverty-level Medicaid groups, so
    disability-based Medicaid adds no one."""
    h = c.h
    rows = c(_with_disabled)
    disabled = (h.present & h.disabled)[rows]
    receives_ssi = (c(ssi)[rows] > 0)[:, :, None] & c(ssi_eligible_people)[rows][:, None, :]
    out = disabled[:, None, :] & receives_ssi
    on_ssdi = disabled & (h.ssdi_monthly[rows] > 0)
    for slot in np.flatnonzero(on_ssdi.any(axis=0)):
        one = np.zeros_like(h.present)
        one[rows, slot] = on_ssdi[:, slot]
        out[:, :, slot] |= ssdi_received(c, one)[rows] > 0
    return np.asarray(out)


def members_for(c: Context, when: date, rows: np.ndarray) -> np.ndarray:
    """The elderly or disabled members of the households ``rows`` who stay in the SNAP
    household, (r, 1, M) or (r, E, M): a member the time limit excludes (aged 60-64 from
    July 2025) does not count. Only these rows are computed (a batch has few such
    households)."""
    h = c.h
    member = (h.present & (h.age >= ELDERLY_AGE))[rows][:, None, :]
    disabled_rows = c(_with_disabled)
    if disabled_rows.size:
        at = np.minimum(np.searchsorted(disabled_rows, rows), disabled_rows.size - 1)
        hit = disabled_rows[at] == rows
        if hit.any():
            counted = c(disabled_members)
            member = np.broadcast_to(member, (len(rows), counted.shape[1], member.shape[2]))
            member = member.copy()
            member[hit] |= counted[at[hit]]
    if applies(c):
        member = member & ~c.monthly(excluded, when)[rows]
    return np.asarray(member)


def has_elderly_or_disabled(c: Context) -> np.ndarray:
    """Whether a member is elderly or counted as disabled, (H, 1) or (H, E)."""
    h = c.h
    elderly = np.asarray((h.present & (h.age >= ELDERLY_AGE)).any(axis=1))[:, None]
    rows = c(_with_disabled)
    if not rows.size:
        return np.asarray(elderly)
    out = np.broadcast_to(elderly, c.shape).copy()
    out[rows] |= c(disabled_members).any(axis=2)
    return out


def elderly_or_disabled(c: Context, when: date) -> np.ndarray:
    """Whether a member who stays in the SNAP household is elderly or disabled, (H, 1) or
    (H, E)."""
    if not applies(c):
        return c(has_elderly_or_disabled)
    return np.asarray(members_for(c, when, np.arange(len(c.h))).any(axis=2))


def medical_deduction(c: Context, when: date) -> np.ndarray:
    """The excess medical deduction this month, (H, 1) or (H, E) (snap_medical.py), computed
    for the households with an elderly or disabled member who has medical costs."""
    h = c.h
    costs = c(members_with_costs) & ((h.age >= ELDERLY_AGE) | h.disabled)
    rows = np.flatnonzero(costs.any(axis=1))
    if not rows.size:
        return np.zeros((len(h), 1))
    return monthly_deduction(c, when, members_for(c, when, rows), rows)


def monthly_earnings(c: Context) -> np.ndarray:
    return np.asarray(c(household_earnings) / 12)


def net_income(c: Context, when: date) -> np.ndarray:
    n = c.monthly(size, when)
    # Nobody excluded by the time limit (``applies`` false): no earnings uncounted and costs
    # counted in full - the same numbers without subtracting zero and multiplying by one,
    # and the year's monthly earnings and care costs computed once.
    limited = applies(c)
    if limited:
        earned = (c(household_earnings) - c.monthly(uncounted_earnings, when)) / 12
    else:
        earned = c(monthly_earnings)
    gross = c.monthly(gross_income, when)
    standard = by_size(c.p(f"{SNAP}.standard_deduction", when), n)
    if limited:
        # Costs paid by members the time limit excludes count in part.
        paid = c.monthly(counted_cost_share, when)
        care = c(childcare_paid) / 12 * paid
    else:
        care = c(monthly_childcare_paid)
    after = gross - float(c.p(f"{SNAP}.earned_income_deduction", when)) * earned
    after = np.maximum(after - standard - c.monthly(medical_deduction, when) - care, 0.0)
    utilities = float(c.p(f"{state_prefix(c)}.standard_utility_allowance", when))
    rent = c.monthly(rent_paid_monthly, when)
    shelter = (rent * paid if limited else rent) + utilities
    excess = np.maximum(
        shelter - float(c.p(f"{SNAP}.shelter_share_of_net_income", when)) * after, 0.0
    )
    cap = float(c.p(f"{SNAP}.excess_shelter_deduction_cap", when))
    # Uncapped where a member who stays in the SNAP household is elderly or disabled.
    excess = np.minimum(excess, np.where(c.monthly(elderly_or_disabled, when), np.inf, cap))
    return np.asarray(np.maximum(after - excess, 0.0))


def eligible(c: Context, when: date) -> np.ndarray:
    gross_ok = (c.monthly(gross_income, when) <= income_limit(c, "gross", when)) | c.monthly(
        elderly_or_disabled, when
    )
    net_ok = c.monthly(net_income, when) <= income_limit(c, "net", when)
    limits = c.p(f"{SNAP}.resource_limit", when)
    resource_limit = np.where(
        c(has_elderly_or_disabled), limits["elderly_or_disabled"], limits["general"]
    )
    assets_ok = c.h.assets[:, None] <= resource_limit
    return np.asarray(c.monthly(categorically_eligible, when) | (gross_ok & net_ok & assets_ok))


def monthly_benefit(c: Context, when: date) -> np.ndarray:
    if not c.h.counts["snap"].any():
        # Nobody in the batch takes SNAP: no allotment, and no SNAP rule is read.
        return np.zeros(c.shape)
    n = c.monthly(size, when)
    maximum = by_size(
        c.p(f"{SNAP}.max_allotment", when),
        n,
        float(c.p(f"{SNAP}.max_allotment_additional_member", when)),
    )
    rate = float(c.p(f"{SNAP}.benefit_reduction_rate", when))
    benefit = maximum - np.ceil(rate * c.monthly(net_income, when))
    small = n <= int(c.p(f"{SNAP}.min_benefit_max_household_size", when))
    minimum = np.where(small, float(c.p(f"{SNAP}.min_benefit", when)), 0.0)
    benefit = np.maximum(benefit, minimum)
    # A household whose every member the time limit excludes gets nothing (n = 0).
    eligible_now = c.monthly(eligible, when) & (n > 0)
    return c.counted("snap", np.maximum(benefit, 0.0) * eligible_now)


def received(c: Context, when: date) -> np.ndarray:
    """Whether the household receives SNAP this month (other programs' categorical
    eligibility), (H, E)."""
    return np.asarray(c.monthly(monthly_benefit, when) > 0)


def snap(c: Context) -> np.ndarray:
    """Annual SNAP benefit: the sum of the monthly allotments."""
    return c.over_year(monthly_benefit, income_support_parameters(c))
