"""Florida's School Readiness program, the state's CCDF subsidy (Fla. Stat. 1002.81-1002.89;
Fla. Admin. Code ch. 6M-4).

Who qualifies: a child under 13 (s. 1002.87(1)) in a working family - the parent works or
studies at least 20 hours a week, two parents 40 combined (s. 1002.81(14)) - whose gross
income is within the limit:
- a family applying (not in `enrolled`): until September 30, 2025 at most 150% of the poverty
  guideline (s. 1002.81(6), 2024); from October 1, 2025 at most 55% of the state median income
  for its size;
- an enrolled family (`enrolled` lists "ccdf"): at most 85% of the state median income
  (45 CFR 98.21(a)(1); rule 6M-4.400(3)).

The family pays a copayment, a share of its gross income set by its income as a fraction of
the state median income (DEL's sliding fee scale of October 1, 2025), waived at or below 150%
of the poverty guideline and never above 7% of income (6M-4.400(1)). Florida's earlier
scales (a daily dollar fee until June 2025, a share of income by poverty level from July to
September 2025) were not found: for those months the model charges the federal maximum, 7%
of income (45 CFR 98.45(l)(3)), which makes the subsidy a lower bound, and counts the months
in the detail column `ccdf_copay_assumed`. The subsidy is the care
cost left after Head Start, less the copayment. Gross income counts earnings, Social Security
and SSI; cash assistance, food and housing help are not income (s. 1002.81(7)).

Simplifications, said where results are shown: care is full time when the parent works 30
hours a week or more (6 hours a day, s. 1002.81(9)), or when hours are not given; a spouse
is assumed to meet the two-parent hours when the head works at least the one-parent minimum;
providers are assumed to charge no more than the coalition's payment rate, so the family
pays nothing beyond the copayment; eligible families are counted as served, although
working families below the statutory priority groups may wait for funding
(states.fl.ccdf.waitlist).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context, household_earnings
from openler.benefits.programs.care_cost import childcare_after_head_start
from openler.benefits.programs.common import by_size, income_support_parameters, poverty_guideline
from openler.benefits.programs.ssdi import ssdi
from openler.benefits.programs.ssi import ssi

CCDF = "states.fl.ccdf"
CEILING = "federal.acf.ccdf.copay_max_share_of_income"
FULL_TIME_WEEKLY_HOURS = 30.0


def gross_income(c: Context) -> np.ndarray:
    """Gross family income as School Readiness counts it, annual, (H, E)."""
    return np.asarray(c(household_earnings) + c(ssdi) + c(ssi))


def state_median_income(c: Context, when: date) -> np.ndarray:
    """Florida's state median income for each family's size, annual, (H,)."""
    table = c.p(f"{CCDF}.state_median_income", when)
    return by_size(
        table, c.h.size, float(c.p(f"{CCDF}.state_median_income_additional_person", when))
    )


def _has_care_children(c: Context, when: date) -> np.ndarray:
    h = c.h
    young = h.present & h.is_child & (h.age < int(c.p(f"{CCDF}.child_age_limit", when)))
    return np.asarray(young.any(axis=1))


def _works_enough(c: Context, when: date) -> np.ndarray:
    """Whether the family meets the work-hours rule, (H,) (met when hours are not given)."""
    hours = c.p(f"{CCDF}.work_hours", when)
    weekly = c.h.head_weekly_hours
    return np.asarray(np.isnan(weekly) | (weekly >= float(hours["single_parent"])))


def income_eligible(c: Context, when: date) -> np.ndarray:
    """Within the entry limit (applicants) or the continuing limit (enrolled), (H, E)."""
    income = c(gross_income)
    smi = state_median_income(c, when)[:, None]
    continuing = income <= float(c.p(f"{CCDF}.exit_income_limit", when)) * smi
    if c.p(f"{CCDF}.entry_income_limit_basis", when) == "fpl":
        limit = float(c.p(f"{CCDF}.entry_income_limit", when)) * poverty_guideline(
            c, c.h.size, when
        )
        entry = income <= limit[:, None]
    else:
        entry = income <= float(c.p(f"{CCDF}.entry_income_limit_smi", when)) * smi
    return np.asarray(np.where(c.h.enrolled["ccdf"][:, None], continuing, entry))


def scale_encoded(c: Context, when: date) -> bool:
    """Whether Florida's own copayment scale for ``when`` is encoded (from October 2025)."""
    return bool(c.p(f"{CCDF}.copay_scale", when) == "smi_percentage")


def copay(c: Context, when: date) -> np.ndarray:
    """The family's annual copayment at the rates in force on ``when``, (H, E).

    Before October 2025 Florida's scales are not encoded: the federal maximum, 7% of income
    (45 CFR 98.45(l)(3)), is charged instead, so the subsidy is a lower bound.
    """
    income = c(gross_income)
    if not scale_encoded(c, when):
        return np.asarray(float(c.p(CEILING, when)) * income)
    ratio = income / state_median_income(c, when)[:, None]
    weekly = c.h.head_weekly_hours
    full_time = (np.isnan(weekly) | (weekly >= FULL_TIME_WEEKLY_HOURS))[:, None]
    scales = c.p(f"{CCDF}.copay", when)
    rate = np.where(
        full_time, _band_rate(scales["full_time"], ratio), _band_rate(scales["part_time"], ratio)
    )
    amount = np.minimum(rate, float(c.p(f"{CCDF}.copay_max_share_of_income", when))) * income
    waiver = float(c.p(f"{CCDF}.copay_waiver_income_limit", when))
    waived = income <= waiver * poverty_guideline(c, c.h.size, when)[:, None]
    return np.asarray(np.where(waived, 0.0, amount))


def _band_rate(bands: list[dict[str, float]], ratio: np.ndarray) -> np.ndarray:
    """The rate of the band the ratio falls in; a band's threshold belongs to the band below
    it (the scale reads "up to 55% SMI", then "above 55% SMI")."""
    rate = np.full(ratio.shape, float(bands[0]["rate"]))
    for band in bands[1:]:
        rate = np.where(ratio > float(band["threshold"]), float(band["rate"]), rate)
    return rate


def monthly_value(c: Context, when: date) -> np.ndarray:
    """The subsidy for the month starting ``when``, (H, E)."""
    needs_care = _has_care_children(c, when) & (c(childcare_after_head_start) > 0).any(axis=1)
    if not needs_care.any():
        # Nobody in the batch has a child in paid care: nothing to cover, no rule to read.
        return np.zeros(c.shape)
    eligible = c.monthly(income_eligible, when) & (needs_care & _works_enough(c, when))[:, None]
    if not eligible.any():
        return np.zeros(c.shape)
    covered = np.maximum(c(childcare_after_head_start) - c.monthly(copay, when), 0.0) / 12
    return c.counted("ccdf", np.where(eligible, covered, 0.0))


def _parameters(c: Context) -> tuple[str, ...]:
    return (CCDF, "federal.acf.ccdf", *income_support_parameters(c))


def ccdf(c: Context) -> np.ndarray:
    """Annual School Readiness subsidy, (H, E)."""
    return c.over_year(monthly_value, _parameters(c))


def _assumed_month(c: Context, when: date) -> np.ndarray:
    if scale_encoded(c, when):
        return np.zeros(c.shape)
    return np.asarray(c.monthly(monthly_value, when) > 0, dtype=float)


def ccdf_copay_assumed(c: Context) -> np.ndarray:
    """Months of the year whose subsidy charges the federal maximum copayment because
    Florida's scale for them is not encoded (the subsidy shown is a lower bound), (H, E)."""
    return c.over_year(_assumed_month, _parameters(c))


def ccdf_waitlisted(c: Context) -> np.ndarray:
    """1 where a family not yet enrolled is counted as served but may wait for funding."""
    waits = bool(c.p(f"{CCDF}.waitlist"))
    return np.asarray((c(ccdf) > 0) & waits & ~c.h.enrolled["ccdf"][:, None], dtype=float)
