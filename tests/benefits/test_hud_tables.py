"""The county rules that turn HUD's area and town rows into county tables."""

from __future__ import annotations

from datetime import date

import pytest

from openler.benefits import hud_tables as ht
from openler.benefits.params import default_tree
from openler.errors import ValidationError

PORTLAND = (1379.0, 1563.0, 2011.0, 2464.0, 2763.0)
OTHER = (1197.0, 1330.0, 1745.0, 2191.0, 2667.0)


def test_a_new_england_county_takes_the_area_most_of_its_towns_are_in() -> None:
    rows = [("2300500001", OTHER), ("2300500002", PORTLAND), ("2300500003", PORTLAND)]
    assert ht.county_rows(rows) == {"23005": PORTLAND}


def test_a_tie_goes_to_the_area_of_the_lowest_town_code() -> None:
    rows = [("2300500009", PORTLAND), ("2300500001", OTHER)]
    assert ht.modal_row(rows) == OTHER


def test_connecticut_tables_answer_for_both_geographies() -> None:
    by_region = ht.connecticut_keys({"09170": (1.0,), "09140": (2.0,)})
    assert by_region["09009"] == (1.0,)  # New Haven County: most of its towns are South Central
    by_county = ht.connecticut_keys({"09009": (3.0,)})
    assert by_county["09140"] == by_county["09170"] == (3.0,)  # both regions' legacy county


def test_release_rows_of_other_states_are_left_out_and_bad_files_named() -> None:
    rows = [
        {"FIPS": "2300500001", **{f"fmr_{b}": str(v) for b, v in enumerate(PORTLAND)}},
        {"fips": "3600199999", **{f"fmr_{b}": "1" for b in range(5)}},
    ]
    assert ht.release_tables(rows, "fmr") == {"ME": {"23005": PORTLAND}}
    with pytest.raises(ValidationError, match="no column 'fmr_1'"):
        ht.release_tables([{"fips": "2300500001", "fmr_0": "1"}], "fmr")


def test_every_county_of_every_state_has_an_fmr_and_income_limits() -> None:
    from openler.benefits.geography import SUPPORTED_STATES, counties

    tree = default_tree()
    for state in SUPPORTED_STATES:
        for when in (date(2025, 1, 1), date(2025, 12, 1)):
            fmr = tree[f"federal.hud.fmr.{state.lower()}"].at(when)
            limits = tree[f"federal.hud.income_limits.{state.lower()}"].at(when)
            for fips in counties(state):
                assert len(fmr[fips]) == 5, (state, fips)
                assert len(limits[fips]["very_low"]) == 8, (state, fips)


def test_every_county_has_a_fy2024_fmr() -> None:
    from openler.benefits.geography import SUPPORTED_STATES, counties

    tree = default_tree()
    for state in SUPPORTED_STATES:
        fmr = tree[f"federal.hud.fmr.{state.lower()}"].at(date(2024, 3, 1))
        for fips in counties(state):
            assert len(fmr[fips]) == 5, (state, fips)


@pytest.mark.parametrize(
    ("state", "fips", "row"),
    [
        # HUD FY 2024 FMRs (FMR2024_final_revised.xlsx), 0-4 bedrooms, read from the rows
        ("al", "01001", [836, 913, 1092, 1383, 1753]),  # Autauga County
        ("fl", "12086", [1683, 1884, 2324, 3027, 3589]),  # Miami-Dade County
        ("ga", "13121", [1599, 1643, 1844, 2230, 2707]),  # Fulton County
        # New England: the area most of the county's towns are in
        ("me", "23005", [1319, 1512, 1946, 2418, 2742]),  # Cumberland County (Portland towns)
        ("ct", "09009", [1251, 1374, 1676, 2062, 2348]),  # New Haven County
        (
            "ct",
            "09170",
            [1251, 1374, 1676, 2062, 2348],
        ),  # South Central Connecticut Planning Region
    ],
)
def test_fy2024_fmrs_are_hud_figures(state: str, fips: str, row: list[int]) -> None:
    fmr = default_tree()[f"federal.hud.fmr.{state}"]
    assert list(fmr.at(date(2024, 9, 30))[fips]) == row
    assert list(fmr.at(date(2024, 10, 1))[fips]) != row  # FY 2025 from October 1, 2024
