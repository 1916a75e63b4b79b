"""Lookups several programs share: tables by household size, and the poverty guidelines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from openler.benefits.costs import hud_parameters
from openler.benefits.engine import Context
from openler.errors import NotBuiltError

POVERTY = "federal.hhs.poverty_guidelines"
#: The poverty-guideline region of each modelled state (HHS publishes separate guidelines for
#: Alaska and Hawaii; every other state and DC use the contiguous-states guideline).
REGION = {"AK": "alaska", "HI": "hawaii"}


def by_size(
    table: Sequence[float], size: np.ndarray, additional: float | None = None
) -> np.ndarray:
    """A table indexed by household size (1-based), extended by ``additional`` per member
    beyond its last entry (or held at its last entry when ``additional`` is None)."""
    values = np.asarray(table, dtype=float)
    last = len(values)
    clipped = np.minimum(np.maximum(size, 1), last)  # (np.clip is slow on small arrays)
    out = values[clipped - 1]
    if additional is not None:
        out = out + np.maximum(size - last, 0) * additional
    return np.asarray(out)


def poverty_guideline(c: Context, size: np.ndarray, when: date) -> np.ndarray:
    """The HHS poverty guideline (annual dollars) in force on ``when`` for each household size."""
    region = REGION.get(c.h.state, "contiguous_us")
    first = float(c.p(f"{POVERTY}.first_person", when)[region])
    additional = float(c.p(f"{POVERTY}.additional_person", when)[region])
    return np.asarray(first + (np.maximum(size, 1) - 1) * additional)


def income_support_parameters(c: Context) -> tuple[str, ...]:
    """The parameters SNAP, TANF and SSI read, and what they read in turn (rents, poverty
    guidelines). A monthly program that depends on any of them includes all of these in the
    parameters whose changes split its year into periods, so no change can be missed."""
    state = c.h.state.lower()
    return (
        "federal.usda.snap",
        f"states.{state}.snap",
        f"states.{state}.tanf",
        "federal.ssa",
        "federal.hhs",
        # Medicare premiums and the programs that pay them (SNAP's medical deduction).
        "federal.cms.medicare",
        "federal.cms.medicare_savings",
        f"states.{state}.medicare_savings",
        # HUD: rents (FMRs) and, since SNAP deducts the rent left after a housing voucher,
        # the voucher's income limits and deductions.
        *hud_parameters(c),
    )


def not_built(what: str, parameter: str, program: str) -> NotBuiltError:
    """The refusal for a rule this household needs and OpenLER does not have yet, saying how
    to see everything else: a result without the program, never a silent zero."""
    return NotBuiltError(
        f"{what} is not built ({parameter}). To see every other program for this household, "
        f"leave {program!r} out of its `programs` list.",
        field=parameter,
    )
