"""The library's front door: evaluate any households, of any modelled states, over earnings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from openler.benefits.engine import Result
from openler.benefits.household import HouseholdIn, parse_household
from openler.benefits.model import run
from openler.benefits.params import ParameterTree


def evaluate(
    households: Iterable[Mapping[str, Any] | HouseholdIn],
    earnings: Iterable[float] | np.ndarray,
    year: int | None = None,
    params: ParameterTree | None = None,
) -> Result:
    """Every program, tax, credit, the budget and net resources, for each household (rows of
    the result's arrays, in the order given) at each earnings point of the swept member.

    ``households`` are household documents (the JSON format) or parsed households;
    ``earnings`` is one sweep shared by all; ``year`` overrides each household's year.
    Households of different states and years are evaluated in batches of one state and year.
    """
    parsed = [
        parse_household(h.model_dump() if isinstance(h, HouseholdIn) else dict(h), year=year)
        for h in households
    ]
    if not parsed:
        raise ValueError("evaluate needs at least one household")
    grid = np.asarray(list(earnings) if not isinstance(earnings, np.ndarray) else earnings, float)
    batches: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, (household, _) in enumerate(parsed):
        batches[(household.state.upper(), household.year)].append(i)
    results = {key: run([parsed[i] for i in rows], grid, params) for key, rows in batches.items()}
    first = next(iter(results.values()))
    # Batches stack households by state and year; this puts them back in the order given.
    order = np.argsort(np.concatenate(list(batches.values())))
    stacked = {
        name: np.concatenate([r.columns[name] for r in results.values()])[order]
        for name in first.columns
    }
    grids = np.concatenate([r.earnings for r in results.values()])[order]
    return Result(grids, stacked, first.kinds)
