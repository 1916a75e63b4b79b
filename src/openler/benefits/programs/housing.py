"""Housing Choice Vouchers (Section 8; 42 U.S.C. 1437f(o); 24 CFR Parts 5 and 982).

Computed month by month (FMRs change each October 1, income limits each spring):

- Annual income (24 CFR 5.609): earnings of members 18 and older (a minor's earnings are
  excluded, 5.609(b)(3)), SSDI, SSI and TANF. SNAP is excluded (5.609(b)(24)).
- Admission (24 CFR 982.201(b)): income at most the very-low-income limit (50% of area
  median) for the county and family size. A family already holding a voucher (`enrolled`)
  keeps it while the subsidy is above zero (982.455). The rule that 75% of admissions be
  extremely low income (982.201(b)(2)) is a PHA quota, not a test of one family: not applied.
- Adjusted income (24 CFR 5.611, as amended by HOTMA): less the dependent deduction per
  dependent (5.603: a member other than head or spouse under 18 or disabled), the elderly or
  disabled family deduction, and child care the family pays for children under 13 so that
  a member can work (capped at the family's earnings), and for an elderly or disabled family
  its members' unreimbursed medical expenses above 10% of annual income (medical_costs.py:
  Medicare Part B premiums not paid by a Medicare Savings Program, and `medical_expense`).
  Not modelled (no inputs): disability-assistance expenses, full-time students as
  dependents, asset income, and HOTMA's phased relief for families deducting medical
  expenses before 2024 (5.611(c)(1)).
- Total tenant payment (24 CFR 5.628): the greatest of 30% of monthly adjusted income, 10% of
  monthly income and the minimum rent (5.630: assumed $50, the most a PHA may set).
- Payment standard (982.503): assumed 100% of the FMR for the voucher's bedrooms (PHAs choose
  90-110%). Subsidy (982.505): the lower of the payment standard and the gross rent (the
  family's rent plus any utilities it gave, or the FMR), less the total tenant payment, at
  least 0. The annual value is the sum of the monthly subsidies.

Vouchers are not an entitlement and most areas have long waiting lists: a family not already
enrolled that qualifies is counted as served (the take-up rule) and marked in
`housing_waitlisted`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np

from openler.benefits.costs import county_row, fair_market_rent, rent_monthly
from openler.benefits.engine import Context, earnings_of
from openler.benefits.programs.care_cost import childcare_cost
from openler.benefits.programs.childcare import childcare_paid
from openler.benefits.programs.common import income_support_parameters
from openler.benefits.programs.dispatch import with_leave_out_hint
from openler.benefits.programs.medical_costs import members_with_costs, monthly_costs
from openler.benefits.programs.ssdi import ssdi_received
from openler.benefits.programs.ssi import federal_ssi, ssi
from openler.benefits.programs.tanf import monthly_benefit as tanf_monthly

HUD = "federal.hud"
VOUCHER = f"{HUD}.voucher"
ADULT_AGE = 18
#: Child care is deductible for children under 13 (24 CFR 5.603, "child care expenses").
CARE_AGE = 13


def annual_income_monthly(c: Context, when: date) -> np.ndarray:
    """Monthly income as HUD counts it (24 CFR 5.609), (H, E)."""
    # TANF is income only where the family takes it (its `programs` list).
    cash = c.monthly(tanf_monthly, when) if c.h.counts["tanf"].any() else 0.0
    return np.asarray(c(_income_but_tanf_monthly) + cash)


def _income_but_tanf_monthly(c: Context) -> np.ndarray:
    """Earnings and benefits other than TANF, monthly (the same every month), (H, E)."""
    return _earnings_and_benefits_monthly(c, c(ssi))


def _earnings_and_benefits_monthly(c: Context, ssi_paid: np.ndarray) -> np.ndarray:
    """Monthly earnings of members 18 and older, SSDI and ``ssi_paid`` (annual), (H, E)."""
    h = c.h
    earnings = earnings_of(c, h.present & (h.age >= ADULT_AGE))
    benefits = ssdi_received(c, h.present) + ssi_paid
    return np.asarray((earnings + benefits) / 12)


def income_but_state_supplement_monthly(c: Context, when: date) -> np.ndarray:
    """``annual_income_monthly`` without a state supplement to SSI paid as a budget of its own
    (Connecticut's AABD, ct_aabd.py), which counts the rent left after this voucher and so
    is found together with it, (H, E)."""
    cash = c.monthly(tanf_monthly, when) if c.h.counts["tanf"].any() else 0.0
    return np.asarray(c(income_but_cash_assistance_monthly) + cash)


def income_but_cash_assistance_monthly(c: Context) -> np.ndarray:
    """``annual_income_monthly`` without TANF and without a state supplement paid as a budget
    of its own (federal SSI only), (H, E): what a TANF rule that asks whether the family holds
    a voucher adds its own payment to (tanf/connecticut.py)."""
    return _earnings_and_benefits_monthly(c, c.counted("ssi", c(federal_ssi)))


def very_low_income_limit(c: Context, when: date) -> np.ndarray:
    """The annual 50%-of-median limit for each household's county and size, (H,)."""
    table = c.p(f"{HUD}.income_limits.{c.h.state.lower()}", when)
    rows = c.by_county(lambda fips: county_row(table, fips)["very_low"])
    size = c.h.size
    within = rows[np.arange(len(rows)), np.clip(size, 1, 8) - 1]
    # Beyond 8 persons: 8% of the four-person limit per person, rounded up to $50.
    step = float(c.p(f"{VOUCHER}.large_family_increment", when))
    beyond = rows[:, 7] + np.maximum(size - 8, 0) * step * rows[:, 3]
    return np.asarray(np.where(size > 8, np.ceil(beyond / 50) * 50, within))


def _elderly_or_disabled_family(c: Context, when: date) -> np.ndarray:
    """Whether the head or spouse is 62 or older or disabled (24 CFR 5.403), (H,)."""
    h = c.h
    elderly_age = int(c.p(f"{VOUCHER}.elderly_age", when))
    heads = h.present & (h.is_head | h.is_spouse)
    return np.asarray((heads & ((h.age >= elderly_age) | h.disabled)).any(axis=1))


def _deductions(c: Context, when: date) -> np.ndarray:
    """Annual deductions for dependents and an elderly or disabled family (24 CFR 5.611), (H,)."""
    h = c.h
    others = h.present & ~h.is_head & ~h.is_spouse
    dependents = (others & ((h.age < ADULT_AGE) | h.disabled)).sum(axis=1)
    elderly_or_disabled = c.monthly(_elderly_or_disabled_family, when)
    return np.asarray(
        dependents * float(c.p(f"{VOUCHER}.dependent_deduction", when))
        + (elderly_or_disabled * float(c.p(f"{VOUCHER}.elderly_disabled_deduction", when)))
    )


def _medical_expenses(c: Context, when: date) -> np.ndarray:
    """An elderly or disabled family's unreimbursed medical expenses at this month's rate, a
    year's worth, (H, 1) or (H, E): every member's counts (5.611(a)(3)(i))."""
    h = c.h
    elderly_family = c.monthly(_elderly_or_disabled_family, when)
    rows = np.flatnonzero(elderly_family & c(members_with_costs).any(axis=1))
    if not rows.size:
        return np.zeros((len(h), 1))
    return np.asarray(12 * monthly_costs(c, when, h.present[rows][:, None, :], rows))


def _care_deduction(c: Context) -> np.ndarray:
    """Child care the family pays for children under 13, up to the adults' earnings (24 CFR
    5.611), (H, E): the same every month."""
    return deductible_care(c, c(childcare_paid))


def care_deduction_before_help(c: Context) -> np.ndarray:
    """The child-care deduction on the care cost before Head Start and CCDF, (H, E): for the
    rules those programs read (Connecticut's supplement and TFA), which cannot wait for them."""
    return deductible_care(c, c(childcare_cost))


def deductible_care(c: Context, paid: np.ndarray) -> np.ndarray:
    """The annual child-care deduction if the family paid ``paid`` for care, (H, E)."""
    h = c.h
    young = (h.present & (h.age < CARE_AGE) & h.is_child).any(axis=1)
    earnings = earnings_of(c, h.present & (h.age >= ADULT_AGE))
    return np.asarray(np.minimum(paid, earnings) * young[:, None])


def gross_rent_monthly(c: Context, when: date) -> np.ndarray:
    """Rent plus the utilities the family gave (the FMR already includes utilities), (H,)."""
    utilities = np.nan_to_num(c.h.expenses["utilities"] / 12)
    return np.asarray(c.monthly(rent_monthly, when) + utilities)


def monthly_subsidy(c: Context, when: date) -> np.ndarray:
    """Monthly housing assistance payment (24 CFR 982.505), (H, E)."""
    subsidy = subsidy_for(c, when, slice(None), c(_care_deduction))
    return c.counted("housing", subsidy(c.monthly(annual_income_monthly, when)))


def subsidy_for(
    c: Context, when: date, rows: np.ndarray | slice, care: np.ndarray
) -> Callable[[np.ndarray], np.ndarray]:
    """The monthly subsidy of the households ``rows`` with the annual child-care deduction
    ``care``, as a function of their monthly income as HUD counts it (both (len(rows), E)),
    whether or not they count vouchers (``programs``). The month's tables are looked up once,
    so that a caller may try many incomes (ct_aabd.py)."""
    share = float(c.p(f"{VOUCHER}.payment_standard_share_of_fmr", when))
    standard = share * c.monthly(fair_market_rent, when)[rows]
    covered = np.minimum(standard, c.monthly(gross_rent_monthly, when)[rows])[:, None]
    deductions = c.monthly(_deductions, when)[rows][:, None]
    shares = c.p(f"{VOUCHER}.tenant_payment_shares", when)
    on_adjusted, on_income = float(shares["adjusted_income"]), float(shares["income"])
    minimum = float(c.p(f"{VOUCHER}.minimum_rent", when))
    limit = c.monthly(very_low_income_limit, when)[rows][:, None]
    enrolled = c.h.enrolled["housing"][rows][:, None]
    medical = c.monthly(_medical_expenses, when)[rows]
    threshold = float(c.p(f"{VOUCHER}.medical_expense_threshold", when))
    with_costs = np.flatnonzero(medical.any(axis=1))

    def subsidy(income: np.ndarray) -> np.ndarray:
        # Total tenant payment (24 CFR 5.628): the greatest of 30% of adjusted income (5.611),
        # 10% of income and the minimum rent, in that order (as a reduction would take it).
        # Medical expenses count above a share of annual income (5.611(a)(3)).
        adjusted = 12 * income - deductions - care
        if with_costs.size:
            at = with_costs
            adjusted[at] -= np.maximum(medical[at] - threshold * 12 * income[at], 0.0)
        adjusted = np.maximum(adjusted, 0.0) / 12
        tenant = np.maximum(np.maximum(on_adjusted * adjusted, on_income * income), minimum)
        eligible = (12 * income <= limit) | enrolled
        return np.asarray(np.maximum(covered - tenant, 0.0) * eligible)

    return subsidy


def _hint(compute: Callable[[], np.ndarray]) -> np.ndarray:
    """``compute()``; a missing HUD table's error says how to compute the rest without it."""
    return with_leave_out_hint("housing", compute)


def housing(c: Context) -> np.ndarray:
    """Annual housing assistance payments, (H, E)."""
    if not c.h.counts["housing"].any():
        return np.zeros(c.shape)
    return _hint(lambda: c.over_year(monthly_subsidy, income_support_parameters(c)))


def housing_waitlisted(c: Context) -> np.ndarray:
    """1 where a family not yet holding a voucher is counted as served but would wait for one."""
    return np.asarray((c(housing) > 0) & ~c.h.enrolled["housing"][:, None], dtype=float)


def rent_paid_monthly(c: Context, when: date) -> np.ndarray:
    """The rent the family itself pays: its rent less the voucher's subsidy, (H, E). SNAP's
    shelter cost is what the family pays (7 CFR 273.9(c)(1) and (d): a vendor payment such as the
    voucher's is excluded income, and the expense it covers is not deductible)."""
    rent = c.broadcast(c.monthly(rent_monthly, when))
    if not c.h.counts["housing"].any():
        return rent
    subsidy = _hint(lambda: c.monthly(monthly_subsidy, when))
    return np.asarray(np.maximum(rent - subsidy, 0.0))
