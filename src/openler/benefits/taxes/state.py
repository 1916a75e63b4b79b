"""State income taxes and credits.

Florida levies no personal income tax (Fla. Const. art. VII, s. 5(a)). The income taxes of
Maine, Alabama, Connecticut and Georgia come with those states (issue 3, step 3); asking for
a state whose tax is not modelled is refused, never answered with zero.
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context
from openler.errors import NotBuiltError


def _untaxed(c: Context) -> np.ndarray:
    """Zeros for a state that levies no income tax; a state whose tax is not modelled yet is
    refused with an error."""
    if c.p(f"states.{c.h.state.lower()}.income_tax.levied"):
        raise NotBuiltError(f"The {c.h.state} income tax is not modelled yet.", field="state")
    return np.zeros(c.shape)


def state_income_tax(c: Context) -> np.ndarray:
    """State income tax before credits."""
    return _untaxed(c)


def state_credits(c: Context) -> np.ndarray:
    """State credits allowed (EITC, child and care credits), used against the tax or refunded."""
    return _untaxed(c)
