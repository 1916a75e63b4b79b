"""Sweep tables and cliff reports as people read them (the `openler benefits` commands).

Rows carry the public columns in their fixed order (model.LEADING), then the detail columns,
all in annual dollars rounded to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from openler.benefits.cliffs import Cliff, find_cliffs, marginal_tax_rates
from openler.benefits.engine import Result
from openler.benefits.model import LEADING


def sweep_table(result: Result, household: int = 0) -> tuple[list[str], list[list[float]]]:
    """Column names and one row per earnings point for one household.

    Every item is rounded to the cent first and net resources is the signed sum of the
    rounded items, so that the printed columns add up exactly.
    """
    rounded = {n: np.round(v[household], 2) for n, v in result.columns.items()}
    net = np.zeros_like(rounded["earnings"])
    for name, values in rounded.items():
        kind = result.kinds[name]
        if kind in {"tax", "expense"}:
            net = net - values
        elif kind != "detail":
            net = net + values
    table = {**rounded, "net_resources": np.round(net, 2)}
    names = [*LEADING, *(n for n in result.columns if n not in LEADING)]
    points = result.earnings.shape[1]
    return names, [[float(table[n][i]) for n in names] for i in range(points)]


def signed_items(result: Result) -> dict[str, np.ndarray]:
    """Each item's contribution to net resources (taxes and expenses negative)."""
    return {
        name: -values if result.kinds[name] in {"tax", "expense"} else values
        for name, values in result.columns.items()
        if result.kinds[name] not in {"detail", "earnings"}
    }


@dataclass(frozen=True)
class CliffReport:
    cliffs: list[Cliff]
    marginal_rates: np.ndarray  # (E-1,) over the sweep's own steps
    earnings: np.ndarray  # (E,) the sweep the rates belong to
    searched_to: float  # break-even search limit


def cliff_report(sweep: Result, extended: Result | None) -> CliffReport:
    """Cliffs within ``sweep`` (household 0); break-even searched on through ``extended``,
    a continuation of the same sweep to higher earnings."""
    parts = [sweep] if extended is None else [sweep, extended]
    earnings = np.concatenate([r.earnings[0] for r in parts])
    net = np.concatenate([r.net_resources[0] for r in parts])
    signed = [signed_items(r) for r in parts]
    items = {name: np.concatenate([s[name][0] for s in signed])[None, :] for name in signed[0]}
    last = float(sweep.earnings[0, -1])
    cliffs = [
        cliff
        for cliff in find_cliffs(earnings[None, :], net[None, :], items)
        if cliff.earnings_after <= last  # beyond the sweep: only used to find break-even
    ]
    rates = marginal_tax_rates(sweep.earnings[:1], sweep.net_resources[:1])[0]
    return CliffReport(cliffs, rates, sweep.earnings[0], float(earnings[-1]))


def describe(report: CliffReport) -> list[str]:
    """The cliffs in plain words a caseworker can read aloud."""
    if not report.cliffs:
        return ["No cliffs: net resources rise with every step of earnings in this range."]
    lines = []
    for cliff in report.cliffs:
        lost = [f"{name} {change:+,.0f}" for name, change in _by_size(cliff.causes)]
        if cliff.break_even is not None:
            after = (
                f"the family is back to ${cliff.net_before:,.0f} of net resources at "
                f"${cliff.break_even:,.0f} of earnings, a plateau "
                f"${cliff.break_even - cliff.earnings_before:,.0f} wide"
            )
        else:
            after = (
                f"net resources do not get back to ${cliff.net_before:,.0f} below "
                f"${report.searched_to:,.0f} of earnings"
            )
        lines.append(
            f"Raise from ${cliff.earnings_before:,.0f} to ${cliff.earnings_after:,.0f}: net "
            f"resources fall by ${cliff.loss:,.0f} (from ${cliff.net_before:,.0f} to "
            f"${cliff.net_after:,.0f}); changes: {', '.join(lost)}; {after}."
        )
    return lines


def _by_size(causes: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(causes.items(), key=lambda item: item[1])
