"""HUD's Fair Market Rent and income-limit releases, imported into the user's data directory.

`openler data import hud-fmr|hud-il FILE` reads HUD's county-level release file (CSV, or the
Excel workbook HUD publishes), turns it into parameter files in the shipped format under
``$OPENLER_DATA_DIR/parameters/federal/hud/``, and :func:`parameter_tree` lays them under the
shipped parameters: an import adds fiscal years the shipped tables do not cover and never
replaces a shipped value.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import yaml

from openler.benefits import hud_tables as ht
from openler.benefits.params import ParameterTree, default_tree, load_tree, with_additions
from openler.errors import ValidationError

FOLDERS = {"fmr": "fmr", "il": "income_limits"}
DATASETS = {
    "fmr": "https://www.huduser.gov/portal/datasets/fmr.html",
    "il": "https://www.huduser.gov/portal/datasets/il.html",
}
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def parameter_tree(data_dir: Path) -> ParameterTree:
    """The shipped parameters plus whatever the user imported into ``data_dir``."""
    folder = data_dir / "parameters"
    if not folder.is_dir():
        return default_tree()
    return with_additions(default_tree(), load_tree(folder))


def fiscal_year_of(path: Path) -> int:
    """The fiscal year in a HUD file name (FY26_FMRs.xlsx, Section8-FY2026.xlsx)."""
    found = re.search(r"FY ?(\d{4}|\d{2})(?!\d)", path.name, flags=re.IGNORECASE)
    if not found:
        raise ValidationError(
            f"{path.name}: give the fiscal year (--year); it is not in the file name.",
            field="--year",
        )
    year = int(found.group(1))
    return year if year > 100 else 2000 + year


def read_release(path: Path) -> list[dict[str, str]]:
    """The rows of a HUD release file, as column name -> text."""
    if not path.is_file():
        raise ValidationError(f"{path}: no such file.", field="FILE")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    raise ValidationError(f"{path.name}: HUD's .csv or .xlsx file is expected.", field="FILE")


def _xlsx_rows(path: Path) -> list[dict[str, str]]:
    """The first worksheet of a workbook (an Office Open XML zip: shared strings + sheet).

    The workbook is the user's own file; Python's expat parser fetches no external entities
    and bounds entity expansion, hence the noqa for ruff's XML warning (S314).
    """
    try:
        with zipfile.ZipFile(path) as book:
            names = book.namelist()
            shared: list[str] = []
            if "xl/sharedStrings.xml" in names:
                root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))  # noqa: S314
                shared = ["".join(t.text or "" for t in si.iter(f"{_MAIN}t")) for si in root]
            sheet = sorted(n for n in names if re.match(r"xl/worksheets/sheet\d+\.xml$", n))[0]
            rows = ElementTree.fromstring(book.read(sheet)).iter(f"{_MAIN}row")  # noqa: S314
            table = [[_cell_text(cell, shared) for cell in row] for row in rows]
    except (zipfile.BadZipFile, IndexError, KeyError, ElementTree.ParseError):
        raise ValidationError(
            f"{path.name}: not a readable .xlsx workbook.", field="FILE"
        ) from None
    if not table:
        return []
    header = [h.strip() for h in table[0]]
    return [dict(zip(header, row, strict=False)) for row in table[1:]]


def _cell_text(cell: ElementTree.Element, shared: list[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_MAIN}t"))
    value = cell.find(f"{_MAIN}v")
    text = "" if value is None or value.text is None else value.text
    return shared[int(text)] if kind == "s" and text else text


def _period(kind: str, fiscal_year: int, effective: date | None) -> tuple[date, date]:
    if kind == "fmr":  # FMRs hold for HUD's fiscal year, October 1 - September 30
        return date(fiscal_year - 1, 10, 1), date(fiscal_year, 9, 30)
    if effective is None:
        raise ValidationError(
            "give the date HUD made these income limits effective (--effective YYYY-MM-DD; "
            "it varies by year, April to June).",
            field="--effective",
        )
    return effective, effective.replace(year=effective.year + 1) - timedelta(days=1)


Existing = tuple[dict[str, tuple[str, ht.Table]], str, list[tuple[str, str]]]


def _existing(path: Path, kind: str) -> Existing:
    """What an earlier import wrote: its years, last date and references."""
    if not path.is_file():
        return {}, "", []
    document: Mapping[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    years: dict[str, tuple[str, ht.Table]] = {}
    for start, table in document["values"].items():
        rows = {
            fips: tuple(row) if kind == "fmr" else tuple(row["very_low"]) + tuple(row["low"])
            for fips, row in table.items()
        }
        years[str(start)] = ("imported earlier", rows)
    references = [(r["title"], r["href"]) for r in document["reference"]]
    return years, str(document["in_force_until"]), references


def import_release(
    kind: str, path: Path, data_dir: Path, fiscal_year: int | None, effective: date | None
) -> list[Path]:
    """Import one HUD release ("fmr" or "il") for our states; returns the files written."""
    year = fiscal_year or fiscal_year_of(path)
    start, until = _period(kind, year, effective)
    tables = ht.release_tables(read_release(path), kind)
    folder = data_dir / "parameters" / "federal" / "hud" / FOLDERS[kind]
    folder.mkdir(parents=True, exist_ok=True)
    source = (f"HUD USER, FY {year} release file {path.name} (imported)", DATASETS[kind])
    written = []
    for state, table in tables.items():
        target = folder / f"{state.lower()}.yaml"
        years, old_until, references = _existing(target, kind)
        years[start.isoformat()] = (f"FY {year}, from {path.name}", table)
        if source not in references:
            references.append(source)
        last = max(old_until, until.isoformat())
        text = ht.parameter_yaml(kind, state, years, last, references)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
