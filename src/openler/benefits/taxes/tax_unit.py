"""The federal tax unit of the household: who files, with what status, and for whom.

We model the head's tax unit: the head, a spouse (filing jointly), and the children as
dependents. Other adults in the household file their own returns as single filers without
dependents (their earnings are fixed across the sweep, so their own taxes are too; they are
counted in :func:`other_adults_income_tax` where a program needs them).
"""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context, earnings_of

# Filing status codes, in the order the parameter mappings use them.
SINGLE, JOINT, HEAD_OF_HOUSEHOLD = 0, 1, 2
STATUS_KEYS = ("single", "joint", "head_of_household")

# 26 U.S.C. 152(c)(3): a qualifying child is under 19 at the end of the year (under 24 if a
# full-time student, which the household format does not carry), or any age if permanently
# and totally disabled.
QUALIFYING_CHILD_AGE = 19


def in_unit(c: Context) -> np.ndarray:
    """Members of the head's tax unit, (H, M)."""
    return c(_in_unit)


def _in_unit(c: Context) -> np.ndarray:
    h = c.h
    return np.asarray(h.present & (h.is_head | h.is_spouse | h.is_child))


def qualifying_children(c: Context) -> np.ndarray:
    """Members who are the filer's qualifying children (for EITC and head of household)."""
    return c(_qualifying_children)


def _qualifying_children(c: Context) -> np.ndarray:
    h = c.h
    return np.asarray(h.present & h.is_child & ((h.age < QUALIFYING_CHILD_AGE) | h.disabled))


def filing_status(c: Context) -> np.ndarray:
    """(H,) codes: joint with a spouse; head of household with a qualifying child; else single.
    Computed once per batch (every tax schedule and credit asks)."""
    return c(_filing_status)


def _filing_status(c: Context) -> np.ndarray:
    h = c.h
    has_spouse = (h.present & h.is_spouse).any(axis=1)
    has_child = qualifying_children(c).any(axis=1)
    return np.where(has_spouse, JOINT, np.where(has_child, HEAD_OF_HOUSEHOLD, SINGLE))


def by_status(c: Context, mapping: dict[str, float]) -> np.ndarray:
    """A parameter keyed by filing status, as an (H,) array for each household's status."""
    table = np.array([float(mapping[key]) for key in STATUS_KEYS])
    return np.asarray(table[filing_status(c)])


def unit_earnings(c: Context) -> np.ndarray:
    """Earned income of the tax unit, (H, E)."""
    return earnings_of(c, in_unit(c))


def filer_ages(c: Context) -> np.ndarray:
    """Ages of head and spouse, (H, M), zero elsewhere."""
    h = c.h
    return np.where(h.present & (h.is_head | h.is_spouse), h.age, 0)
