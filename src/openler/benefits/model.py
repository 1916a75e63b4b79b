"""The full model: every column of net resources, in the order they are reported.

The first columns are the public sweep format (issue 3): earnings, net resources, then the
benefits, credits, taxes and the budget, always in this order; detail columns follow and
explain them. A household's `programs` list (and the `enrolled` list for continuing-
eligibility rules) refer to the ``program`` names, which are the column names.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from openler.benefits import budget
from openler.benefits.engine import (
    Column,
    Context,
    Result,
    evaluate,
    other_earnings,
    swept_earnings,
)
from openler.benefits.household import PROGRAMS, HouseholdIn, to_arrays
from openler.benefits.params import ParameterTree, default_tree
from openler.benefits.programs.aca import aca_ptc
from openler.benefits.programs.ccdf import ccdf, ccdf_copay_assumed, ccdf_waitlisted
from openler.benefits.programs.head_start import head_start, head_start_waitlisted
from openler.benefits.programs.health import chip, chip_enrollees, medicaid, medicaid_enrollees
from openler.benefits.programs.housing import housing, housing_waitlisted
from openler.benefits.programs.medicare_savings import medicare_savings
from openler.benefits.programs.school_meals import school_meals
from openler.benefits.programs.snap import snap
from openler.benefits.programs.ssdi import ssdi
from openler.benefits.programs.ssi import ssi
from openler.benefits.programs.tanf import tanf
from openler.benefits.programs.wic import wic
from openler.benefits.taxes.credits import (
    cdcc,
    ctc,
    ctc_refundable,
    eitc,
    federal_income_tax,
    federal_income_tax_after_credits,
)
from openler.benefits.taxes.payroll import payroll_tax, state_payroll_tax
from openler.benefits.taxes.state import state_credits, state_income_tax


def not_modelled(c: Context) -> np.ndarray:
    """A program not modelled yet: zero, and named in NOT_YET_MODELLED wherever results are
    shown, so that the sweep keeps its fixed columns."""
    return np.zeros(c.shape)


COLUMNS: tuple[Column, ...] = (
    Column("earnings", swept_earnings, "earnings"),
    Column("snap", snap, "benefit", "snap"),
    Column("wic", wic, "benefit", "wic"),
    Column("school_meals", school_meals, "benefit", "school_meals"),
    Column("medicaid", medicaid, "benefit", "medicaid"),
    Column("chip", chip, "benefit", "chip"),
    Column("aca_ptc", aca_ptc, "benefit", "aca_ptc"),
    Column("medicare_savings", medicare_savings, "benefit", "medicare_savings"),
    Column("ccdf", ccdf, "benefit", "ccdf"),
    Column("head_start", head_start, "benefit", "head_start"),
    Column("tanf", tanf, "benefit", "tanf"),
    Column("housing", housing, "benefit", "housing"),
    Column("ssi", ssi, "benefit", "ssi"),
    Column("ssdi", ssdi, "benefit", "ssdi"),
    Column("eitc", eitc, "credit", "eitc"),
    Column("ctc", ctc, "credit", "ctc"),
    Column("cdctc", cdcc, "credit", "cdctc"),
    Column("state_credits", state_credits, "credit", "state_credits"),
    Column("payroll_tax", payroll_tax, "tax"),
    Column("federal_income_tax", federal_income_tax, "tax"),
    Column("state_income_tax", state_income_tax, "tax"),
    Column("expenses", budget.expenses, "expense"),
    # ----- detail columns: not added again, they explain the ones above -----
    Column("other_earnings", other_earnings, "earnings"),
    Column("ctc_refundable", ctc_refundable, "detail", "ctc"),
    Column("federal_income_tax_after_credits", federal_income_tax_after_credits, "detail"),
    # State paid-leave contributions, included in payroll_tax.
    Column("state_payroll_tax", state_payroll_tax, "detail"),
    Column("ccdf_waitlisted", ccdf_waitlisted, "detail", "ccdf"),
    # Months charged the federal maximum copayment because the state's scale is not encoded.
    Column("ccdf_copay_assumed", ccdf_copay_assumed, "detail", "ccdf"),
    # Children counted under Head Start who may wait for a funded slot (a count).
    Column("head_start_waitlisted", head_start_waitlisted, "detail", "head_start"),
    # Families counted as holding a voucher who would, in most areas, wait for one (1 or 0).
    Column("housing_waitlisted", housing_waitlisted, "detail", "housing"),
    # People covered in January (counts).
    Column("medicaid_enrollees", medicaid_enrollees, "detail", "medicaid"),
    Column("chip_enrollees", chip_enrollees, "detail", "chip"),
    Column("budget_housing", budget.budget_housing, "detail"),
    Column("budget_food", budget.budget_food, "detail"),
    Column("budget_childcare", budget.budget_childcare, "detail"),
    Column("budget_health", budget.budget_health, "detail"),
    # The parts of the default health line (0 where expenses.health replaces it).
    Column("budget_health_premium", budget.budget_health_premium, "detail"),
    Column("budget_health_out_of_pocket", budget.budget_health_out_of_pocket, "detail"),
    *(Column(f"budget_{item}", rule, "detail") for item, rule in budget.GIVEN_RULES.items()),
    Column("budget_transportation", budget.budget_transportation, "detail"),
    Column("budget_other", budget.budget_other, "detail"),
)

#: The sweep's fixed leading columns, in the public order (net resources is computed): the
#: programs in the household format's order, then the taxes and the budget.
LEADING = (
    "earnings",
    "net_resources",
    *PROGRAMS,
    "payroll_tax",
    "federal_income_tax",
    "state_income_tax",
    "expenses",
)

#: What is not modelled yet, said plainly wherever results are shown.
NOT_YET_MODELLED = (
    "Florida's School Readiness fee scales before October 2025 and Maine's CCAP fee scale "
    "before June 2025 (those months charge the federal maximum copayment, 7% of income, so "
    "ccdf is a lower bound; see ccdf_copay_assumed)",
    "the Thrifty Food Plan for 2024 (give expenses.food), and market-rate childcare for "
    "Florida before July 2025, Georgia before March 2026, Maine in 2026 and Connecticut from "
    "July 2026 (give childcare_expense there)",
    "default transportation and other necessities are national averages by family type from "
    "the 2024 Consumer Expenditure Survey, not regional and not uprated for 2025-26 (give "
    "expenses.transportation and expenses.other for your own)",
    "in the default health budget: Medicare Part D and Medigap premiums (Part B is "
    "charged, and paid by medicare_savings where a Medicare Savings Program covers it), "
    "QMB's payment of Medicare cost sharing, and the surveys' change since their year "
    "(employer premium shares from the 2025 MEPS-IC and out-of-pocket costs from the 2018 "
    "MEPS are not uprated; give expenses.health for your own)",
    "in state income taxes: Maine's property tax fairness credit for homeowners (no property "
    "tax input), Connecticut's property tax credit, Georgia's exclusion of some people from "
    "its low-income credit, "
    "Alabama's overtime exclusion (2024 to June 2025), Maine's higher care credit for quality "
    "providers, Maine's one-time 2025 affordability payment, and itemized deductions (but "
    "Alabama's deduction of Social Security and Medicare taxes)",
    "Georgia's budget money for reduced-price school meals at no charge (FY2025-FY2027; "
    "reduced-price students are charged the federal reduced price here)",
    "Georgia's and Alabama's SNAP standard medical deduction (seniors' and disabled members' "
    "actual costs above $35 a month are deducted; give their medical_expense), and medical "
    "costs other than the Medicare Part B premium unless a member's medical_expense gives "
    "them",
)


def run(
    households: Sequence[tuple[HouseholdIn, str]],
    earnings: np.ndarray,
    params: ParameterTree | None = None,
) -> Result:
    """Evaluate every column for households of one state and year."""
    return evaluate(to_arrays(list(households)), earnings, COLUMNS, params or default_tree())
