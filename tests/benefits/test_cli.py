"""`openler benefits ...` as a person runs it."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from openler.cli import main
from tests.benefits.test_household import MIAMI

#: The public column order of a sweep (issue 3).
LEADING = [
    "earnings",
    "net_resources",
    "snap",
    "wic",
    "school_meals",
    "medicaid",
    "chip",
    "aca_ptc",
    "medicare_savings",
    "ccdf",
    "head_start",
    "tanf",
    "housing",
    "ssi",
    "ssdi",
    "eitc",
    "ctc",
    "cdctc",
    "state_credits",
    "payroll_tax",
    "federal_income_tax",
    "state_income_tax",
    "expenses",
]
ADDED = [*LEADING[2:19], "other_earnings"]
SUBTRACTED = ["payroll_tax", "federal_income_tax", "state_income_tax", "expenses"]


def _write(tmp_path: Path, document: object) -> str:
    path = tmp_path / "household.json"
    path.write_text(json.dumps(document))
    return str(path)


def _sweep(tmp_path: Path, *args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["benefits", "sweep", _write(tmp_path, MIAMI), *args])
    assert result.exit_code == 0, result.output
    assert "Not modelled yet" in result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_sweep_columns_rows_and_the_identity(tmp_path: Path) -> None:
    rows = _sweep(tmp_path, "--min", "0", "--max", "40000", "--step", "10000")
    assert list(rows[0])[: len(LEADING)] == LEADING
    assert [r["earnings"] for r in rows] == ["0.00", "10000.00", "20000.00", "30000.00", "40000.00"]
    for row in rows:
        # net_resources = earnings + other income + benefits + credits - taxes - expenses,
        # to the cent, on every row.
        total = (
            float(row["earnings"])
            + sum(float(row[c]) for c in ADDED)
            - sum(float(row[c]) for c in SUBTRACTED)
        )
        assert round(total, 2) == float(row["net_resources"])
    # $30,000 (hand-worked cases in tests/benefits/cases): the EITC, and SNAP with the care
    # the family still pays after Head Start (4,119.23 of the 3-year-old's 8,400) and School
    # Readiness: Jan-Sep the federal-maximum copay 7% x 30,000 = 2,100 a year, Oct-Dec none
    # (waived: 30,000 <= 1.5 x 26,650). The family's share over the year is
    # 9 x 2,100 / 12 = 1,575, i.e. 131.25 a month, which SNAP deducts.
    # Housing voucher (24 CFR 5.609, 5.611, 5.628, 982.505): income 2,500 a month is under the
    # 3-person very-low-income limit (51,050 FY2024, 55,750 FY2025); adjusted income
    # 30,000 - 2 x 480 - 1,575 child care = 27,465 -> 2,288.75 a month; TTP = max(30% x
    # 2,288.75 = 686.625, 10% x 2,500, 50) = 686.625; rent 1,500 < 2-BR FMR (2,329; 2,436)
    # so the subsidy is 1,500 - 686.625 = 813.375 a month, 9,760.50 a year, and the family
    # pays 686.625, which is SNAP's rent:
    #   FY2025: 2,500 - 500 - 204 - 131.25 = 1,664.75; shelter 686.625 + 419 - 832.375 =
    #           273.25; net 1,391.50; 30% -> 418; 768 - 418 = 350 x 9 = 3,150
    #   FY2026: 2,500 - 500 - 209 - 131.25 = 1,659.75; shelter 686.625 + 430 - 829.875 =
    #           286.75; net 1,373; 30% -> 412; 785 - 412 = 373 x 3 = 1,119
    row = rows[3]
    assert float(row["eitc"]) == 5751.51
    assert float(row["housing"]) == 9760.5
    assert float(row["snap"]) == 3150 + 1119
    assert float(row["ccdf_copay_assumed"]) == 9


def test_max_is_inclusive_and_json_rows_are_objects(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["benefits", "sweep", _write(tmp_path, MIAMI), "--max", "100000", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 101
    assert list(rows[0])[: len(LEADING)] == LEADING
    assert rows[-1]["earnings"] == 100000


def test_year_override(tmp_path: Path) -> None:
    # The household says 2025; asked for 2026, the run reaches October 2026, for which
    # Florida's SNAP utility allowance is not published: a clear error naming it.
    result = CliRunner().invoke(
        main, ["benefits", "sweep", _write(tmp_path, MIAMI), "--year", "2026", "--max", "0"]
    )
    assert result.exit_code == 1
    assert "no value is known for 2026-10-01" in result.stderr


def test_bad_household_names_the_field(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["benefits", "sweep", _write(tmp_path, {**MIAMI, "state": "ZZ"})]
    )
    assert result.exit_code == 1
    assert "error (state):" in result.stderr


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{nope")
    result = CliRunner().invoke(main, ["benefits", "sweep", str(path)])
    assert result.exit_code == 1
    assert "is not valid JSON (line 1" in result.stderr


def test_cliffs_in_plain_words(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["benefits", "cliffs", _write(tmp_path, MIAMI)])
    assert result.exit_code == 0, result.output
    assert "Raise from $69,000 to $70,000: net resources fall by $" in result.stdout
    assert "the family is back to $" in result.stdout


def _hud_file(path: Path, columns: list[str], rows: list[list[object]]) -> str:
    path.write_text("\n".join(",".join(str(v) for v in r) for r in [columns, *rows]) + "\n")
    return str(path)


def test_imported_hud_tables_fill_the_years_not_shipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files in HUD's release layout; the figures are made up for the test (the shipped
    # tables start with FY2025 FMRs and FY2024 income limits, so 2024 needs both imports).
    monkeypatch.setenv("OPENLER_DATA_DIR", str(tmp_path / "data"))
    fmr = _hud_file(
        tmp_path / "FY24_FMRs.csv",
        ["stusps", "fips", "fmr_0", "fmr_1", "fmr_2", "fmr_3", "fmr_4"],
        [["FL", "1207399999", 1000, 1100, 1200, 1500, 1700]],
    )
    limits = [f"l50_{n}" for n in range(1, 9)] + [f"l80_{n}" for n in range(1, 9)]
    il = _hud_file(
        tmp_path / "Section8-FY23.csv",
        ["stusps", "fips", *limits],
        [["FL", "1207399999", *range(30000, 38000, 1000), *range(48000, 56000, 1000)]],
    )
    runner = CliRunner()
    assert runner.invoke(main, ["data", "import", "hud-fmr", fmr]).exit_code == 0
    missing_date = runner.invoke(main, ["data", "import", "hud-il", il])
    assert missing_date.exit_code == 2  # --effective is required: HUD's dates vary
    result = runner.invoke(main, ["data", "import", "hud-il", il, "--effective", "2023-05-15"])
    assert result.exit_code == 0, result.output
    household = {
        "year": 2024,
        "state": "FL",
        "county": "Leon County",
        "members": [{"id": "me", "age": 40, "relationship": "head"}],
        "expenses": {"rent": 12000, "food": 5000},
        "bedrooms": 1,
        "programs": ["housing"],
    }
    sweep = runner.invoke(
        main, ["benefits", "sweep", _write(tmp_path, household), "--min", "24000", "--max", "24000"]
    )
    assert sweep.exit_code == 0, sweep.output
    row = next(csv.DictReader(io.StringIO(sweep.stdout)))
    # Jan-Mar: imported FY2023 limit 30,000; Apr-Dec shipped FY2024 31,050: eligible. TTP =
    # 30% x 2,000 = 600; rent 1,000 < 1-BR FMR (imported FY2024 1,100 Jan-Sep, shipped
    # FY2025 1,181 Oct-Dec): (1,000 - 600) x 12 = 4,800
    assert float(row["housing"]) == 4800


def test_an_import_never_replaces_a_shipped_value(tmp_path: Path) -> None:
    from openler.services.hud_data import import_release, parameter_tree

    fmr = _hud_file(
        tmp_path / "FY25_FMRs.csv",
        ["fips", "fmr_0", "fmr_1", "fmr_2", "fmr_3", "fmr_4"],
        [["1207399999", 1, 2, 3, 4, 5]],
    )
    import_release("fmr", Path(fmr), tmp_path, None, None)
    table = parameter_tree(tmp_path)["federal.hud.fmr.fl"].at(date(2025, 1, 1))
    assert table["12073"] == [1064, 1181, 1321, 1664, 1832]  # HUD's FY2025 Leon row


def test_a_workbook_is_read_like_the_csv(tmp_path: Path) -> None:
    from openler.services.hud_data import read_release

    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = (
        f'<worksheet xmlns="{main_ns}"><sheetData>'
        '<row><c t="s"><v>0</v></c><c t="inlineStr"><is><t>fmr_0</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>0900104720</t></is></c><c><v>1534</v></c></row>'
        "</sheetData></worksheet>"
    )
    strings = f'<sst xmlns="{main_ns}"><si><t>fips</t></si></sst>'
    book = tmp_path / "FY25_FMRs.xlsx"
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", strings)
    assert read_release(book) == [{"fips": "0900104720", "fmr_0": "1534"}]
