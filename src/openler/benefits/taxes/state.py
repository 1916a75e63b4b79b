"""State income taxes and credits.

Florida levies no personal income tax (Fla. Const. art. VII, s. 5(a)). The income taxes of
Maine, Alabama, Connecticut and Georgia come with those states (issue 3, step 3); asking for
a state whose tax is not modelled is refused, never answered with zero.
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context
from openler.errors import NotBuiltError


def state_income_tax(c: Context) -> np.ndarray:
    levied = c.p(f"states.{c.h.state.lower()}.income_tax.levied")
    if not levied:
        return np.zeros(c.shape)
    raise NotBuiltError(f"The {c.h.state} income tax is not modelled yet.", field="state")
