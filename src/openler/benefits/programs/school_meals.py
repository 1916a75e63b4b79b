"""Free and reduced-price school meals (Richard B. Russell National School Lunch Act,
42 U.S.C. 1758; Child Nutrition Act, 42 U.S.C. 1773; 7 CFR 245).

Children of school age (5 to 17 here) get free meals when household income is at or below
the free column of USDA's Income Eligibility Guidelines (130% of poverty) or the household
gets SNAP (categorical eligibility, direct certification: 42 U.S.C. 1758(b)(12)(A),
7 CFR 245.6), and reduced-price meals up to the reduced-price column (185%).

The value of a meal to the family is the federal reimbursement for the child's category
less the reimbursement for a paid meal (which every child's meal earns, whatever the
family's income): one lunch and one breakfast on each school day. School years start
July 1, so a calendar year holds half a school year at each year's rates and guidelines.

State policies (``states.<st>.school_meals.state_coverage``) make some meals free beyond the
federal tiers: every meal (Maine since SY 2022-23, 20-A M.R.S. 6602(1)(H)-(I)), breakfast for
every student, or both meals for reduced-price students (Connecticut, school year by school
year). A meal a state makes free is valued exactly as a federally free meal: the free rate
less the paid rate. For a family above the reduced-price limit that is the public subsidy
beyond what a paid meal earns anyway, which is what the family no longer has to pay for (the
school's own paid-meal price is not published in one place, so it is not used); for a
reduced-price family it adds the copay the state covers (the free less the reduced rate).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.common import by_size, income_support_parameters
from openler.benefits.programs.income import household_income
from openler.benefits.programs.snap import received as snap_received
from openler.benefits.programs.tanf import received as tanf_received

MEALS = "federal.usda.school_meals"
# School age for meals: kindergarten (5) through grade 12 (17). Not set by statute; the
# household format has no school enrolment field.
SCHOOL_AGES = (5, 17)


def school_children(c: Context) -> np.ndarray:
    h = c.h
    return np.asarray(h.present & (h.age >= SCHOOL_AGES[0]) & (h.age <= SCHOOL_AGES[1]))


def tier(c: Context, when: date) -> np.ndarray:
    """0 free, 1 reduced price, 2 paid; (H, E)."""
    out = c.monthly(tier_by_income, when).copy()
    rules = c.p(f"{MEALS}.categorical_eligibility", when)
    # Free where the family receives SNAP or TANF: the income tier times 0 there.
    if rules["snap"]:
        out *= (~c.monthly(snap_received, when)).view(np.int8)
    if rules["tanf"]:
        out *= (~c.monthly(tanf_received, when)).view(np.int8)
    return out.astype(np.intp)


def tier_by_income(c: Context, when: date) -> np.ndarray:
    """The tier by income alone, 0 free, 1 reduced price, 2 paid, as bytes (H, E): the same
    in every month of the same guidelines (July to June)."""
    table = c.p(f"{MEALS}.income_eligibility_guidelines", when)
    size = c.h.size
    free = by_size(table["free"], size, float(table["free_each_additional"]))
    reduced = by_size(table["reduced_price"], size, float(table["reduced_price_each_additional"]))
    income = c(household_income)
    out = np.add((income > reduced[:, None]).view(np.int8), np.int8(1))
    out *= (~(income <= free[:, None])).view(np.int8)
    return out


def state_tiers(c: Context, when: date) -> tuple[list[int], list[int]]:
    """The lunch and breakfast tier of each federal tier after the state's own coverage."""
    cover = c.p(f"states.{c.h.state.lower()}.school_meals.state_coverage", when)
    lunch = [0, 1, 2]
    if cover["all_meals_free"]:
        lunch = [0, 0, 0]
    elif cover["reduced_price_free"]:
        lunch = [0, 0, 2]
    breakfast = [0, 0, 0] if cover["breakfast_free"] else lunch
    return lunch, breakfast


def monthly_value(c: Context, when: date) -> np.ndarray:
    if not c.h.counts["school_meals"].any() or not c(school_children).any():
        # No school-age child who could get meals in the batch: no rule to read.
        return np.zeros(c.shape)
    days = float(c.p(f"{MEALS}.school_days", when)) / 12
    per_day = c.p(f"{MEALS}.meals_per_day", when)
    lunch = c.p(f"{MEALS}.reimbursement.nslp", when)
    breakfast = c.p(f"{MEALS}.reimbursement.sbp", when)

    def net(rates: dict[str, float], count: float) -> np.ndarray:
        by_tier = np.array(
            [rates["free"] - rates["paid"], rates["reduced_price"] - rates["paid"], 0.0]
        )
        return np.asarray(by_tier * count)

    lunch_tier, breakfast_tier = state_tiers(c, when)
    # Per child and school day, by the family's federal tier.
    per_child_day = (
        net(lunch, float(per_day["lunch"]))[lunch_tier]
        + net(breakfast, float(per_day["breakfast"]))[breakfast_tier]
    )
    # As floats (the same counts), so that the product below needs no cast of each row.
    children = c(school_children).sum(axis=1, dtype=float)[:, None]
    # The month's school days applied to the three tiers' values before the gather (the
    # same products as after it, one pass fewer).
    return np.asarray(np.take(per_child_day * days, c.monthly(tier, when)) * children)


def school_meals(c: Context) -> np.ndarray:
    """Annual value of free or reduced-price breakfast and lunch for school-age children."""
    state_meals = f"states.{c.h.state.lower()}.school_meals"
    return c.over_year(monthly_value, (MEALS, state_meals, *income_support_parameters(c)))
