"""The market-rate default for a child's care cost, when the family gives none.

A child needs paid care when it is under 13 (or disabled; care_cost.care_children) and every
parent in the household works: the head and any spouse each have earnings at that point of
the sweep (the swept earner at earnings above zero, the others their fixed earnings), and
the head's `weekly_hours` is not 0. Such a child with no `childcare_expense`, in a household
that gave no `expenses.childcare`, is priced at the state's published full-time rate for
center care for its age and county: the CCDF maximum payment rate, which states set from
their market rate survey (45 CFR 98.45). Like CLIFF, the default applies automatically; the
programs (Head Start, CCDF, SNAP's deduction, the care credit) then see that cost. A family
that pays nothing gives `childcare_expense: 0`.

Each month carries one twelfth of the annual cost at the rate in force that month:
weekly rate x weeks a year (federal.budget.childcare_weeks_per_year) / 12, a daily rate
(Florida) first times the days of a week (federal.budget.childcare_days_per_week).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.geography import legacy_county
from openler.benefits.params import ParameterNotPublished

WEEKS = "federal.budget.childcare_weeks_per_year"
DAYS = "federal.budget.childcare_days_per_week"
HINT = (
    " Give childcare_expense (annual dollars) for each child in paid care, 0 for a child in "
    "no paid care, or expenses.childcare for the whole family."
)


# 26 U.S.C. 21(b)(1)(A), 7 CFR 273.9(d)(4) and 45 CFR 98.20(a)(1): care counts for children
# under 13 (or disabled members).
CARE_AGE = 13


def care_children(c: Context) -> np.ndarray:
    h = c.h
    return np.asarray(h.present & h.is_child & ((h.age < CARE_AGE) | h.disabled))


def _table(c: Context) -> str:
    return f"states.{c.h.state.lower()}.budget"


def parents_work(c: Context) -> np.ndarray:
    """Whether every parent (head and spouse) works at each sweep point, (H, E)."""
    h = c.h
    parents = h.present & (h.is_head | h.is_spouse)
    others_work = ~(parents & ~h.is_earner & (h.fixed_earnings <= 0)).any(axis=1)
    earner_is_parent = (parents & h.is_earner).any(axis=1)
    head_idle = h.head_weekly_hours == 0
    works = others_work[:, None] & (~earner_is_parent[:, None] | (c.earnings > 0))
    return np.asarray(works & ~head_idle[:, None])


def needs_default(c: Context) -> np.ndarray:
    """Children in care whose cost the family did not give, (H, M)."""
    no_total = np.isnan(c.h.expenses["childcare"])
    return np.asarray(c(care_children) & ~c.h.childcare_given & no_total[:, None])


def _rate_name(c: Context) -> str:
    """The state's rate table: weekly, or daily where the state publishes daily rates."""
    daily = f"{_table(c)}.childcare_daily_rate"
    return daily if daily in c.params else f"{_table(c)}.childcare_weekly_rate"


def _monthly_rate(c: Context, when: date) -> np.ndarray:
    """Each child's monthly cost at the rate in force on ``when``, (H, M)."""
    table = _table(c)
    name = _rate_name(c)
    rates = c.p(name, when)
    per_week = float(c.p(DAYS, when)) if name.endswith("daily_rate") else 1.0
    starts = np.asarray(c.p(f"{table}.childcare_age_groups", when), dtype=float)
    rows = c.by_county(lambda fips: rates[legacy_county(fips)])
    group = np.searchsorted(starts, c.h.age, side="right") - 1
    rate = np.take_along_axis(rows, np.clip(group, 0, rows.shape[1] - 1), axis=1)
    return np.asarray(rate * per_week * float(c.p(WEEKS, when)) / 12)


def default_child_costs(c: Context) -> np.ndarray:
    """Annual market-rate cost of each child needing a default, (H, M); 0 for the others."""
    needed = c(needs_default)
    if not needed.any():
        return np.zeros(needed.shape)
    table = _rate_name(c)
    if table not in c.params:
        raise ParameterNotPublished(
            f"{table}: no market-rate childcare table is encoded for {c.h.state}." + HINT,
            field=table,
        )
    try:
        total = np.zeros(needed.shape)
        for first, months in c.periods((_table(c), WEEKS, DAYS)):
            total += months * c.monthly(_monthly_rate, first)
    except ParameterNotPublished as exc:
        raise ParameterNotPublished(exc.message + HINT, field=exc.field) from None
    return np.asarray(total * needed)
