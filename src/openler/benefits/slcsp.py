"""Benchmark (second-lowest-cost silver) premiums a user imports for places or years we do not
ship, and the parameter tree that adds them to ours.

Two input formats, both CSV with a header:
- simple: ``state,county_fips,year,premium_age_21`` - the monthly premium of the county's
  second-lowest-cost silver plan for a 21-year-old;
- the CMS QHP Landscape public use file (individual market, medical): one row per plan with
  ``State Code``, ``FIPS County Code``, ``Metal Level`` and ``Premium Adult Individual Age 21``;
  the benchmark of each county is the second-lowest silver premium (26 CFR 1.36B-3(f)), and
  the plan year is given separately, as the file does not carry it.

Premiums are stored as the shipped tables are: monthly, at age 0 (the age-21 premium times
the state's age-curve factor at 0 over the factor at 21), one parameter file per state under
the user's data folder. Pure functions: the caller reads and writes the files.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from openler.benefits.geography import check_state, resolve_county
from openler.benefits.params import Parameter, ParameterTree, load_tree
from openler.errors import ValidationError

SIMPLE = ("state", "county_fips", "year", "premium_age_21")
LANDSCAPE = ("State Code", "FIPS County Code", "Metal Level", "Premium Adult Individual Age 21")
CURVE = "federal.cms.aca.age_curve"
#: Tables[state][year][county FIPS] = monthly premium at age 21.
Tables = dict[str, dict[int, dict[str, float]]]


def _money(raw: str, line: int) -> float:
    try:
        value = float(raw.replace("$", "").replace(",", "").strip())
    except ValueError:
        raise ValidationError(f"line {line}: {raw!r} is not a premium.", field="FILE") from None
    if not 0 < value < 100_000:
        raise ValidationError(f"line {line}: premium {value} is out of range.", field="FILE")
    return value


def _add(tables: Tables, state: str, fips: str, year: int, premium: float, line: int) -> None:
    state = check_state(state)
    try:
        county = resolve_county(state, None, fips.strip().zfill(5))
    except ValidationError as exc:
        raise ValidationError(f"line {line}: {exc.message}", field="FILE") from None
    tables[state][year][county.fips] = premium


def parse_slcsp(text: str, year: int | None = None) -> Tables:
    """Age-21 benchmark premiums from either CSV format; ``year`` is needed for the PUF."""
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = set(rows.fieldnames or ())
    tables: Tables = defaultdict(lambda: defaultdict(dict))
    if set(SIMPLE) <= header:
        for line, row in enumerate(rows, start=2):
            try:
                row_year = int(row["year"])
            except ValueError:
                raise ValidationError(f"line {line}: year {row['year']!r}", field="FILE") from None
            premium = _money(row["premium_age_21"], line)
            _add(tables, row["state"], row["county_fips"], row_year, premium, line)
    elif set(LANDSCAPE) <= header:
        if year is None:
            raise ValidationError("Give --year: the landscape file has no plan year.", field="year")
        silver: dict[tuple[str, str], list[float]] = defaultdict(list)
        places: dict[tuple[str, str], int] = {}
        for line, row in enumerate(rows, start=2):
            if row["Metal Level"].strip().lower().startswith("silver"):
                key = (row["State Code"].strip(), row["FIPS County Code"].strip())
                silver[key].append(_money(row["Premium Adult Individual Age 21"], line))
                places.setdefault(key, line)
        for (state, fips), premiums in silver.items():
            # With one silver plan only, it is the benchmark (26 CFR 1.36B-3(f)(1)).
            second = sorted(premiums)[min(1, len(premiums) - 1)]
            _add(tables, state, fips, year, second, places[(state, fips)])
    else:
        raise ValidationError(
            f"FILE needs the columns {', '.join(SIMPLE)} or the CMS landscape columns "
            f"{', '.join(LANDSCAPE)}.",
            field="FILE",
        )
    if not tables:
        raise ValidationError("FILE has no premium rows.", field="FILE")
    return tables


def _factor(tree: ParameterTree, state: str, year: int, age: int) -> float:
    curves = tree[CURVE].at(date(year, 1, 1))
    curve = curves.get(state.lower(), curves["default"])
    return float([b["amount"] for b in curve if int(b["threshold"]) <= age][-1])


def parameter_documents(tables: Tables, tree: ParameterTree, source: str) -> dict[str, Any]:
    """One parameter document per state (name -> document), premiums at age 0."""
    out: dict[str, Any] = {}
    for state, years in tables.items():
        values = {}
        for year, counties in sorted(years.items()):
            ratio = _factor(tree, state, year, 0) / _factor(tree, state, year, 21)
            values[date(year, 1, 1)] = {f: round(p * ratio, 4) for f, p in sorted(counties.items())}
        out[f"states.{state.lower()}.aca.benchmark_premium"] = {
            "description": f"Benchmark silver premiums imported by the user for {state}, monthly, "
            "at age 0, by county FIPS and plan year.",
            "unit": "USD/month",
            "reference": [
                {
                    "title": f"Imported with `openler data import slcsp` from {source}",
                    "href": Path(source).resolve().as_uri(),
                }
            ],
            "values": values,
            "in_force_until": date(max(years), 12, 31),
        }
    return out


def write_documents(documents: Mapping[str, Any], folder: Path) -> list[Path]:
    """Write (merging with earlier imports of the same state) under ``folder``."""
    written = []
    for name, document in documents.items():
        path = folder.joinpath(*name.split(".")).with_suffix(".yaml")
        if path.exists():
            earlier = yaml.safe_load(path.read_text(encoding="utf-8"))
            for start, counties in document["values"].items():
                earlier["values"].setdefault(start, {}).update(counties)
            earlier["in_force_until"] = max(earlier["in_force_until"], document["in_force_until"])
            earlier["reference"] += document["reference"]
            document = earlier
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(dict(document), sort_keys=False), encoding="utf-8")
        written.append(path)
    return written


def _merge(shipped: Parameter, imported: Parameter) -> Parameter:
    """Imported counties added to (or replacing) the shipped ones for exactly the plan years
    imported; a year only one side has keeps that side's table (no carrying forward)."""
    own = dict(zip(imported.starts, imported.values, strict=True))
    ours = dict(zip(shipped.starts, shipped.values, strict=True))
    starts = sorted(own.keys() | ours.keys())
    values = tuple({**ours.get(s, {}), **own.get(s, {})} for s in starts)
    until = [shipped.in_force_until, imported.in_force_until]
    return replace(
        shipped,
        starts=tuple(starts),
        values=values,
        in_force_until=None if None in until else max(u for u in until if u is not None),
        references=shipped.references + imported.references,
    )


def with_imports(tree: ParameterTree, folder: Path) -> ParameterTree:
    """``tree`` with the premiums imported under ``folder`` (unchanged if there are none)."""
    if not folder.is_dir() or not any(folder.rglob("*.yaml")):
        return tree
    imported = load_tree(folder)
    return tree.replaced(
        _merge(tree[name], imported[name]) if name in tree else imported[name] for name in imported
    )
