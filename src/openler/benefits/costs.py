"""What the family pays for housing and childcare, as the programs and credits see it.

Each is the household's own figure where it gave one (`expenses.rent`,
`expenses.childcare`, members' `childcare_expense`), otherwise the basic-needs budget's
estimate: HUD's Fair Market Rent for the county and bedrooms (24 CFR 888.113).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context

FMR = "federal.hud.fmr"
# 26 U.S.C. 21(b)(1)(A) and 7 CFR 273.9(d)(4): care costs count for children under 13 (or
# disabled members).
CARE_AGE = 13


def fair_market_rent(c: Context, when: date) -> np.ndarray:
    """Monthly FMR for each household's county and bedroom count, (H,)."""
    table = c.p(f"{FMR}.{c.h.state.lower()}", when)
    rows = np.array([table[fips] for fips in c.h.county_fips], dtype=float)  # (H, 5): 0-4 BR
    bedrooms = np.minimum(c.h.bedrooms, rows.shape[1] - 1)
    return np.asarray(rows[np.arange(len(rows)), bedrooms])


def rent_monthly(c: Context, when: date) -> np.ndarray:
    """Monthly rent the household pays before any housing assistance, (H,)."""
    own = c.h.expenses["rent"] / 12
    if not np.isnan(own).any():
        return np.asarray(own)
    return np.asarray(np.where(np.isnan(own), c.monthly(fair_market_rent, when), own))


def care_children(c: Context) -> np.ndarray:
    h = c.h
    return np.asarray(h.present & h.is_child & ((h.age < CARE_AGE) | h.disabled))


def childcare_paid(c: Context) -> np.ndarray:
    """Annual care costs the family pays for children under 13, (H, E).

    Subsidies that pay part of the cost (CCDF, Head Start) will reduce this once those
    programs are modelled; the household's own `expenses.childcare` replaces the sum.
    """
    listed = (c.h.childcare_expense * c(care_children)).sum(axis=1)
    own = c.h.expenses["childcare"]
    return c.broadcast(np.where(np.isnan(own), listed, own))
