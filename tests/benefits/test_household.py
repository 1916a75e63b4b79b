"""The household input format: what it accepts, and the errors a caseworker sees."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from openler.benefits.geography import legacy_county
from openler.benefits.household import household_schema, parse_household, to_arrays
from openler.errors import ValidationError

SCHEMA = Path(__file__).resolve().parents[2] / "src/openler/benefits/schema/household.schema.json"

MIAMI: dict[str, Any] = {
    "year": 2025,
    "state": "FL",
    "county": "Miami-Dade County",
    "members": [
        {"id": "parent", "age": 30, "relationship": "head", "weekly_hours": 40},
        {"id": "kid1", "age": 3, "relationship": "child", "childcare_expense": 8400},
        {"id": "kid2", "age": 7, "relationship": "child", "childcare_expense": 4800},
    ],
    "earner": "parent",
    "expenses": {"rent": 18000},
    "bedrooms": 2,
    "enrolled": ["ccdf"],
}


def with_changes(**changes: Any) -> dict[str, Any]:
    return {**MIAMI, **changes}


def test_the_example_household_parses() -> None:
    household, fips = parse_household(MIAMI)
    assert fips == "12086"
    assert household.earner_id == "parent"


@pytest.mark.parametrize(
    ("document", "field", "message"),
    [
        (with_changes(state="ZZ"), "state", "not modelled yet"),
        (with_changes(county="Gotham County"), "county", "not a county of FL"),
        (with_changes(county="Broward County", county_fips="12086"), "county_fips", "disagree"),
        (with_changes(county=None, county_fips="99999"), "county_fips", "not the 5-digit FIPS"),
        (with_changes(colour="blue"), "colour", "not a field of the household format"),
        (
            with_changes(members=[{"id": "a", "age": -1, "relationship": "head"}], earner=None),
            "members.0.age",
            "greater than or equal to 0",
        ),
        (
            with_changes(members=[{"id": "kid", "age": 7, "relationship": "head"}], earner=None),
            "members",
            "a child cannot head",
        ),
        (
            with_changes(members=[{"id": "a", "age": 30, "relationship": "cousin"}]),
            "members.0.relationship",
            "'head', 'spouse', 'child' or 'other_adult'",
        ),
        (with_changes(enrolled=["lottery"]), "enrolled.0", "'snap'"),
        (with_changes(earner="nobody"), "earner", "'nobody' is not the id"),
        (with_changes(expenses={"rent": -5}), "expenses.rent", "greater than or equal to 0"),
        (
            with_changes(members=[{**MIAMI["members"][0], "job_started": "2025-02"}]),
            "members.0.job_started",
            "2025-02 is after January 2025",
        ),
        (
            with_changes(members=[{**MIAMI["members"][0], "job_started": "2025-13"}]),
            "members.0.job_started",
            "should match pattern",
        ),
    ],
)
def test_bad_input_names_the_field(document: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        parse_household(document)
    assert caught.value.field == field


def test_year_override() -> None:
    household, _ = parse_household(MIAMI, year=2024)
    assert household.year == 2024


def test_arrays() -> None:
    household, fips = parse_household(MIAMI)
    other, other_fips = parse_household(
        with_changes(
            members=[{"id": "p", "age": 40, "relationship": "head"}], bedrooms=None, earner=None
        )
    )
    arrays = to_arrays([(household, fips), (other, other_fips)])
    assert arrays.size.tolist() == [3, 1]
    assert arrays.present.shape == (2, 3)
    assert arrays.is_earner[0].tolist() == [True, False, False]
    assert arrays.childcare_expense[0].tolist() == [0, 8400, 4800]
    assert arrays.bedrooms.tolist() == [2, 1]  # given; and HUD's 2 persons a bedroom for 1
    assert arrays.expenses["rent"][0] == 18000
    assert np.isnan(arrays.expenses["food"][0])
    assert arrays.enrolled["ccdf"].tolist() == [True, True]
    assert arrays.job_started.tolist() == [[-1, -1, -1], [-1, -1, -1]]


def test_job_started_as_a_month_index() -> None:
    # Months count by subtraction: January 2025 is 12 months after January 2024.
    members = [{**MIAMI["members"][0], "job_started": "2024-01"}, *MIAMI["members"][1:]]
    household, fips = parse_household(with_changes(members=members))
    arrays = to_arrays([(household, fips)])
    assert arrays.job_started[0].tolist() == [2024 * 12, -1, -1]


def test_schema_file_is_current() -> None:
    assert json.loads(SCHEMA.read_text()) == household_schema(), (
        "regenerate with: openler benefits schema > " + str(SCHEMA)
    )


@pytest.mark.parametrize(
    ("state", "county", "fips"),
    [
        ("GA", "Fulton County", "13121"),
        ("AL", "Jefferson County", "01073"),
        ("ME", "Cumberland County", "23005"),
        ("CT", "Hartford County", "09003"),  # a legacy county (Census 2020 list)
        ("CT", "Capitol Planning Region", "09110"),  # a planning region (87 FR 34235)
        ("CT", "Western Connecticut", "09190"),
    ],
)
def test_counties_of_the_five_states(state: str, county: str, fips: str) -> None:
    _, found = parse_household(with_changes(state=state, county=county))
    assert found == fips


def test_a_planning_region_is_looked_up_under_the_legacy_county_of_its_largest_city() -> None:
    assert legacy_county("09110") == "09003"  # Capitol: Hartford, in Hartford County
    assert legacy_county("09190") == "09001"  # Western: Stamford, in Fairfield County
    assert legacy_county("12086") == "12086"
