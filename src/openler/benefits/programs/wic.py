"""WIC, the Special Supplemental Nutrition Program for Women, Infants, and Children
(42 U.S.C. 1786; 7 CFR 246).

Categories (7 CFR 246.7(b)): pregnant women, infants under 1, and children from 1 to their
fifth birthday. (Postpartum and breastfeeding women are eligible too; the household format
does not record them yet.) Income (7 CFR 246.7(d)): at or below USDA's WIC income guidelines
(185% of poverty), with a pregnant woman's household counting the expected child; or
adjunctive eligibility (7 CFR 246.7(d)(2)(vi)): members of households on SNAP, and people
on Medicaid. The benefit is valued at the cost of the food package per participant.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context, weighted_count
from openler.benefits.programs.common import by_size, income_support_parameters
from openler.benefits.programs.health import at_level, medicaid_by_level
from openler.benefits.programs.income import household_income
from openler.benefits.programs.snap import received as snap_received
from openler.benefits.programs.tanf import received as tanf_received

WIC = "federal.usda.wic"


def categories(c: Context, when: date) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(infant, child, pregnant) masks, (H, M)."""
    h = c.h
    ages = c.p(f"{WIC}.age_limits", when)
    infant = h.present & (h.age <= int(ages["infant_max_age"]))
    child = (
        h.present & (h.age >= int(ages["child_min_age"])) & (h.age <= int(ages["child_max_age"]))
    )
    pregnant = h.present & h.pregnant
    return infant, child, pregnant


def income_eligible(c: Context, when: date) -> np.ndarray:
    table = c.p(f"{WIC}.income_eligibility_guidelines", when)
    size = c.h.size + (c.h.present & c.h.pregnant).sum(axis=1)
    limit = by_size(table["by_size"], size, float(table["each_additional"]))
    return np.asarray(c(household_income) <= limit[:, None])


def monthly_value(c: Context, when: date) -> np.ndarray:
    infant, child, pregnant = categories(c, when)
    if not c.h.counts["wic"].any() or not (infant | child | pregnant).any():
        # Nobody in the batch could get WIC: no package to value, no rule to read.
        return np.zeros(c.shape)
    adjunct = c.p(f"{WIC}.adjunctive_eligibility", when)
    household_ok = c.monthly(income_eligible, when)
    if adjunct["snap"]:
        household_ok = household_ok | c.monthly(snap_received, when)
    if adjunct["tanf"]:
        household_ok = household_ok | c.monthly(tanf_received, when)
    value = c.monthly(package_values, when)
    everyone = np.broadcast_to(value.sum(axis=1)[:, None], c.shape)
    if not adjunct["medicaid"]:
        return np.asarray(np.where(household_ok, everyone, 0.0))
    # The whole household's value where it qualifies, else its members on Medicaid: the
    # larger of the two, since those members' (non-negative) values are part of the whole.
    return np.asarray(np.maximum(c.monthly(on_medicaid, when), everyone * household_ok))


def package_values(c: Context, when: date) -> np.ndarray:
    """Each member's food package value, (H, M)."""
    infant, child, pregnant = categories(c, when)
    package = c.p(f"{WIC}.food_package_value", when)
    return np.asarray(
        infant * float(package["infant"])
        + child * float(package["child"])
        + pregnant * float(package["pregnant"])
    )


def on_medicaid(c: Context, when: date) -> np.ndarray:
    """The packages of members on Medicaid, who qualify on their own even when the household's
    income is too high, (H, E): computed once for the months in which Medicaid's members and
    the packages are the same (SNAP and TANF, which change more often, do not enter)."""
    value = c.monthly(package_values, when)
    return at_level(c, when, weighted_count(c.monthly(medicaid_by_level, when), value))


def wic(c: Context) -> np.ndarray:
    """Annual value of WIC food packages for eligible members."""
    state = c.h.state.lower()
    health = (f"states.{state}.medicaid", f"states.{state}.chip", "federal.cms")
    return c.over_year(monthly_value, (WIC, *income_support_parameters(c), *health))
