"""State income taxes and credits: a dispatcher with one module per state.

Each state module under :mod:`openler.benefits.taxes.states` gives two rules:
``income_tax``, the state's tax before credits (never negative), and ``credits``, every state
credit the household gets, the nonrefundable ones only as far as they reduce the tax and the
refundable ones in full; so that earnings - ``state_income_tax`` + ``state_credits`` is what
the state return leaves the family. Florida levies no personal income tax (Fla. Const. art.
VII, s. 5(a)); a state that levies one but is not modelled is refused, never answered with 0.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from openler.benefits.engine import Context, Rule
from openler.benefits.taxes.states import alabama, connecticut, georgia, maine
from openler.errors import NotBuiltError

#: Each modelled state's module: `income_tax` and `credits` rules.
STATES: dict[str, ModuleType] = {"GA": georgia, "AL": alabama, "ME": maine, "CT": connecticut}


def _state_rule(c: Context, name: str) -> np.ndarray:
    module = STATES.get(c.h.state)
    if module is None:
        if c.p(f"states.{c.h.state.lower()}.income_tax.levied"):
            raise NotBuiltError(f"The {c.h.state} income tax is not modelled yet.", field="state")
        return np.zeros(c.shape)
    rule: Rule = getattr(module, name)
    return c(rule)


def state_income_tax(c: Context) -> np.ndarray:
    """State income tax before credits, (H, E)."""
    return _state_rule(c, "income_tax")


def state_credits(c: Context) -> np.ndarray:
    """State credits allowed (EITC, child and care credits), used against the tax or refunded."""
    return _state_rule(c, "credits")
