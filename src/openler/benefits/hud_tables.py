"""HUD's Fair Market Rents and income limits as county tables, the way the rules look them up.

HUD publishes FMRs per FMR area and lists every county in its county-level file - except in
New England (Maine and Connecticut here), where FMR areas are made of towns and the file has
one row per town, keyed by a 10-digit code: state (2) + county (3) + county subdivision (5).
A household gives a county, not a town, so each New England county gets ONE figure by this
rule: the FMR row shared by the most of the county's towns (the county's modal FMR area);
ties go to the area whose first town has the lowest code. Rows from one FMR area are
identical, so counting identical rows counts towns per area.

Connecticut: HUD keys FY 2025 and earlier by the eight legacy counties and FY 2026 by the
nine planning regions (Census county equivalents since 2022), but town codes (county
subdivisions) are the same in both. So every Connecticut table here carries both kinds of
keys: a year keyed one way gets the other's rows by grouping the same towns by the other
geography (town -> legacy county or planning region, read from the two years' town codes).
Income limits have no town rows; there a planning region takes its legacy county's limits
(geography.legacy_county) and a legacy county takes those of the planning region holding
most of its towns.

Pure functions over rows; scripts/hud_tables.py writes the shipped YAML from them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from openler.benefits.geography import legacy_county

#: States whose FMR areas are made of towns (HUD's New England rule).
NEW_ENGLAND = {"09", "23"}
Row = tuple[float, ...]


def county_of(code: str) -> str:
    """The 5-digit county code of a HUD county or county-town code (9 or 10 digits)."""
    return code.zfill(10)[:5]


def town_of(code: str) -> str:
    return code.zfill(10)[5:]


def modal_row(rows: Sequence[tuple[str, Row]]) -> Row:
    """The row shared by the most towns; ties go to the area met first in code order."""
    ordered = sorted(rows)
    counts = Counter(row for _, row in ordered)
    first_seen = {row: i for i, (_, row) in reversed(list(enumerate(ordered)))}
    return max(counts, key=lambda row: (counts[row], -first_seen[row]))


def county_rows(rows: Iterable[tuple[str, Row]]) -> dict[str, Row]:
    """One row per county from HUD rows keyed by county or county-town code."""
    by_county: dict[str, list[tuple[str, Row]]] = {}
    for code, row in rows:
        by_county.setdefault(county_of(code), []).append((code, row))
    return {county: modal_row(towns) for county, towns in sorted(by_county.items())}


def town_geography(codes: Iterable[str]) -> dict[str, str]:
    """Town (county subdivision) -> the county code it is filed under in these codes."""
    return {town_of(code): county_of(code) for code in codes}


def regroup(rows: Iterable[tuple[str, Row]], towns: Mapping[str, str]) -> dict[str, Row]:
    """County rows for another geography of the same towns (``towns``: town -> county)."""
    return county_rows((towns[town_of(code)] + town_of(code), row) for code, row in rows)


def both_connecticut_keys(
    rows: Sequence[tuple[str, Row]], other_geography: Mapping[str, str]
) -> dict[str, Row]:
    """Connecticut county rows under both legacy-county and planning-region keys."""
    return {**county_rows(rows), **regroup(rows, other_geography)}


def region_of_legacy_county(
    legacy_towns: Mapping[str, str], region_towns: Mapping[str, str]
) -> dict[str, str]:
    """Each legacy Connecticut county -> the planning region holding most of its towns."""
    votes: dict[str, Counter[str]] = {}
    for town, county in sorted(legacy_towns.items()):
        votes.setdefault(county, Counter())[region_towns[town]] += 1
    return {county: counter.most_common(1)[0][0] for county, counter in sorted(votes.items())}


def connecticut_limits(
    limits: Mapping[str, Row], legacy_to_region: Mapping[str, str], regions: Iterable[str]
) -> dict[str, Row]:
    """Income limits keyed one way (legacy counties or regions) given both kinds of keys."""
    out = dict(limits)
    for region in regions:
        if region not in out and legacy_county(region) in limits:
            out[region] = limits[legacy_county(region)]
    for county, region in legacy_to_region.items():
        if county not in out and region in limits:
            out[county] = limits[region]
    return dict(sorted(out.items()))
