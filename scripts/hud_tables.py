"""Regenerate the HUD parameter tables (FMRs and Section 8 income limits) for our states.

    PYTHONPATH=src .venv/bin/python scripts/hud_tables.py FMR_CSV IL_CSV

FMR_CSV is a long extract of HUD's county-level FMR files (columns state, hud_fmr_area_code,
year, bedrooms, value - the HUD USER FMR API extract PolicyEngine-US ships as
parameters/gov/hud/fmr/fair_market_rents.csv); IL_CSV has one row per county and year
(county_fips, year, ami, extremely_low_income_N, very_low_income_N, low_income_N for N 1-8 -
PolicyEngine-US's parameters/gov/hud/income_limits/section8_income_limits.csv, converted
from HUD's Section8-FYxx.xlsx workbooks). Writes
src/openler/benefits/parameters/federal/hud/{fmr,income_limits}/<st>.yaml. The New England
county rule and Connecticut's two geographies are in openler/benefits/hud_tables.py.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

from openler.benefits import hud_tables as ht
from openler.benefits.geography import CT_PLANNING_REGIONS, SUPPORTED_STATES, counties

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "openler" / "benefits" / "parameters" / "federal" / "hud"
PE = "https://github.com/PolicyEngine/policyengine-us/blob/main/policyengine_us/parameters/gov/hud"
FMR_YEARS = {2025: "2024-10-01", 2026: "2025-10-01"}
FMR_UNTIL = "2026-09-30"
#: Income limits take effect when HUD publishes them each spring (FY 2024: April 1, 2024;
#: FY 2025: April 1, 2025; FY 2026: May 1, 2026) and hold until the next year's.
IL_YEARS = {2024: "2024-04-01", 2025: "2025-04-01", 2026: "2026-05-01"}
IL_UNTIL = "2026-12-31"

FMR_REFERENCES = [
    (
        'HUD, "Fair Market Rents for the Housing Choice Voucher Program, Moderate '
        'Rehabilitation Single Room Occupancy Program, and Other Programs; Fiscal Year 2025", '
        "89 FR 66127 (Aug. 14, 2024), FR Doc. 2024-18002 (FY 2025 FMRs effective Oct. 1, 2024)",
        "https://www.govinfo.gov/content/pkg/FR-2024-08-14/html/2024-18002.htm",
    ),
    (
        "HUD, Fair Market Rents ... Fiscal Year 2026, 90 FR 41096 (Aug. 22, 2025), FR Doc. "
        "2025-16060 (FY 2026 FMRs effective Oct. 1, 2025)",
        "https://www.federalregister.gov/documents/2025/08/22/2025-16060",
    ),
    (
        "HUD USER, Fair Market Rents: FY 2025 and FY 2026 county-level FMR data (one row per "
        "county; per town in New England)",
        "https://www.huduser.gov/portal/datasets/fmr.html",
    ),
    (
        "PolicyEngine-US, parameters/gov/hud/fmr/fair_market_rents.csv (HUD USER FMR API "
        "extract, years 2025-2026, bedrooms 0-4), transcribed by scripts/hud_tables.py",
        f"{PE}/fmr/fair_market_rents.csv",
    ),
]
IL_REFERENCES = [
    (
        "HUD USER, Income Limits: FY 2024, FY 2025 and FY 2026 Section 8 Income Limits "
        "(Section8-FY24/25/26.xlsx; very low income l50_1-l50_8, low income l80_1-l80_8)",
        "https://www.huduser.gov/portal/datasets/il.html",
    ),
    (
        "HUD, FY 2026 Income Limits Documentation System (methodology: 50% and 80% of area "
        "median family income, adjusted for family size, 24 CFR 5.603)",
        "https://www.huduser.gov/portal/datasets/il/il2026/select_Geography.odn",
    ),
    (
        "PolicyEngine-US, parameters/gov/hud/income_limits/section8_income_limits.csv "
        "(converted from HUD's workbooks), transcribed by scripts/hud_tables.py",
        f"{PE}/income_limits/section8_income_limits.csv",
    ),
]


def _read_fmr(path: Path) -> dict[tuple[str, int], list[tuple[str, ht.Row]]]:
    cells: dict[tuple[str, int, str], dict[int, float]] = defaultdict(dict)
    with path.open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["state"] in SUPPORTED_STATES and int(r["year"]) in FMR_YEARS:
                key = (r["state"], int(r["year"]), r["hud_fmr_area_code"].zfill(10))
                cells[key][int(r["bedrooms"])] = float(r["value"])
    out: dict[tuple[str, int], list[tuple[str, ht.Row]]] = defaultdict(list)
    for (state, year, code), row in sorted(cells.items()):
        out[(state, year)].append((code, tuple(row[b] for b in range(5))))
    return out


def _ct_geographies(
    fmr: dict[tuple[str, int], list[tuple[str, ht.Row]]],
) -> tuple[dict[str, str], dict[str, str]]:
    legacy = ht.town_geography(code for code, _ in fmr[("CT", 2025)])
    regions = ht.town_geography(code for code, _ in fmr[("CT", 2026)])
    return legacy, regions


def fmr_tables(
    fmr: dict[tuple[str, int], list[tuple[str, ht.Row]]],
) -> dict[str, dict[int, dict[str, ht.Row]]]:
    legacy, regions = _ct_geographies(fmr)
    tables: dict[str, dict[int, dict[str, ht.Row]]] = defaultdict(dict)
    for (state, year), rows in fmr.items():
        if state == "CT":
            other = regions if year == 2025 else legacy
            tables[state][year] = dict(sorted(ht.both_connecticut_keys(rows, other).items()))
        else:
            tables[state][year] = ht.county_rows(rows)
    return tables


def il_tables(
    path: Path, fmr: dict[tuple[str, int], list[tuple[str, ht.Row]]]
) -> dict[str, dict[int, dict[str, ht.Row]]]:
    by_fips = {v: k for k, v in SUPPORTED_STATES.items()}
    tables: dict[str, dict[int, dict[str, ht.Row]]] = defaultdict(lambda: defaultdict(dict))
    with path.open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            state = by_fips.get(r["county_fips"][:2])
            if state and int(r["year"]) in IL_YEARS:
                row = tuple(float(r[f"very_low_income_{n}"]) for n in range(1, 9)) + tuple(
                    float(r[f"low_income_{n}"]) for n in range(1, 9)
                )
                tables[state][int(r["year"])][r["county_fips"]] = row
    legacy, regions = _ct_geographies(fmr)
    legacy_to_region = ht.region_of_legacy_county(legacy, regions)
    for year, limits in tables["CT"].items():
        tables["CT"][year] = ht.connecticut_limits(limits, legacy_to_region, CT_PLANNING_REGIONS)
    return tables


def _names(state: str) -> dict[str, str]:
    return {fips: county.name for fips, county in counties(state).items()}


def _quoted(text: str) -> str:
    escaped = text.replace("'", "''")
    return f"'{escaped}'"


def _header(description: str, unit: str, index: str, refs: list[tuple[str, str]]) -> list[str]:
    lines = [f"description: {_quoted(description)}", f"unit: {unit}", f"index: {index}"]
    lines.append("reference:")
    for title, href in refs:
        lines += [f"  - title: {_quoted(title)}", f"    href: {href}"]
    return lines


def _ints(row: ht.Row) -> str:
    return "[" + ", ".join(f"{v:.0f}" for v in row) + "]"


def write_fmr(state: str, years: dict[int, dict[str, ht.Row]]) -> None:
    names = _names(state)
    lines = _header(
        f"HUD Fair Market Rent (40th-percentile gross rent, shelter plus tenant-paid utilities) "
        f"for each {state} county, USD per month, keyed by 5-digit county FIPS code; each list "
        "is indexed by bedrooms and, unlike other list parameters, is 0-based (entry i is i "
        "bedrooms - entry 0 efficiency, entry 4 four bedrooms)."
        + (
            " New England: HUD sets FMRs by town; a county carries the FMR of the area most of "
            "its towns belong to (openler/benefits/hud_tables.py)."
            if SUPPORTED_STATES[state] in ht.NEW_ENGLAND
            else ""
        ),
        "USD/month",
        "bedrooms  # 0-based: [0 BR, 1 BR, 2 BR, 3 BR, 4 BR]",
        FMR_REFERENCES,
    )
    lines += ["# Generated by scripts/hud_tables.py; do not edit by hand.", "values:"]
    for year, table in sorted(years.items()):
        lines.append(f"  {FMR_YEARS[year]}:  # FY {year}")
        lines += [f'    "{f}": {_ints(r)}  # {names.get(f, "?")}' for f, r in table.items()]
    lines.append(
        "# FY 2024 (from 2023-10-01) and FY 2027 (from 2026-10-01) are not encoded: their "
        "county tables were not available to transcribe."
    )
    lines.append(f"in_force_until: {FMR_UNTIL}")
    (OUT / "fmr" / f"{state.lower()}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_il(state: str, years: dict[int, dict[str, ht.Row]]) -> None:
    names = _names(state)
    lines = _header(
        f"HUD Section 8 income limits for each {state} county (keyed by 5-digit county FIPS "
        "code), annual USD: very_low (50% of area median income) and low (80%), each a list "
        "by family size 1-8.",
        "USD",
        "household_size",
        IL_REFERENCES,
    )
    lines += ["# Generated by scripts/hud_tables.py; do not edit by hand.", "values:"]
    for year, table in sorted(years.items()):
        lines.append(f"  {IL_YEARS[year]}:  # FY {year}")
        for fips, row in table.items():
            lines.append(f'    "{fips}":  # {names.get(fips, "?")}')
            lines.append(f"      very_low: {_ints(row[:8])}")
            lines.append(f"      low: {_ints(row[8:])}")
    lines.append(f"in_force_until: {IL_UNTIL}")
    folder = OUT / "income_limits"
    folder.mkdir(exist_ok=True)
    (folder / f"{state.lower()}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(fmr_csv: str, il_csv: str) -> None:
    fmr = _read_fmr(Path(fmr_csv))
    for state, years in fmr_tables(fmr).items():
        write_fmr(state, years)
    for state, years in il_tables(Path(il_csv), fmr).items():
        write_il(state, years)


if __name__ == "__main__":
    main(*sys.argv[1:3])
