"""States and counties, by name as the Census writes it or by 5-digit FIPS code.

County names and codes come from the Census Bureau's 2020 county list as shipped in the
``addfips`` package (a run-time dependency), so no table of ours can drift from the Census.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from openler.errors import ValidationError

#: The states whose rules OpenLER models, by two-letter code and state FIPS code.
SUPPORTED_STATES = {"FL": "12", "GA": "13", "AL": "01", "ME": "23", "CT": "09"}
COUNTY_VINTAGE = 2020

#: Connecticut's nine planning regions, the Census Bureau's county equivalents since 2022
#: (87 FR 34235, June 6, 2022; codes 09110-09190), accepted alongside the eight legacy
#: counties of the 2020 list. Tables still keyed by legacy county (HUD fair market rents and
#: income limits, ACA rating areas) look a planning region up under the legacy county of its
#: largest city, given here; tables keyed by planning region use the region itself.
CT_PLANNING_REGIONS = {
    "09110": ("Capitol Planning Region", "09003"),  # Hartford -> Hartford County
    "09120": ("Greater Bridgeport Planning Region", "09001"),  # Bridgeport -> Fairfield
    "09130": ("Lower Connecticut River Valley Planning Region", "09007"),  # Middletown
    "09140": ("Naugatuck Valley Planning Region", "09009"),  # Waterbury -> New Haven County
    "09150": ("Northeastern Connecticut Planning Region", "09015"),  # Killingly -> Windham
    "09160": ("Northwest Hills Planning Region", "09005"),  # Torrington -> Litchfield
    "09170": ("South Central Connecticut Planning Region", "09009"),  # New Haven
    "09180": ("Southeastern Connecticut Planning Region", "09011"),  # Norwich -> New London
    "09190": ("Western Connecticut Planning Region", "09001"),  # Stamford -> Fairfield
}


@dataclass(frozen=True)
class County:
    state: str
    fips: str
    name: str


def legacy_county(fips: str) -> str:
    """The 2020-vintage county code to look a county up in tables keyed that way: a
    Connecticut planning region maps to the legacy county of its largest city."""
    region = CT_PLANNING_REGIONS.get(fips)
    return region[1] if region else fips


def _normal(name: str) -> str:
    name = name.strip().lower().replace("saint ", "st. ").replace("st ", "st. ")
    for suffix in (" county", " parish", " borough", " planning region"):
        name = name.removesuffix(suffix)
    return " ".join(name.split())


@cache
def counties(state: str) -> dict[str, County]:
    """The counties of a supported state, by FIPS code."""
    state_fips = SUPPORTED_STATES[state]
    table = files("addfips").joinpath("data", f"counties_{COUNTY_VINTAGE}.csv")
    with table.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["statefp"] == state_fips]
    known = {
        r["statefp"] + r["countyfp"]: County(state, r["statefp"] + r["countyfp"], r["name"])
        for r in rows
    }
    if state == "CT":
        known.update({f: County(state, f, name) for f, (name, _) in CT_PLANNING_REGIONS.items()})
    return known


@cache
def _by_name(state: str) -> dict[str, County]:
    """The counties of a supported state by normalized name (built once per process)."""
    return {_normal(c.name): c for c in counties(state).values()}


def check_state(state: str) -> str:
    code = state.strip().upper()
    if code not in SUPPORTED_STATES:
        modelled = ", ".join(sorted(SUPPORTED_STATES))
        raise ValidationError(
            f"OpenLER models the rules of {modelled}; {state!r} is not modelled yet.",
            field="state",
        )
    return code


def resolve_county(state: str, county: str | None, county_fips: str | None) -> County:
    """The county named or coded; both may be given only if they agree."""
    state = check_state(state)
    known = counties(state)
    by_fips = None
    if county_fips is not None:
        by_fips = known.get(county_fips.strip())
        if by_fips is None:
            raise ValidationError(
                f"{county_fips!r} is not the 5-digit FIPS code of a county in {state} "
                f"(Census {COUNTY_VINTAGE} list; {state}'s codes start with "
                f"{SUPPORTED_STATES[state]}).",
                field="county_fips",
            )
    if county is None:
        if by_fips is None:
            raise ValidationError("Give the county, by name or by county_fips.", field="county")
        return by_fips
    by_name = _by_name(state)
    found = by_name.get(_normal(county))
    if found is None:
        close = difflib.get_close_matches(_normal(county), list(by_name), n=3)
        hint = f" Did you mean {', '.join(by_name[c].name for c in close)}?" if close else ""
        raise ValidationError(f"{county!r} is not a county of {state}.{hint}", field="county")
    if by_fips is not None and by_fips != found:
        raise ValidationError(
            f"county {county!r} ({found.fips}) and county_fips {county_fips} disagree.",
            field="county_fips",
        )
    return found
