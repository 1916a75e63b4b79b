"""Maine's refundable sales tax fairness credit (36 M.R.S. 5213-A) and property tax fairness
credit (36 M.R.S. 5219-KK), both on Form 1040ME Schedule PTFC/STFC.

Both measure "income" more broadly than Maine AGI: AGI plus income that is not taxed,
nontaxable Social Security among it (Schedule line 3). With the incomes the household format
carries (earnings and Social Security) that is earnings plus all Social Security benefits;
tax-exempt interest and the other additions are not modelled.

The property tax credit is computed for renters only: the household format has no property
tax, so a homeowner's credit is not modelled (every household is taken to rent, as the
budget does). The rent is what the family itself pays over the year (its rent less any
housing voucher, `rent_paid_monthly`). A rent the household gave (`expenses.rent`, with its
utilities given apart) is taken as gross rent; HUD's Fair Market Rent includes utilities,
so when it stands in, the Schedule's estimate for heat and utilities of unknown amount (15%
of the rent) is taken out first.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.costs import hud_parameters
from openler.benefits.engine import Context
from openler.benefits.programs.common import income_support_parameters
from openler.benefits.programs.housing import rent_paid_monthly
from openler.benefits.taxes.income_tax import AGED, unit_social_security
from openler.benefits.taxes.states.common import agi_without_social_security, steps_over
from openler.benefits.taxes.tax_unit import (
    HEAD_OF_HOUSEHOLD,
    JOINT,
    SINGLE,
    by_status,
    filer_ages,
    filing_status,
    qualifying_children,
)

ME = "states.me.income_tax"
STFC = f"{ME}.sales_tax_fairness_credit"
PTFC = f"{ME}.property_tax_fairness_credit"


def fairness_income(c: Context) -> np.ndarray:
    """Schedule PTFC/STFC line 3: Maine AGI plus the Social Security it leaves out, (H, E)."""
    return np.asarray(c(agi_without_social_security) + c(unit_social_security))


def _dependents(c: Context) -> np.ndarray:
    """Qualifying children and dependents the federal child tax credit can be claimed for
    (our qualifying children: under 19, or disabled), (H,)."""
    return np.asarray(c(qualifying_children).sum(axis=1))


def sales_tax_fairness_credit(c: Context) -> np.ndarray:
    """5213-A: a base amount by filing status plus an amount for one, or two or more,
    dependents (a head of household counts from the second), less a fixed amount for each
    step of income, or fraction of one, above the phase-out start; not below zero."""
    status = filing_status(c)
    extra = c.p(f"{STFC}.additional")
    counted = np.where(
        status == HEAD_OF_HOUSEHOLD,
        _dependents(c) - 1,
        np.where(status == JOINT, _dependents(c), 0),
    )
    full = by_status(c, c.p(f"{STFC}.base")) + np.select(
        [counted >= 2, counted == 1], [float(extra["two_or_more"]), float(extra["one"])], 0.0
    )
    steps = steps_over(
        c(fairness_income),
        by_status(c, c.p(f"{STFC}.phase_out_start"))[:, None],
        by_status(c, c.p(f"{STFC}.phase_out_step"))[:, None],
    )
    reduction = steps * by_status(c, c.p(f"{STFC}.phase_out_reduction_per_step"))[:, None]
    return np.asarray(np.maximum(full[:, None] - reduction, 0.0))


def _rent_constituting_property_tax(c: Context, when: date) -> np.ndarray:
    """A month's rent constituting property taxes (Schedule lines 5a-5e), (H, E)."""
    estimated = np.isnan(c.h.expenses["rent"])
    utilities = np.where(estimated, float(c.p(f"{PTFC}.utilities_share_of_rent", when)), 0.0)
    gross = c.monthly(rent_paid_monthly, when) * (1.0 - utilities)[:, None]
    return np.asarray(float(c.p(f"{PTFC}.rent_share", when)) * gross)


def property_tax_fairness_credit(c: Context) -> np.ndarray:
    """5219-KK for a renter: rent constituting property taxes up to the benefit base (by
    household, higher when a filer is 65 or older), less 4% of income, up to the maximum
    credit (higher at 65)."""
    prefixes = tuple(dict.fromkeys(income_support_parameters(c) + hud_parameters(c)))
    rent_tax = c.over_year(_rent_constituting_property_tax, prefixes)
    status = filing_status(c)
    aged = (filer_ages(c) >= AGED).any(axis=1)
    base = c.p(f"{PTFC}.benefit_base")
    larger_family = np.where(status == JOINT, _dependents(c) >= 1, _dependents(c) >= 2)
    benefit_base = np.where(
        aged,
        float(base["aged"]),
        np.where(
            status == SINGLE,
            float(base["single"]),
            np.where(
                larger_family,
                float(base["two_or_more_dependents"]),
                float(base["one_dependent"]),
            ),
        ),
    )
    maximum = c.p(f"{PTFC}.maximum_credit")
    cap = np.where(aged, float(maximum["aged"]), float(maximum["under_65"]))
    credit = np.minimum(rent_tax, benefit_base[:, None]) - float(c.p(f"{PTFC}.income_rate")) * c(
        fairness_income
    )
    return np.asarray(np.minimum(np.maximum(credit, 0.0), cap[:, None]))
