"""The child-care deduction of the states' TANF rules.

Georgia, Alabama and Maine deduct from a working family's earnings the child care it pays so
that its members can work (Connecticut and Florida have no such deduction in our rules). The
care is the cost the family itself pays, after Head Start and the CCDF subsidy, because the
rules deduct costs "paid" (Ala. Admin. Code r. 660-2-2-.30(2)(c): "on an as paid basis";
22 M.R.S. 3762(3)(B): "actual child care costs paid ... necessary for work"). Head Start in
turn asks whether the family would be eligible for TANF "in the absence of child care"
(45 CFR 1302.12(c)(1)(ii)): that test deducts the cost before any help, which also keeps the
rules free of a cycle (TANF -> care paid -> Head Start -> TANF). A state module receives the
month's care as a rule (``Care``) and reads it only if its state deducts care.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.care_cost import care_children
from openler.benefits.programs.tanf.group import assistance_group, param

#: A rule giving the month's care cost to deduct, (H, E) dollars a month.
Care = Callable[[Context], np.ndarray]

#: A child under this age has the higher maximum (the rules' "under 2 years of age").
INFANT_AGE = 2


def capped(c: Context, when: date, care: Care) -> np.ndarray:
    """The care deduction where the state caps it per child (Georgia, Maine), (H, E): the care
    paid, up to the sum of each child's maximum (``child_care_deduction_maximum``: a child
    under 2, a disabled child, any other child), counting the children in care in the
    assistance group. The family's care cost is one figure, so the maximums are summed rather
    than applied child by child."""
    return np.asarray(np.minimum(c(care), c.monthly(_summed_maximum, when)))


def _summed_maximum(c: Context, when: date) -> np.ndarray:
    """The sum of the children's maximums, (H, 1): one rule, so that the payment and Head
    Start's payment before care help share it, and the months with the same maximums too."""
    most = param(c, "child_care_deduction_maximum", when)
    h = c.h
    each = np.where(
        h.age < INFANT_AGE,
        float(most["under_2"]),
        np.where(h.disabled, float(most["disabled"]), float(most["from_2"])),
    )
    children = c(care_children) & c(assistance_group)
    return np.asarray((each * children).sum(axis=1)[:, None])
