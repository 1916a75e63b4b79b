"""Connecticut's HUSKY C: Medicaid for aged, blind and disabled people living at home
(Conn. Gen. Stat. 17b-261; DSS Uniform Policy Manual 4005, 5030). Connecticut is a section
209(b) state, so this group has Connecticut's own standard rather than SSI's or the poverty line.

The unit is the head and, if present, the spouse (17b-261(a) counts "the income of the
person's spouse"). Its countable income is each member's unearned income (Social Security)
less the standard unearned income disregard (UPM 5030.15; $535 in 2025, $562 in 2026, raised
each January by the SSI rate's dollar increase), plus each member's earnings less $65 and
half the rest (UPM 5030.10). It must be at most the income limit for a household of the
unit's size: 159% of the TFA payment standard (the payment standard 73% of a standard of need
of 55% of the poverty guideline), DSS rounding each step up to the dollar. That gives $835
for one person and $1,128 for a couple on the 2025 guideline. Assets must be within $1,600
(single) or $2,400 (couple).

Not modelled: the spend-down of income over the limit on medical bills (medically needy),
the $85 earned income disregard of blind people, deeming from other relatives, and long-term
services and supports. The poverty guideline applies from the HHS notice (DSS moves to it on
March 1), as elsewhere here.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.common import poverty_guideline
from openler.benefits.programs.ssi import member_income

PREFIX = "states.ct.medicaid.aged_disabled"
TFA = "states.ct.tanf"
# DSS rounds up to the dollar; the allowance keeps floating-point noise on an exact dollar
# (0.73 x 1,000) from rounding up one more.
_EPSILON = 1e-6


def applies(c: Context) -> bool:
    """Whether the household's state tests aged and disabled people this way (Connecticut)."""
    return f"{PREFIX}.income_limit_tfa_share" in c.params and c.h.state == "CT"


def parameters(c: Context) -> tuple[str, ...]:
    """What the income limit reads besides Medicaid's own parameters: the TFA standards."""
    return (TFA,) if applies(c) else ()


def _up(x: np.ndarray) -> np.ndarray:
    return np.asarray(np.ceil(x - _EPSILON))


def income_limit(c: Context, size: np.ndarray, when: date) -> np.ndarray:
    """The monthly income limit for a unit of ``size`` people, in dollars."""
    monthly = poverty_guideline(c, size, when) / 12
    need = _up(float(c.p(f"{TFA}.standard_of_need_rate", when)) * monthly)
    standard = _up(float(c.p(f"{TFA}.payment_standard_rate", when)) * need)
    return _up(float(c.p(f"{PREFIX}.income_limit_tfa_share", when)) * standard)


def countable_income(c: Context, when: date, unit: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The unit's monthly countable income, each member's disregards taken from their own
    income, (len(rows), E)."""
    h = c.h
    unearned_disregard = float(c.p(f"{PREFIX}.unearned_income_disregard", when))
    earned_disregard = float(c.p(f"{PREFIX}.earned_income_disregard", when))
    rate = float(c.p(f"{PREFIX}.earned_income_disregard_rate", when))
    total = np.zeros((len(rows), c.shape[1]))
    for role in (h.is_head, h.is_spouse):
        unearned, earned = member_income(c, unit & role, rows)
        total += np.maximum(unearned - unearned_disregard, 0.0)
        total += np.maximum(earned - earned_disregard, 0.0) * (1 - rate)
    return total


def eligible(c: Context, when: date, unit: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Whether ``unit`` (an (H, M) mask) of the households ``rows`` passes HUSKY C's income and
    asset tests, (len(rows), E)."""
    size = unit.sum(axis=1)[rows]
    limit = income_limit(c, size, when)
    ok = countable_income(c, when, unit, rows) <= limit[:, None]
    resources = c.p(f"{PREFIX}.resource_limit", when)
    cap = np.where(size == 2, float(resources["couple"]), float(resources["individual"]))
    return np.asarray(ok & (c.h.assets[rows] <= cap)[:, None])
