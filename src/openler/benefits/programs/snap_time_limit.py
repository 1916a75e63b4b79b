"""SNAP's time limit for able-bodied adults without dependents (ABAWDs; 7 U.S.C. 2015(o),
7 CFR 273.24, as amended by P.L. 119-21 sec. 10102 from July 4, 2025).

An ABAWD who has received SNAP for 3 countable months in a 36-month period while not meeting
the work requirement is ineligible until they meet it. A one-year sweep cannot know the
months already used, so the limit is applied only to members the caller marks
``snap_time_limit_used`` (the 3 months used up, in an area that is not waived). Such a
member is excluded in a month when they are subject to the limit - aged within
``time_limit.age_range``, not disabled (nor receiving SSDI, 273.24(c)(2)), not pregnant, in
a household with no member under ``time_limit.dependent_child_age`` (273.24(c)(4)), not
exempt from work registration by working 30 hours a week or earning 30 times the federal
minimum wage a week (2015(d)(2)(E), 2015(o)(3)(D)) - and does not work 80 hours a month
(273.24(a)(1)). Hours not given are not taken to meet the work test; the earnings exemption
still applies.

An excluded member is treated as 7 CFR 273.11(c)(2) says: they leave the household size, a
pro rata share of their income counts (their earnings divided evenly among all members, all
but the excluded members' shares counted), and the shelter and dependent-care costs they pay
count in the same proportion. The household gives no payer for its costs, so each member is
taken to pay an equal share; the standard utility allowance is not prorated.
Time-limited adults are under (c)(2), not (c)(1) (income counted in full): so the states'
rules read (Maine 10-144 C.M.R. ch. 301 FS 444-4; Haw. Code R. 17-663-82.1; Missouri FSM
1115.070.00).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context

TIME_LIMIT = "federal.usda.snap.time_limit"
WEEKS_PER_YEAR = 52
WEEKS_PER_MONTH = WEEKS_PER_YEAR / 12


def applies(c: Context) -> bool:
    """Whether any member of the batch is marked as having used the time limit."""
    return bool((c.h.present & c.h.snap_time_limit_used).any())


def member_earnings(c: Context) -> np.ndarray:
    """Annual earnings of each member at each sweep point, (H, E, M)."""
    h = c.h
    swept = c.earnings[:, :, None] * h.is_earner[:, None, :]
    return np.asarray(swept + (h.fixed_earnings * ~h.is_earner)[:, None, :])


def excluded(c: Context, when: date) -> np.ndarray:
    """Members excluded from the SNAP household by the time limit this month, (H, E, M)."""
    h = c.h
    ages = c.p(f"{TIME_LIMIT}.age_range", when)
    child_age = float(c.p(f"{TIME_LIMIT}.dependent_child_age", when))
    has_child = np.asarray((h.present & (h.age < child_age)).any(axis=1))
    subject = (
        h.present
        & h.snap_time_limit_used
        & (h.age >= float(ages["min"]))
        & (h.age <= float(ages["max"]))
        & ~h.disabled
        & (h.ssdi_monthly <= 0)
        & ~h.pregnant
        & ~has_child[:, None]
    )
    # NaN hours (not given) compare False: not shown to work.
    hours = h.weekly_hours
    works = (hours * WEEKS_PER_MONTH >= float(c.p(f"{TIME_LIMIT}.monthly_work_hours", when))) | (
        hours >= float(c.p(f"{TIME_LIMIT}.exempt_weekly_hours", when))
    )
    weekly = c(member_earnings) / WEEKS_PER_YEAR
    earns = weekly >= float(c.p(f"{TIME_LIMIT}.exempt_weekly_earnings", when))
    return np.asarray((subject & ~works)[:, None, :] & ~earns)


def household_size(c: Context, when: date) -> np.ndarray:
    """SNAP household size: (H, 1) when nobody is marked, else (H, E) less excluded members."""
    size = c.h.size[:, None]
    if not applies(c):
        return np.asarray(size)
    return np.asarray(size - c.monthly(excluded, when).sum(axis=2))


def eligible_share(c: Context, when: date) -> np.ndarray:
    """Share of the members who stay in the SNAP household, (H, 1) or (H, E)."""
    return np.asarray(c.monthly(household_size, when) / np.maximum(c.h.size, 1)[:, None])


def uncounted_earnings(c: Context, when: date) -> np.ndarray:
    """Annual earnings of excluded members that 273.11(c)(2)(ii) leaves uncounted, (H, E):
    the excluded members' shares of their earnings divided among all members."""
    if not applies(c):
        return np.zeros((len(c.h), 1))
    own = (c(member_earnings) * c.monthly(excluded, when)).sum(axis=2)
    return np.asarray(own * (1 - c.monthly(eligible_share, when)))


def counted_cost_share(c: Context, when: date) -> np.ndarray:
    """Share of a cost paid evenly by all members that counts (273.11(c)(2)(iii)): the
    staying members' shares in full, the excluded members' shares prorated, (H, 1) or (H, E)."""
    share = c.monthly(eligible_share, when)
    return np.asarray(share * (2 - share))
