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
- health: premiums plus out-of-pocket costs (budget_health_premium, _out_of_pocket).
  Each member with Medicare (`medicare`: by default everyone 65 or older, and a disabled
  member on SSDI) pays the standard Medicare Part B premium (programs/
  medicare_savings.py; premium-free Part A assumed, no income-related adjustment; a member of 65
  or more given `medicare: false` pays nothing here). The Medicare Savings Programs'
  payment of it for low-income people is the benefit column `medicare_savings`. Premiums
  cover every other member under 65: with employer coverage (`employer_health_insurance`) the
  employee's average contribution in the state for the tier that covers them - single,
  employee-plus-one, family (3 or more) - from the MEPS Insurance Component (survey year
  2025, federal.budget.employer_premium_contribution); otherwise the benchmark silver
  marketplace premium before any credit (programs/aca.py). Out-of-pocket costs (care, drugs,
  dental - not premiums) are, for every member of any age, the national mean per person of
  the member's age group in the MEPS Household Component (data year 2018,
  federal.budget.out_of_pocket_per_person). The 2025 and 2018 surveys stand for 2024-2026,
  not uprated: explicit, cited parameter choices. Who is covered does not depend on
  Medicaid or CHIP eligibility, and members eligible for them are charged the same
  out-of-pocket mean: the line is what the family would pay with the coverage it would have
  without public help, and Medicaid's and CHIP's value (benefit columns) stands for the
  coverage - premium and cost sharing - they give instead. So the budget does not move
  with eligibility along the sweep, and net resources keep their one definition;
- transportation and other necessities: the average annual spending of families of the same
  make-up in the BLS Consumer Expenditure Surveys (Table 1502, composition of consumer unit,
  survey year 2024, national): transportation the running cost of the family's vehicles
  (gasoline and other vehicle expenses), other necessities clothing, personal care,
  housekeeping supplies and a cell phone (federal.budget.transportation_lines, other_lines).
  Why this table: a federal survey that prices these items for each family type (a couple,
  a couple with young or school-age children, a single parent, a single person), which
  matters more to a family's budget than the region (the survey's regional tables are not
  by family type). Its means cover families of all incomes, so only recurring needs
  are counted (no vehicle purchases, entertainment or furnishings). The 2024 survey stands
  for 2025 and 2026 too, not uprated - an explicit, cited parameter choice;
- utilities: counted only when given (HUD's Fair Market Rent already includes them).

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
from openler.benefits.programs.aca import MEDICARE_AGE, gross_premium
from openler.benefits.programs.care_cost import childcare_cost
from openler.benefits.programs.medicare_savings import part_b_premium

FOOD = "federal.usda.food_plans"
CE = "federal.budget.ce_annual_by_composition"
ESI = "federal.budget.employer_premium_contribution"
#: MEPS-IC coverage tiers, by the number of people covered (1, 2, 3 or more).
ESI_TIERS = ("single", "employee_plus_one", "family")
OOP = "federal.budget.out_of_pocket_per_person"
#: Budget items whose default is not modelled: counted only when the household gives them.
GIVEN_ONLY = ("utilities",)
#: The family types of the CE composition table, in the order _composition numbers them.
COMPOSITIONS = (
    "married_couple_only",
    "married_oldest_child_under_6",
    "married_oldest_child_6_17",
    "married_oldest_child_18_plus",
    "other_married_couple",
    "one_parent",
    "single_and_other",
)


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


def _own_or(c: Context, item: str, estimate: Callable[[], np.ndarray]) -> np.ndarray:
    """The household's own annual ``item``, else ``estimate()`` (per household), (H, E)."""
    own = c.h.expenses[item]
    if np.isnan(own).any():
        own = np.where(np.isnan(own), _hint(item, estimate), own)
    return c.broadcast(own)


def budget_food(c: Context) -> np.ndarray:
    return _own_or(c, "food", lambda: _food_plan(c))


def _composition(c: Context) -> np.ndarray:
    """Each household's CE family type, an index into COMPOSITIONS, (H,).

    A couple is a head with a spouse; with another adult it is an "other married couple"
    (BLS: a couple living with others), else it is classed by its oldest child. Without a
    spouse, a child under 18 makes "one parent"; anyone else is "single and other".
    """
    h = c.h
    couple = (h.present & h.is_spouse).any(axis=1)
    children = h.present & h.is_child
    oldest = np.where(children, h.age, -1).max(axis=1)
    others = (h.present & h.is_other_adult).any(axis=1)
    minor = (children & (h.age < 18)).any(axis=1)
    rules = [
        (couple & others, 4),
        (couple & (oldest < 0), 0),
        (couple & (oldest < 6), 1),
        (couple & (oldest < 18), 2),
        (couple, 3),
        (minor, 5),
    ]
    return np.asarray(np.select([m for m, _ in rules], [i for _, i in rules], 6))


def _ce_cost(c: Context, lines: str) -> np.ndarray:
    """Annual cost of the CE lines the parameter ``lines`` counts, per household, (H,)."""
    table = c.p(CE)
    by_type = np.zeros(len(COMPOSITIONS))
    for line, share in c.p(f"federal.budget.{lines}").items():
        by_type += float(share) * np.array([float(table[line][k]) for k in COMPOSITIONS])
    return np.asarray(by_type[c(_composition)])


def budget_transportation(c: Context) -> np.ndarray:
    """Annual transportation: the household's own, else its family type's vehicle running
    costs in the Consumer Expenditure Surveys, (H, E)."""
    return _own_or(c, "transportation", lambda: _ce_cost(c, "transportation_lines"))


def budget_other(c: Context) -> np.ndarray:
    """Annual other necessities: the household's own, else its family type's spending on
    clothing, personal care, housekeeping supplies and a phone, (H, E)."""
    return _own_or(c, "other", lambda: _ce_cost(c, "other_lines"))


def budget_childcare(c: Context) -> np.ndarray:
    return np.asarray(c(childcare_cost))


def _health_default(c: Context) -> np.ndarray:
    """Households whose health line is the default (no `expenses.health`), (H,)."""
    return np.asarray(np.isnan(c.h.expenses["health"]))


def _employer_premium(c: Context) -> np.ndarray:
    """The employee's annual contribution for the employer coverage tier of the members under
    65 without Medicare - none, single, employee-plus-one, family (3 or more) - in the
    state, (H,)."""
    table = c.p(ESI)[c.h.state.lower()]
    by_count = np.array([0.0, *(float(table[tier]) for tier in ESI_TIERS)])
    h = c.h
    covered = (h.present & (h.age < MEDICARE_AGE) & ~h.medicare).sum(axis=1)
    return np.asarray(by_count[np.minimum(covered, len(ESI_TIERS))])


def _premium(c: Context) -> np.ndarray:
    """Annual premium of the coverage the family would have without public help, (H,):
    the Part B premium of each member with Medicare, plus the others' coverage."""
    default = c(_health_default)
    employer = c.h.employer_health_insurance
    out = np.where(default, part_b_premium(c), 0.0)
    market = default & ~employer
    if market.any():
        out = out + np.where(market, gross_premium(c, market), 0.0)
    if (default & employer).any():
        out = out + np.where(default & employer, _employer_premium(c), 0.0)
    return out


def _out_of_pocket(c: Context) -> np.ndarray:
    """Annual out-of-pocket health costs: each member's age-group mean, summed, (H,)."""
    brackets = c.p(OOP)
    ages = np.array([float(b["threshold"]) for b in brackets])
    amounts = np.array([float(b["amount"]) for b in brackets])
    h = c.h
    per_member = amounts[np.searchsorted(ages, h.age, side="right") - 1]
    return np.asarray((per_member * h.present).sum(axis=1))


def _default_part(c: Context, estimate: Callable[[Context], np.ndarray]) -> np.ndarray:
    """A part of the default health line, ``estimate`` per household (H,), as (H, E): 0
    where `expenses.health` replaces the line."""
    default = c(_health_default)
    if not default.any():
        return np.zeros(c.shape)
    value = _hint("health", lambda: c(estimate))
    return c.broadcast(np.where(default, value, 0.0))


def budget_health_premium(c: Context) -> np.ndarray:
    """The premium part of the default health line, (H, E)."""
    return _default_part(c, _premium)


def budget_health_out_of_pocket(c: Context) -> np.ndarray:
    """The out-of-pocket part of the default health line, (H, E)."""
    return _default_part(c, _out_of_pocket)


def budget_health(c: Context) -> np.ndarray:
    """Annual health costs: the household's own, else premiums plus out-of-pocket costs, (H, E)."""
    own = c.h.expenses["health"]
    default = c(_health_default)
    if default.any():
        estimate = _hint("health", lambda: c(_premium) + c(_out_of_pocket))
        own = np.where(default, estimate, own)
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
    total = total + c(budget_transportation) + c(budget_other)
    for rule in GIVEN_RULES.values():
        total = total + c(rule)
    return np.asarray(total)
