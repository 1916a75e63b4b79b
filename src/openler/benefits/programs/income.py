"""Household income as the programs count it."""

from __future__ import annotations

import numpy as np

from openler.benefits.engine import Context, household_earnings
from openler.benefits.programs.ssdi import ssdi


def household_income(c: Context) -> np.ndarray:
    """Annual earnings plus Social Security (SSDI) received, (H, E): MAGI income for Medicaid
    and CHIP, and the income the school-meal and WIC guidelines compare."""
    return np.asarray(c(household_earnings) + c(ssdi))
