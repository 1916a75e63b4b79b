"""Medicare Savings Programs: Medicaid pays the Medicare Part B premium of low-income people
with Medicare (42 U.S.C. 1396a(a)(10)(E), 1396d(p); SSA 1905(p), (s)).

Three tiers pay the premium: QMB (income not exceeding 100% of the poverty line; it also pays
Part A premiums and Medicare cost sharing), SLMB (above that but "less than" 120%,
1396a(a)(10)(E)(iii)) and QI ("at least 120 percent, but less than 135 percent", (E)(iv)),
for the individual or the married couple (the poverty line for a family of 1 or 2), with
income counted as for SSI (1396d(p)(2)(D): unearned income less the $20 general exclusion, then
earnings less what is left of it, less $65, halved; ssi.py), and countable resources within
the federal limit (federal.cms.medicare_savings). States may be more generous
(1396a(r)(2)): Maine (150%/170%/185% of the line, from July 2024 185%/250%, with a $75
general disregard) and Connecticut (211%/231%/246%) raise the limits, and Maine,
Connecticut and Alabama test no assets (states.<st>.medicare_savings); Florida and Georgia
use the federal limits.

The value is the Part B premium paid, month by month, for each member with Medicare
(`medicare`) whose unit passes the tests: head and spouse as one unit, any other member with
Medicare alone on their own income. The budget charges that premium (budget.py), so a
family the program helps is no worse off for it. Not modelled: QMB's payment of Medicare
deductibles and coinsurance (the budget's out-of-pocket line is a survey mean and does not
move with it), Part A premiums (premium-free Part A is assumed), QI's annual funding cap,
the disregard of January's Social Security cost-of-living increase until the new poverty
guidelines (1396d(p)(2)(D)(i)) and each state's date for adopting them (they apply from the
HHS notice here).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.common import not_built
from openler.benefits.programs.ssi import within_poverty_share

PART_B = "federal.cms.medicare.part_b_premium"
MSP = "federal.cms.medicare_savings"
PROGRAM = "medicare_savings"


def _state(c: Context) -> str:
    return f"states.{c.h.state.lower()}.medicare_savings"


def medicare_people(c: Context) -> np.ndarray:
    """Members with Medicare, who pay the Part B premium, (H, M)."""
    return np.asarray(c.h.present & c.h.medicare)


def _income_share(c: Context, when: date) -> float:
    """The highest tier's limit (the tiers paying Part B adjoin), a fraction of the line:
    income must be below it (QI's "less than 135 percent"; a state's higher limits are the
    same tiers widened by disregards, 1396a(r)(2))."""
    name = f"{_state(c)}.income_limit"
    tiers = c.p(name if name in c.params else f"{MSP}.income_limit", when)
    return max(float(v) for v in tiers.values())


def _unit_eligible(
    c: Context, when: date, unit: np.ndarray, rows: np.ndarray, share: float
) -> np.ndarray:
    """Whether the unit (an (H, M) mask) passes the income and asset tests, for ``rows``,
    (len(rows), E)."""
    general = f"{_state(c)}.general_income_exclusion"  # Maine's $75; else SSI's $20
    tested = c.p(f"{_state(c)}.asset_test", when)
    return within_poverty_share(
        c,
        when,
        unit,
        rows,
        share=share,
        general=float(c.p(general, when)) if general in c.params else None,
        resources=c.p(f"{MSP}.resource_limit", when) if tested else None,
        below=True,
    )


def msp_monthly(c: Context, when: date) -> np.ndarray:
    """The Part B premiums the programs pay this month, (H, E)."""
    h = c.h
    people = c(medicare_people) & h.counts[PROGRAM][:, None]
    out = np.zeros(c.shape)
    if not people.any():
        return out  # nobody with Medicare: read no parameter (nor refuse a state)
    if f"{_state(c)}.asset_test" not in c.params:
        raise not_built(
            f"{h.state}'s Medicare Savings Programs", f"{_state(c)}.asset_test", PROGRAM
        )
    premium = float(c.p(PART_B, when))
    share = _income_share(c, when)
    couple = h.present & (h.is_head | h.is_spouse)
    # Head and spouse: one unit on their combined income, each with Medicare paid for.
    rows = np.flatnonzero((people & couple).any(axis=1))
    if rows.size:
        paid = (people & couple).sum(axis=1)[rows, None] * premium
        out[rows] = _unit_eligible(c, when, couple, rows, share) * paid
    # Anyone else with Medicare (a parent living with the family): alone, on their own income.
    others = people & ~couple
    for slot in np.flatnonzero(others.any(axis=0)):
        alone = np.zeros_like(others)
        alone[:, slot] = others[:, slot]
        rows = np.flatnonzero(alone[:, slot])
        out[rows] += _unit_eligible(c, when, alone, rows, share) * premium
    return out


def parameters(c: Context) -> tuple[str, ...]:
    """What the programs read: a change in any splits the year."""
    return (PART_B, MSP, _state(c), "federal.hhs", "federal.ssa")


def medicare_savings(c: Context) -> np.ndarray:
    """The year's Part B premiums paid by the Medicare Savings Programs, (H, E)."""
    if not c(medicare_people).any():
        return np.zeros(c.shape)
    return c.over_year(msp_monthly, parameters(c))


def part_b_premium(c: Context) -> np.ndarray:
    """The year's standard Part B premiums of the members with Medicare, before any help,
    (H,): the budget's charge (premium-free Part A assumed; no income-related adjustment,
    which starts far above the incomes a cliff planner looks at)."""
    count = c(medicare_people).sum(axis=1)
    if not count.any():
        return np.zeros(len(count))
    months = c.periods((PART_B,))
    annual = sum(n * float(c.p(PART_B, first)) for first, n in months)
    return np.asarray(count * annual)
