"""Connecticut's TANF cash assistance, Temporary Family Assistance (TFA; Conn. Gen. Stat.
17b-104, 17b-112; DSS TANF State Plan 2024-2026).

Since July 1, 2022 the standards are statewide fractions of the federal poverty guideline:
the standard of need is 55% of it and the payment standard 73% of the standard of need. The
regional standards (towns in regions A, B and C) were abolished then, so the family's town
or county plays no part for 2024-2026. A family with a child under 18 (or a pregnant woman)
whose assets are within $6,000 is paid the payment standard less unearned income (SSDI):
earnings are disregarded in computing the benefit. Eligibility depends on enrolment:

- an applicant's earnings less $90 per employed member, plus unearned income, must be
  below the standard of need;
- a family already receiving TFA (`enrolled: ["tanf"]`) stays eligible while its gross
  earnings are at most 230% of the guideline, with the benefit cut by 20% once they reach
  171% (from January 2024, per the State Plan; see the parameters' caution).

A family holding a housing voucher is paid 92% of the payment standard (17b-104(d)): the
voucher counts the payment as income (24 CFR 5.609), so whether the family holds one is
tested at the reduced payment (``_in_subsidized_housing``). Not modelled: the $50 child
support exclusion, the six-month extensions, the time limit, work requirements and
sanctions, and the family cap.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.common import poverty_guideline
from openler.benefits.programs.dispatch import leave_out_hint
from openler.benefits.programs.tanf.care import Care
from openler.benefits.programs.tanf.group import earnings_over, group_size, param, unearned

#: A recipient's earnings are disregarded in full; a child-care deduction in the applicant's
#: test is not modelled.
DEDUCTS_CARE = False


def monthly_benefit(c: Context, when: date, _care: Care) -> np.ndarray:
    h = c.h
    fpg = (poverty_guideline(c, c(group_size), when) / 12)[:, None]
    need = float(param(c, "standard_of_need_rate", when)) * fpg
    standard = float(param(c, "payment_standard_rate", when)) * need
    other = c(unearned)
    gross = earnings_over(c, 0.0)
    deduction = float(param(c, "applicant_earned_income_deduction", when))
    applicant_ok = earnings_over(c, deduction) + other < need
    recipient_ok = gross <= float(param(c, "recipient_earnings_limit", when)) * fpg
    ok = np.where(h.enrolled["tanf"][:, None], recipient_ok, applicant_ok)
    high = gross >= float(param(c, "high_earnings_threshold", when)) * fpg
    cut = np.where(high, 1 - float(param(c, "high_earnings_reduction", when)), 1.0)
    eligible = ok & (h.assets <= float(param(c, "asset_limit", when)))[:, None]

    def paid(share: float) -> np.ndarray:
        """The payment on ``share`` of the payment standard."""
        return np.asarray(np.where(eligible, np.maximum(share * standard - other, 0.0) * cut, 0.0))

    full = paid(1.0)
    if not h.counts["housing"].any():
        return full
    share = float(param(c, "subsidized_housing_share", when))
    return _in_subsidized_housing(c, when, full, paid(share))


def _in_subsidized_housing(
    c: Context, when: date, full: np.ndarray, reduced: np.ndarray
) -> np.ndarray:
    """The payment, ``reduced`` where the family holds a housing voucher (each (H, E)).

    The voucher counts the payment as income, so each depends on the other. A family with a
    voucher at the reduced payment holds one and is paid that; a family without one even
    then has none at the full payment either (more income, no larger subsidy). The voucher
    here reads federal SSI without Connecticut's supplement and the care cost before Head
    Start and CCDF, which read this payment (the supplement's own voucher, ct_aabd.py, is
    computed with the payment found here)."""
    # Imported here: the voucher counts TANF as income, so housing imports this package.
    from openler.benefits.programs import housing

    rows = np.flatnonzero(c.h.counts["housing"] & (full > 0).any(axis=1))
    if not rows.size:
        return full
    care = c(housing.care_deduction_before_help)[rows]
    with leave_out_hint("housing"):
        subsidy = housing.subsidy_for(c, when, rows, care)
    income = c(housing.income_but_cash_assistance_monthly)[rows] + reduced[rows]
    paid = full.copy()
    paid[rows] = np.where(subsidy(income) > 0, reduced[rows], full[rows])
    return paid
