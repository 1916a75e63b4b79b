"""Medicaid's poverty-level group for aged and disabled people (Connecticut: HUSKY C in its
place): Connecticut's unpublished year, and that households the group cannot cover get the
same results in any batch."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from openler.benefits.engine import evaluate
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.model import COLUMNS
from openler.benefits.params import ParameterNotPublished

HEALTH = ("medicaid", "medicaid_enrollees", "chip", "aca_ptc", "wic")


def _household(state: str, county: str, members: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "year": 2025,
        "state": state,
        "county": county,
        "expenses": {"rent": 18000},
        "programs": ["medicaid", "chip", "aca_ptc", "wic", "ssdi"],
        "members": members,
    }


def _evaluate(documents: list[dict[str, Any]], earnings: np.ndarray) -> dict[str, np.ndarray]:
    arrays = to_arrays([parse_household(d) for d in documents])
    columns = [c for c in COLUMNS if c.name in HEALTH]
    return evaluate(arrays, earnings, columns).columns


def test_connecticut_senior_in_2024_names_the_unpublished_parameter() -> None:
    # HUSKY C's 2024 limit is not published (DSS moved from 143% to 159% of the TFA payment
    # standard on a date not found): a senior, who has no other group, gets the error.
    senior = _household("CT", "Hartford County", [{"id": "s", "age": 70, "relationship": "head"}])
    senior["year"] = 2024
    with pytest.raises(ParameterNotPublished, match=r"ct\.medicaid\.aged_disabled\.covered") as e:
        _evaluate([senior], np.array([0.0]))
    assert "leave 'medicaid' out" in str(e.value)


def test_connecticut_disabled_adult_in_2024_keeps_the_adult_group() -> None:
    # Under 65 without Medicare: HUSKY D (138% of poverty) decides that year, as before.
    person = {"id": "d", "age": 45, "relationship": "head", "disabled": True}
    household = _household("CT", "Hartford County", [person])
    household["year"] = 2024
    got = _evaluate([household], np.array([0.0]))
    assert got["medicaid"][0, 0] > 0


def test_connecticut_senior_from_2025_gets_husky_c() -> None:
    # No income, no assets: within HUSKY C's limit every month (health_ct_husky_c.yaml has
    # the thresholds), valued at MACPAC's Connecticut aged average.
    senior = _household("CT", "Hartford County", [{"id": "s", "age": 70, "relationship": "head"}])
    got = _evaluate([senior], np.array([0.0]))
    assert got["medicaid"][0, 0] == pytest.approx(15191.36)


def test_connecticut_disabled_adult_without_medicare_keeps_the_adult_group() -> None:
    # Under 65 without Medicare: covered by HUSKY D (138% of poverty) and, with no income or
    # assets, by HUSKY C as well (valued as a disabled enrollee).
    person = {"id": "d", "age": 45, "relationship": "head", "disabled": True}
    got = _evaluate([_household("CT", "Hartford County", [person])], np.array([0.0]))
    assert got["medicaid"][0, 0] > 0


def test_a_household_outside_the_group_is_unchanged_by_its_batch() -> None:
    # A family of three and, in the same batch, a senior the Florida group covers: the family's
    # rows are the same as when it is evaluated alone (the second half of levels is read only
    # where a unit passes the group's test).
    family = _household(
        "FL",
        "Miami-Dade County",
        [
            {"id": "p", "age": 30, "relationship": "head"},
            {"id": "k", "age": 3, "relationship": "child"},
            {"id": "l", "age": 0, "relationship": "child"},
        ],
    )
    senior = _household(
        "FL",
        "Miami-Dade County",
        [{"id": "s", "age": 70, "relationship": "head", "medicare": False, "ssdi_monthly": 900}],
    )
    sweep = np.linspace(0, 80_000, 41)
    alone = _evaluate([family], sweep)
    together = _evaluate([family, senior], sweep)
    for name in HEALTH:
        np.testing.assert_array_equal(alone[name][0], together[name][0], err_msg=name)
    # The senior is covered at the bottom of the sweep and loses it as earnings rise.
    assert together["medicaid"][1, 0] > 0
    assert together["medicaid"][1, -1] == 0


def test_the_unpublished_year_can_still_be_seen_without_medicaid() -> None:
    senior = _household("CT", "Hartford County", [{"id": "s", "age": 70, "relationship": "head"}])
    senior["year"] = 2024
    senior["programs"] = ["chip", "aca_ptc", "wic", "ssdi"]
    got = _evaluate([senior], np.array([0.0, 20000.0]))
    # medicaid is not counted (a zero column), the rest is computed
    assert (got["medicaid"] == 0).all()


def test_ssi_recipients_are_covered_where_ssi_is_paid_even_as_the_ratio_falls() -> None:
    # A disabled worker on SSDI (1,482 a month) who earns past SGA (1,620 a month in 2025)
    # loses SSDI: household income falls, and SSI starts at a higher point of the sweep than
    # where it was zero. Medicaid covers him exactly where SSI is paid (42 CFR 435.120) -
    # the engine had assumed SSI receipt falls as the MAGI ratio rises and raised here.
    worker = {
        "year": 2025,
        "state": "FL",
        "county_fips": "12005",
        "expenses": {"rent": 16140},
        "members": [
            {"id": "w", "age": 53, "relationship": "head", "disabled": True, "ssdi_monthly": 1482}
        ],
    }
    earnings = np.arange(0, 40001, 2000, dtype=float)
    arrays = to_arrays([parse_household(worker)])
    wanted = {"ssi", "ssdi", "medicaid", "medicaid_enrollees"}
    columns = evaluate(arrays, earnings, [c for c in COLUMNS if c.name in wanted]).columns
    # SSI = 12 x (967 - (earnings / 12 - 20 - 65) / 2) past SGA, while positive; none below
    # it (1,482 - 20 > 967)
    monthly = earnings / 12
    above = monthly > 1620
    ssi = np.where(above, np.maximum(12 * (967 - (monthly - 85) / 2), 0), 0)
    np.testing.assert_allclose(columns["ssi"][0], ssi, atol=0.01)
    assert round(columns["ssi"][0][10], 2) == 2114  # 20,000: the first point past SGA
    np.testing.assert_array_equal(columns["medicaid_enrollees"][0], (ssi > 0).astype(float))
    np.testing.assert_allclose(columns["medicaid"][0], np.where(ssi > 0, 16571.64, 0.0))
