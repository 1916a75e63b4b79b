"""What the states' CCDF subsidies share: one household rule set, read from a state's own
parameters under ``states.<st>.ccdf``.

A state's subsidy is a :class:`StateSubsidy` whose methods are the rules; a state module
makes one and overrides what its law says differently (its income limits, its copayment).
Every state shares:
- a child younger than `child_age_limit` in paid care (the cost left after Head Start);
- the work rule: the parent works or studies at least `work_hours.single_parent` hours a
  week, and some hours at all (met when hours are not given);
- the income test: a family applying (not in `enrolled`) is within the entry limit, an
  enrolled family within the continuing limit; by default `entry_income_limit_smi` and
  `exit_income_limit` as fractions of the state median income (`state_median_income`) for
  its size;
- the subsidy: the care cost left after Head Start, less the family's copayment; where the
  state's scale for a month is not encoded (`copay_scale` is "not_encoded"), the federal
  maximum, 7% of income (45 CFR 98.45(l)(3)), is charged instead, so the subsidy is a lower
  bound, and the month is counted in `ccdf_copay_assumed`;
- `waitlist`: whether eligible applicants may wait for funding (`ccdf_waitlisted`).
Gross income counts earnings, Social Security disability benefits and SSI.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from openler.benefits.engine import Context, household_earnings, step
from openler.benefits.programs.common import by_size, income_support_parameters, poverty_guideline
from openler.benefits.programs.head_start import childcare_after_head_start
from openler.benefits.programs.ssdi import ssdi
from openler.benefits.programs.ssi import ssi

CEILING = "federal.acf.ccdf.copay_max_share_of_income"


def band_rate(
    bands: list[dict[str, float]],
    ratio: np.ndarray,
    key: str = "rate",
    from_threshold: bool = False,
) -> np.ndarray:
    """The value of the band the ratio falls in. By default a band's threshold belongs to the
    band below it (a scale reading "up to 55%", then "above 55%"); with ``from_threshold``
    to the band that starts there (a scale reading "20% to less than 40%")."""
    thresholds = [float(band["threshold"]) for band in bands[1:]]
    return step(ratio, thresholds, [float(band[key]) for band in bands], from_threshold)


class StateSubsidy:
    """A state's CCDF subsidy; its methods are engine rules (cached per Context)."""

    #: Whether income equal to a limit is within it (most states: "at or below").
    limit_inclusive = True

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __repr__(self) -> str:
        return f"StateSubsidy({self.prefix!r})"

    def p(self, c: Context, name: str, when: date) -> Any:
        return c.p(f"{self.prefix}.{name}", when)

    # Income -------------------------------------------------------------------------------

    def gross_income(self, c: Context) -> np.ndarray:
        """Gross family income, annual, (H, E)."""
        return np.asarray(c(household_earnings) + c(ssdi) + c(ssi))

    def state_median_income(self, c: Context, when: date) -> np.ndarray:
        """The state median income for each family's size, annual, (H,)."""
        table = self.p(c, "state_median_income", when)
        extra = float(self.p(c, "state_median_income_additional_person", when))
        return by_size(table, c.h.size, extra)

    def poverty_ratio(self, c: Context, when: date) -> np.ndarray:
        """Gross income as a fraction of the poverty guideline for the family size, (H, E)."""
        return np.asarray(c(self.gross_income) / poverty_guideline(c, c.h.size, when)[:, None])

    def smi_ratio(self, c: Context, when: date) -> np.ndarray:
        """Gross income as a fraction of the state median income for its size, (H, E)."""
        return np.asarray(c(self.gross_income) / self.state_median_income(c, when)[:, None])

    def entry_limit(self, c: Context, when: date) -> np.ndarray:
        """The most an applying family may earn, annual, (H,)."""
        share = float(self.p(c, "entry_income_limit_smi", when))
        return share * self.state_median_income(c, when)

    def continuing_limit(self, c: Context, when: date) -> np.ndarray:
        """The most an enrolled family may earn and stay eligible, annual, (H,)."""
        share = float(self.p(c, "exit_income_limit", when))
        return share * self.state_median_income(c, when)

    def income_eligible(self, c: Context, when: date) -> np.ndarray:
        """Within the entry limit (applicants) or the continuing limit (enrolled), (H, E)."""
        income = c(self.gross_income)
        enrolled = c.h.enrolled["ccdf"]
        limit = np.where(enrolled, self.continuing_limit(c, when), self.entry_limit(c, when))
        if self.limit_inclusive:
            return np.asarray(income <= limit[:, None])
        return np.asarray(income < limit[:, None])

    # Children and work --------------------------------------------------------------------

    def young_children(self, c: Context, when: date) -> np.ndarray:
        """Members young enough for the subsidy, (H, M)."""
        h = c.h
        limit = int(self.p(c, "child_age_limit", when))
        return np.asarray(h.present & h.is_child & (h.age < limit))

    def works_enough(self, c: Context, when: date) -> np.ndarray:
        """Whether the family meets the work rule, (H,) (met when hours are not given)."""
        hours = self.p(c, "work_hours", when)
        weekly = c.h.head_weekly_hours
        minimum = float(hours["single_parent"])
        return np.asarray(np.isnan(weekly) | ((weekly >= minimum) & (weekly > 0)))

    # Copayment ----------------------------------------------------------------------------

    def scale_encoded(self, c: Context, when: date) -> bool:
        """Whether the state's own copayment scale for ``when`` is encoded."""
        return bool(self.p(c, "copay_scale", when) != "not_encoded")

    def scale_copay(self, c: Context, when: date) -> np.ndarray:
        """The family's annual copayment on the state's own scale, (H, E)."""
        raise NotImplementedError

    def copay(self, c: Context, when: date) -> np.ndarray:
        """The family's annual copayment at the rates in force on ``when``, (H, E)."""
        if not self.scale_encoded(c, when):
            return np.asarray(float(c.p(CEILING, when)) * c(self.gross_income))
        return self.scale_copay(c, when)

    # The subsidy --------------------------------------------------------------------------

    def monthly_value(self, c: Context, when: date) -> np.ndarray:
        """The subsidy for the month starting ``when``, (H, E)."""
        in_care = (c(childcare_after_head_start) > 0).any(axis=1)
        needs_care = self.young_children(c, when).any(axis=1) & in_care
        if not needs_care.any():
            # Nobody in the batch has a child in paid care: nothing to cover, no rule to read.
            return np.zeros(c.shape)
        eligible = (
            c.monthly(self.income_eligible, when)
            & (needs_care & self.works_enough(c, when))[:, None]
        )
        if not eligible.any():
            return np.zeros(c.shape)
        covered = np.maximum(c(childcare_after_head_start) - c.monthly(self.copay, when), 0.0)
        return c.counted("ccdf", covered / 12 * eligible)

    def parameters(self, c: Context) -> tuple[str, ...]:
        return (self.prefix, "federal.acf.ccdf", *income_support_parameters(c))

    def ccdf(self, c: Context) -> np.ndarray:
        """Annual subsidy, (H, E)."""
        return c.over_year(self.monthly_value, self.parameters(c))

    def assumed_month(self, c: Context, when: date) -> np.ndarray:
        if self.scale_encoded(c, when):
            return np.zeros(c.shape)
        return np.asarray(c.monthly(self.monthly_value, when) > 0, dtype=float)

    def ccdf_copay_assumed(self, c: Context) -> np.ndarray:
        """Months of the year whose subsidy charges the federal maximum copayment because the
        state's scale for them is not encoded (the subsidy shown is a lower bound), (H, E)."""
        return c.over_year(self.assumed_month, self.parameters(c))

    def ccdf_waitlisted(self, c: Context) -> np.ndarray:
        """1 where a family not yet enrolled is counted as served but may wait for funding."""
        waits = bool(c.p(f"{self.prefix}.waitlist"))
        return np.asarray((c(self.ccdf) > 0) & waits & ~c.h.enrolled["ccdf"][:, None], dtype=float)
