"""The ACA premium tax credit (26 U.S.C. 36B; 26 CFR 1.36B-2, 1.36B-3) and the benchmark premium.

Benchmark: the second-lowest-cost silver plan (SLCSP) of the county for each member of the
coverage family (26 CFR 1.36B-3(f)), the county's age-0 premium times the age curve
(45 CFR 147.102), charging at most the three oldest children under 21 (147.102(c)(1)).

Credit, month by month (36B(b)(2)): the benchmark premium less 1/12 of the expected
contribution, the applicable percentage (36B(b)(3)(A), linear within a band, 26 CFR
1.36B-3(g)) of the year's household income, never below 0. Household income is MAGI as for
Medicaid (earnings plus Social Security), against the poverty guideline published before the
open-enrollment period, i.e. the prior year's (36B(d)(3); 26 CFR 1.36B-1(h)). Eligible only
between the lower and upper income limits (36B(c)(1)(A), (E)).

Assumptions, said here and in docs/benefits.md: the family buys the benchmark plan, so the
credit is the whole subsidy; everyone is a citizen or lawfully present and in one tax family;
the coverage family is the members not eligible for Medicaid or CHIP that month (eligibility,
not enrolment, bars the credit: 36B(c)(2)(B), 26 CFR 1.36B-2(c)(2)) and under 65 (65 and
older are taken to have Medicare); an offer of employer coverage (`employer_health_insurance`)
is taken to be affordable for the whole family, so nobody gets the credit (36B(c)(2)(C)).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import (
    Context,
    member_any,
    member_count,
    position,
    weighted_count,
)
from openler.benefits.geography import legacy_county
from openler.benefits.params import ParameterNotPublished
from openler.benefits.programs.common import poverty_guideline
from openler.benefits.programs.health import at_level, chip_by_level, medicaid_by_level
from openler.benefits.programs.income import household_income

PTC = "federal.irs.ptc"
ACA = "federal.cms.aca"
MEDICARE_AGE = 65


def _table(c: Context) -> str:
    return f"states.{c.h.state.lower()}.aca.benchmark_premium"


def parameters(c: Context) -> tuple[str, ...]:
    """What the credit reads, Medicaid and CHIP eligibility included (federal.cms holds both
    Medicaid's and the ACA's federal parameters)."""
    state = c.h.state.lower()
    medicaid = (f"states.{state}.medicaid", f"states.{state}.chip", "federal.hhs", "federal.cms")
    return (*medicaid, PTC, _table(c))


def base_premium(c: Context, when: date) -> np.ndarray:
    """Monthly benchmark premium at age 0 in each household's county, NaN where the table
    has no figure for the county, (H,)."""
    table = c.p(_table(c), when)
    return c.by_county(lambda fips: float(table.get(legacy_county(fips), np.nan)))


def require_premium(c: Context, when: date, needed: np.ndarray) -> None:
    """Refuse, naming the counties, when a household that needs it has no benchmark premium."""
    missing = needed & np.isnan(c.monthly(base_premium, when))
    if missing.any():
        counties = sorted(
            {legacy_county(f) for f, m in zip(c.h.county_fips, missing, strict=True) if m}
        )
        raise ParameterNotPublished(
            f"{_table(c)} has no benchmark premium for county {', '.join(counties)} in plan "
            f"year {when.year}. Import one with `openler data import slcsp FILE`, or give "
            "expenses.health and leave aca_ptc out of `programs`.",
            field=_table(c),
        )


def age_factor(c: Context, when: date) -> np.ndarray:
    """Each member's age-curve factor relative to age 0, (H, M)."""
    curves = c.p(f"{ACA}.age_curve", when)
    curve = curves.get(c.h.state.lower(), curves["default"])
    ages = np.array([float(b["threshold"]) for b in curve])
    factors = np.array([float(b["amount"]) for b in curve])
    band = np.searchsorted(ages, c.h.age, side="right") - 1
    return np.asarray(factors[band] / factors[0])


def member_premiums(c: Context, when: date) -> np.ndarray:
    """Monthly benchmark premium of each member alone (0 where the county has none), (H, M)."""
    base = np.nan_to_num(c.monthly(base_premium, when))
    return np.asarray(base[:, None] * c.monthly(age_factor, when))


def rated(c: Context, covered: np.ndarray, when: date) -> np.ndarray:
    """``covered`` (H, X, M), for each of X sets of members, less children under 21 beyond
    the three oldest covered ones."""
    rule = c.p(f"{ACA}.rated_children", when)
    age = c.h.age
    child = covered & (age < int(rule["under_age"]))[:, None, :]
    count = int(rule["count"])
    many = np.flatnonzero(member_count(child).max(axis=1) > count)
    if not many.size:
        return covered
    # Only households with more covered children than are charged: how many covered children
    # come before each child, oldest first (ties: list order).
    age, child = age[many], child[many]
    slots = np.arange(age.shape[1])
    ahead = np.zeros(child.shape, dtype=np.int16)
    for k in range(age.shape[1]):
        first = (age[:, k, None] > age) | ((age[:, k, None] == age) & (k < slots))
        ahead += child[:, :, k, None] & first[:, None, :]
    out = covered.copy()
    out[many] &= ~(child & (ahead >= count))
    return out


def benchmark_premium(c: Context, covered: np.ndarray, when: date) -> np.ndarray:
    """Monthly benchmark premium for each of X sets of ``covered`` members (H, X, M), (H, X)."""
    charged = rated(c, covered, when)
    return weighted_count(charged, c.monthly(member_premiums, when))


def income_ratio(c: Context) -> np.ndarray:
    """Household income over the poverty guideline in force when open enrollment began on
    November 1 of the prior year, (H, E)."""
    guideline = poverty_guideline(c, c.h.size, date(c.year - 1, 11, 1))
    return np.asarray(c(household_income) / guideline[:, None])


def applicable_percentage(c: Context, when: date) -> np.ndarray:
    """Share of household income expected as contribution, (H, E): the income percentage of
    the poverty line with its decimals dropped (Form 8962 instructions, line 5, worksheet 2),
    then linear within its band, rounded to 0.01% (26 CFR 1.36B-3(g); Form 8962 table 2)."""
    initial = c.p(f"{PTC}.applicable_percentage.initial", when)
    final = c.p(f"{PTC}.applicable_percentage.final", when)
    lows = np.array([float(b["threshold"]) for b in initial])
    start = np.array([float(b["rate"]) for b in initial])
    end = np.array([float(b["rate"]) for b in final])
    ratio = np.floor(c(income_ratio) * 100 + 1e-9) / 100  # (1e-9: 1.4 x 100 is 139.99...)
    band = position(lows, ratio, side="right") - 1
    # Each band's width (infinite for the last, where the share is 0) and rise, then one
    # gather of each per point.
    widths = np.append(lows[1:], np.inf) - lows
    share = (ratio - lows[band]) / widths[band]
    return np.asarray(np.round(start[band] + (end - start)[band] * share, 4))


def coverage_family(c: Context, when: date) -> np.ndarray:
    """Members the credit can cover this month at each level of the household's MAGI ratio
    among its Medicaid and CHIP limits (health.py), (H, K + 1, M)."""
    h = c.h
    # Medicare is minimum essential coverage (26 U.S.C. 5000A(f)(1)(A)(i)): no credit for it.
    open_to = (
        h.present & (h.age < MEDICARE_AGE) & ~h.medicare & ~h.employer_health_insurance[:, None]
    )
    public = c.monthly(medicaid_by_level, when) | c.monthly(chip_by_level, when)
    return np.asarray(open_to[:, None, :] & ~public)


def ptc_monthly(c: Context, when: date) -> np.ndarray:
    require_premium(c, when, c.h.counts["aca_ptc"])
    limits = c.p(f"{PTC}.income_limit", when)
    ratio = c(income_ratio)
    eligible = (ratio >= float(limits["lower"])) & (ratio <= float(limits["upper"]))
    covered = c.monthly(coverage_family, when)
    contribution = c.monthly(applicable_percentage, when) * c(household_income) / 12
    premium = at_level(c, when, benchmark_premium(c, covered, when))
    credit = np.maximum(premium - contribution, 0.0)
    return np.asarray(credit * (eligible & at_level(c, when, member_any(covered))))


def aca_ptc(c: Context) -> np.ndarray:
    """The year's premium tax credit, (H, E)."""
    return c.over_year(ptc_monthly, parameters(c))


def gross_premium(c: Context, needed: np.ndarray) -> np.ndarray:
    """Annual benchmark premium for every member under 65 without Medicare (who pays the
    Part B premium instead), before any help, (H,): what the
    family would pay for marketplace coverage on its own (the budget's health default).
    ``needed`` marks the households that use it (a missing county is an error only there)."""
    when = date(c.year, 1, 1)
    require_premium(c, when, needed)
    h = c.h
    everyone = (h.present & (h.age < MEDICARE_AGE) & ~h.medicare)[:, None, :]
    return np.asarray(12 * benchmark_premium(c, everyone, when)[:, 0])
