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
Income limits have no town rows (and an imported release has one geography only); there a
planning region takes its legacy county's figures (geography.legacy_county) and a legacy
county takes those of the planning region holding most of its towns (CT_LEGACY_REGION).

Pure functions over rows and records; scripts/hud_tables.py writes the shipped YAML with them
and `openler data import hud-fmr|hud-il` the user's own (services/hud_data.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from openler.benefits.geography import (
    CT_PLANNING_REGIONS,
    SUPPORTED_STATES,
    counties,
    legacy_county,
)
from openler.errors import ValidationError

#: States whose FMR areas are made of towns (HUD's New England rule).
NEW_ENGLAND = {"09", "23"}
Row = tuple[float, ...]
Table = dict[str, Row]
#: Each legacy Connecticut county -> the planning region holding most of its towns, from the
#: town codes of HUD's FY2025 (by county) and FY2026 (by region) FMR files
#: (region_of_legacy_county; scripts/hud_tables.py checks it when it regenerates the tables).
CT_LEGACY_REGION = {
    "09001": "09190",  # Fairfield -> Western Connecticut
    "09003": "09110",  # Hartford -> Capitol
    "09005": "09160",  # Litchfield -> Northwest Hills
    "09007": "09130",  # Middlesex -> Lower Connecticut River Valley
    "09009": "09170",  # New Haven -> South Central Connecticut
    "09011": "09180",  # New London -> Southeastern Connecticut
    "09013": "09110",  # Tolland -> Capitol
    "09015": "09150",  # Windham -> Northeastern Connecticut
}
#: Columns of HUD's release files: the 10-digit county(-town) code and each kind's figures.
RELEASE_COLUMNS = {
    "fmr": [f"fmr_{b}" for b in range(5)],
    "il": [f"l50_{n}" for n in range(1, 9)] + [f"l80_{n}" for n in range(1, 9)],
}


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


def connecticut_keys(table: Mapping[str, Row]) -> Table:
    """A Connecticut table keyed one way (legacy counties or regions) given both kinds of keys."""
    out = dict(table)
    for county, region in CT_LEGACY_REGION.items():
        if county not in out and region in table:
            out[county] = table[region]
    for region in CT_PLANNING_REGIONS:
        if region not in out and legacy_county(region) in table:
            out[region] = table[legacy_county(region)]
    return dict(sorted(out.items()))


def _column(record: Mapping[str, str], name: str) -> str:
    for key, value in record.items():
        if key.strip().lower() == name:
            return value
    raise ValidationError(f"the file has no column {name!r}.", field="FILE")


def release_tables(records: Iterable[Mapping[str, str]], kind: str) -> dict[str, Table]:
    """County tables of our states from the rows of a HUD release file ("fmr" or "il")."""
    by_state: dict[str, list[tuple[str, Row]]] = {}
    by_fips = {v: k for k, v in SUPPORTED_STATES.items()}
    for record in records:
        code = _column(record, "fips").strip().split(".")[0].zfill(10)
        state = by_fips.get(code[:2])
        if state is None:
            continue
        try:
            row = tuple(float(_column(record, c)) for c in RELEASE_COLUMNS[kind])
        except ValueError:
            raise ValidationError(
                f"county {code}: a figure is not a number.", field="FILE"
            ) from None
        by_state.setdefault(state, []).append((code, row))
    if not by_state:
        raise ValidationError("the file has no rows for FL, GA, AL, ME or CT.", field="FILE")
    tables = {state: county_rows(rows) for state, rows in sorted(by_state.items())}
    if "CT" in tables:
        tables["CT"] = connecticut_keys(tables["CT"])
    return tables


def _quoted(text: str) -> str:
    escaped = text.replace("'", "''")
    return f"'{escaped}'"


def _numbers(row: Sequence[float]) -> str:
    return "[" + ", ".join(f"{v:.0f}" for v in row) + "]"


def parameter_yaml(
    kind: str,
    state: str,
    years: Mapping[str, tuple[str, Table]],
    until: str,
    references: Sequence[tuple[str, str]],
    notes: Sequence[str] = (),
) -> str:
    """A parameter file: ``years`` maps each start date to (a comment, the county table);
    ``notes`` become comment lines above the values."""
    names = {fips: county.name for fips, county in counties(state).items()}
    if kind == "fmr":
        description = (
            f"HUD Fair Market Rent (40th-percentile gross rent, shelter plus tenant-paid "
            f"utilities) for each {state} county, USD per month, keyed by 5-digit county FIPS "
            "code; each list is indexed by bedrooms and, unlike other list parameters, is "
            "0-based (entry i is i bedrooms - entry 0 efficiency, entry 4 four bedrooms)."
        )
        if SUPPORTED_STATES[state] in NEW_ENGLAND:
            description += (
                " New England: HUD sets FMRs by town; a county carries the FMR of the area most "
                "of its towns belong to (openler/benefits/hud_tables.py)."
            )
        head = ["unit: USD/month", "index: bedrooms  # 0-based: [0 BR, 1 BR, 2 BR, 3 BR, 4 BR]"]
    else:
        description = (
            f"HUD Section 8 income limits for each {state} county (keyed by 5-digit county FIPS "
            "code), annual USD: very_low (50% of area median income) and low (80%), each a list "
            "by family size 1-8."
        )
        head = ["unit: USD", "index: household_size"]
    lines = [f"description: {_quoted(description)}", *head, "reference:"]
    for title, href in references:
        lines += [f"  - title: {_quoted(title)}", f"    href: {href}"]
    lines += [f"# {note}" for note in notes]
    lines += ["values:"]
    for start, (comment, table) in sorted(years.items()):
        lines.append(f"  {start}:  # {comment}")
        for fips, row in table.items():
            name = names.get(fips, "?")
            if kind == "fmr":
                lines.append(f'    "{fips}": {_numbers(row)}  # {name}')
            else:
                lines.append(f'    "{fips}":  # {name}')
                lines.append(f"      very_low: {_numbers(row[:8])}")
                lines.append(f"      low: {_numbers(row[8:])}")
    lines.append(f"in_force_until: {until}")
    return "\n".join(lines) + "\n"
