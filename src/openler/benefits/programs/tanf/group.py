"""What the states' TANF rules share: the assistance group, its earnings and unearned income.

Every modelled state counts the same people (the parents and children living together; other
adults are not in the group) and the same income (the group members' earnings, and SSDI as
unearned income); they differ in the disregards, the standards and the tests applied to it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.common import by_size
from openler.benefits.programs.ssdi import ssdi_received

#: A child is a dependent child under this age (45 CFR 260.30; each state's rule, e.g. Ga.
#: Comp. R. & Regs. 290-2-28-.12(a)). Children of 18 still in high school are not modelled.
CHILD_AGE = 18


def param(c: Context, name: str, when: date) -> Any:
    """The household's state's TANF parameter ``states.<st>.tanf.<name>``."""
    return c.p(f"states.{c.h.state.lower()}.tanf.{name}", when)


def assistance_group(c: Context) -> np.ndarray:
    """Parents and children in the assistance group, (H, M)."""
    h = c.h
    return np.asarray(h.present & (h.is_head | h.is_spouse | h.is_child))


def group_size(c: Context) -> np.ndarray:
    """Members of the assistance group, (H,). An unborn child does not add to it."""
    return np.asarray(c(assistance_group).sum(axis=1))


def by_group_size(c: Context, name: str, when: date) -> np.ndarray:
    """The state's table ``name`` (by assistance-group size) at the group's size, extended by
    the parameter ``<name>_additional`` per member beyond the table, (H, 1)."""
    table = param(c, name, when)
    extra = float(param(c, f"{name}_additional", when))
    return by_size(table, c(group_size), extra)[:, None]


def has_child(c: Context) -> np.ndarray:
    """Families with a dependent child or a pregnant member, who alone may get TANF, (H,)."""
    h = c.h
    child = (h.present & h.is_child & (h.age < CHILD_AGE)).any(axis=1)
    return np.asarray(child | h.pregnant.any(axis=1))


def monthly_sweep(c: Context) -> np.ndarray:
    """The swept earnings a month, (H, E)."""
    return np.asarray(c.earnings / 12)


def earnings_over(c: Context, per_earner: float, counted: np.ndarray | None = None) -> np.ndarray:
    """Monthly earnings of the group's members, each less ``per_earner`` (not below zero),
    summed, (H, E): the swept earner's at each point and the others' fixed earnings.
    ``per_earner`` = 0 gives the group's gross monthly earnings; ``counted`` (H, M), where
    given, leaves out the earnings of the members it does not mark (a disregarded job)."""
    h = c.h
    group = c(assistance_group) if counted is None else c(assistance_group) & counted
    swept = (h.is_earner & group).any(axis=1)
    # (The mask as floats, 1 or 0: the same products without a cast of each row.)
    earner = np.maximum(c(monthly_sweep) - per_earner, 0.0) * swept.astype(float)[:, None]
    fixed = (np.maximum(h.fixed_earnings / 12 - per_earner, 0.0) * group).sum(axis=1)
    return np.asarray(earner + fixed[:, None])


def earners(c: Context) -> np.ndarray:
    """Group members with earnings at each point (a count), (H, E)."""
    h = c.h
    group = c(assistance_group)
    swept = (h.is_earner & group).any(axis=1)
    fixed = ((h.fixed_earnings > 0) & group & ~h.is_earner).sum(axis=1)
    return np.asarray((c.earnings > 0) * swept[:, None] + fixed[:, None])


def unearned(c: Context) -> np.ndarray:
    """The group's monthly unearned income, SSDI (lost above substantial gainful
    activity), (H, E)."""
    return np.asarray(ssdi_received(c, c(assistance_group)) / 12)
