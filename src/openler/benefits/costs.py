"""What the family pays for housing and childcare, as the programs and credits see it.

Rent is the household's own figure where it gave one (`expenses.rent`), otherwise the
basic-needs budget's estimate: HUD's Fair Market Rent for the county and bedrooms
(24 CFR 888.113). Childcare costs, which programs reduce, are in programs/childcare.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.geography import legacy_county

FMR = "federal.hud.fmr"


def county_row(table: dict[str, Any], fips: str) -> Any:
    """A county's entry in a HUD table: under its own code, else (a Connecticut planning region
    in a table keyed by legacy county) under its legacy county's code."""
    return table[fips] if fips in table else table[legacy_county(fips)]


def fair_market_rent(c: Context, when: date) -> np.ndarray:
    """Monthly FMR for each household's county and bedroom count, (H,); beyond four
    bedrooms, the four-bedroom FMR plus 15% of it per extra bedroom (HUD's FMR notices)."""
    table = c.p(f"{FMR}.{c.h.state.lower()}", when)
    rows = c.by_county(lambda fips: county_row(table, fips))  # (H, 5)
    largest = rows.shape[1] - 1
    bedrooms = np.minimum(c.h.bedrooms, largest)
    extra = np.maximum(c.h.bedrooms - largest, 0) * float(c.p(f"{FMR}_extra_bedroom_increment"))
    return np.asarray(rows[np.arange(len(rows)), bedrooms] * (1 + extra))


def rent_monthly(c: Context, when: date) -> np.ndarray:
    """Monthly rent the household pays before any housing assistance, (H,)."""
    own = c.h.expenses["rent"] / 12
    if not np.isnan(own).any():
        return np.asarray(own)
    return np.asarray(np.where(np.isnan(own), c.monthly(fair_market_rent, when), own))
