"""Pieces the state income tax modules share: rate schedules and step tables by filing
status, income steps, and the order in which credits meet the tax."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from openler.benefits.engine import Context, position
from openler.benefits.taxes.brackets import schedule_arrays, tax_on
from openler.benefits.taxes.income_tax import adjusted_gross_income, taxable_social_security
from openler.benefits.taxes.tax_unit import STATUS_KEYS, filing_status


def agi_without_social_security(c: Context) -> np.ndarray:
    """Federal AGI less the taxable part of Social Security, which Georgia, Alabama and
    Maine exempt entirely (earnings and Social Security being the only incomes modelled)."""
    return np.asarray(c(adjusted_gross_income) - c(taxable_social_security))


def tax_by_status(c: Context, schedules: Any, income: np.ndarray) -> np.ndarray:
    """Tax on ``income`` (H, E) under a rate schedule keyed by filing status, or one list of
    brackets for every status (a flat tax)."""
    if not isinstance(schedules, dict):
        thresholds, rates = schedule_arrays(schedules)
        return tax_on(income, thresholds, rates)
    arrays = [schedule_arrays(schedules[key]) for key in STATUS_KEYS]
    thresholds = np.stack([t for t, _ in arrays])[filing_status(c)]
    rates = np.stack([r for _, r in arrays])[filing_status(c)]
    return tax_on(income, thresholds, rates)


def step_amount(table: Sequence[dict[str, Any]], values: np.ndarray, above: bool) -> np.ndarray:
    """The amount of the row of a step table (``{threshold, amount}`` rows) that ``values``
    fall in: rows apply from their threshold on (``above`` False) or to values strictly
    above it ("more than X", ``above`` True)."""
    thresholds = np.array([float(r["threshold"]) for r in table])
    amounts = np.array([float(r["amount"]) for r in table])
    row = position(thresholds, values, side="left" if above else "right") - 1
    return np.asarray(amounts[np.clip(row, 0, len(table) - 1)])


def step_amount_by_status(c: Context, tables: Any, values: np.ndarray, above: bool) -> np.ndarray:
    """:func:`step_amount` with one table per filing status, (H, E)."""
    out = np.zeros(values.shape)
    status = filing_status(c)
    for code, key in enumerate(STATUS_KEYS):
        rows = status == code
        if rows.any():
            out[rows] = step_amount(tables[key], values[rows], above)
    return out


def steps_over(income: np.ndarray, start: np.ndarray, step: float | np.ndarray) -> np.ndarray:
    """Number of steps "or fraction thereof" of ``income`` above ``start`` (0 at or below)."""
    return np.asarray(np.ceil(np.maximum(income - start, 0.0) / step))


def credits_allowed(
    tax: np.ndarray, nonrefundable: np.ndarray, refundable: np.ndarray
) -> np.ndarray:
    """What the credits are worth: the nonrefundable ones only as far as the tax before
    credits goes, the refundable ones in full."""
    return np.asarray(np.minimum(nonrefundable, tax) + refundable)
