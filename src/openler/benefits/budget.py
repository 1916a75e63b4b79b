"""The basic-needs budget: what a family of this make-up spends in its county on the basics.

Each item is the household's own figure where it gave one (`expenses`, annual), otherwise:
- housing: HUD's Fair Market Rent for the county and bedrooms (24 CFR 888.113), which is a
  gross rent - shelter plus tenant-paid utilities - so utilities count only when given;
- food: the USDA food plan named by federal.usda.food_plans.budget_plan (the Thrifty plan)
  for each member's age, adjusted for household size (members' sex is not asked: for ages
  12 and up the mean of the female and male costs);
- childcare: the children's `childcare_expense` (or `expenses.childcare`), before any help,
  and for a child in care with no figure where every parent works, the state's published
  full-time center rate (programs/care_market_rate.py);
- health: the benchmark silver marketplace premium for every member under 65, before any
  credit (programs/aca.py); no out-of-pocket costs, and 0 for a family with employer coverage
  (its share of the employer premium is not estimated yet), which results say;
- transportation, other: counted only when given - default estimates are not modelled yet,
  which results say.

The budget is gross, before any subsidy: subsidies (CCDF, Head Start, housing, Medicaid, CHIP,
premium credits, food programs) are benefit columns, so net resources add them back.
A default whose published table does not cover the year is an error naming the table and the
`expenses` item that replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np

from openler.benefits.costs import hud_parameters, rent_monthly
from openler.benefits.engine import Context
from openler.benefits.params import ParameterNotPublished
from openler.benefits.programs.aca import gross_premium
from openler.benefits.programs.care_cost import childcare_cost

FOOD = "federal.usda.food_plans"
#: Budget items whose default is not modelled: counted only when the household gives them.
GIVEN_ONLY = ("utilities", "transportation", "other")


def _hint(item: str, estimate: Callable[[], np.ndarray]) -> np.ndarray:
    """``estimate()``; a missing table's error says which `expenses` item replaces it."""
    try:
        return estimate()
    except ParameterNotPublished as exc:
        raise ParameterNotPublished(
            f"{exc.message} Give expenses.{item} (annual dollars) to use your own figure.",
            field=exc.field,
        ) from None


def _rent_month(c: Context, when: date) -> np.ndarray:
    return c.broadcast(c.monthly(rent_monthly, when))


def budget_housing(c: Context) -> np.ndarray:
    """Annual rent: the household's own, or HUD's Fair Market Rent month by month, (H, E)."""
    return _hint("rent", lambda: c.over_year(_rent_month, hud_parameters(c)))


def _food_plan(c: Context) -> np.ndarray:
    costs = c.p(f"{FOOD}.{c.p(f'{FOOD}.budget_plan')}_monthly_cost")
    h = c.h
    adult = {  # mean of the female and male costs for each band from 12 up
        band: (float(costs[f"female_{band}"]) + float(costs[f"male_{band}"])) / 2
        for band in ("12_13", "14_19", "20_50", "51_70", "71_plus")
    }
    # Infants under 1 are priced at the 1-year-old cost (the plan starts at age 1).
    bands = [
        (h.age <= 1, costs["child_1"]),
        (h.age <= 3, costs["child_2_3"]),
        (h.age <= 5, costs["child_4_5"]),
        (h.age <= 8, costs["child_6_8"]),
        (h.age <= 11, costs["child_9_11"]),
        (h.age <= 13, adult["12_13"]),
        (h.age <= 19, adult["14_19"]),
        (h.age <= 50, adult["20_50"]),
        (h.age <= 70, adult["51_70"]),
    ]
    per_member = np.select([m for m, _ in bands], [float(v) for _, v in bands], adult["71_plus"])
    monthly = (per_member * h.present).sum(axis=1)
    factor = np.asarray(c.p(f"{FOOD}.household_size_adjustment"), dtype=float)
    size_factor = factor[np.clip(h.size, 1, len(factor)) - 1]
    return np.asarray(monthly * size_factor * 12)


def budget_food(c: Context) -> np.ndarray:
    own = c.h.expenses["food"]
    if np.isnan(own).any():
        own = np.where(np.isnan(own), _hint("food", lambda: _food_plan(c)), own)
    return c.broadcast(own)


def budget_childcare(c: Context) -> np.ndarray:
    return np.asarray(c(childcare_cost))


def budget_health(c: Context) -> np.ndarray:
    """Annual health costs: the household's own, else marketplace premiums before help, (H, E)."""
    own = c.h.expenses["health"]
    needed = np.isnan(own) & ~c.h.employer_health_insurance
    if needed.any():
        own = np.where(needed, _hint("health", lambda: gross_premium(c, needed)), own)
    own = np.nan_to_num(own)  # employer coverage: its premium share is not estimated
    return c.broadcast(own)


def _given(item: str) -> Callable[[Context], np.ndarray]:
    def rule(c: Context) -> np.ndarray:
        return c.broadcast(np.nan_to_num(c.h.expenses[item], nan=0.0))

    rule.__name__ = f"budget_{item}"
    rule.__doc__ = f"The household's own annual {item} expense (0 when not given)."
    return rule


GIVEN_RULES = {item: _given(item) for item in GIVEN_ONLY}


def expenses(c: Context) -> np.ndarray:
    """The whole basic-needs budget, annual, (H, E)."""
    total = c(budget_housing) + c(budget_food) + c(budget_childcare) + c(budget_health)
    for rule in GIVEN_RULES.values():
        total = total + c(rule)
    return np.asarray(total)
