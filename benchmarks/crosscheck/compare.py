"""Cross-check OpenLER's benefits engine against PolicyEngine-US, program by program.

PolicyEngine-US (AGPL) runs in its own virtual environment and is never imported here:

    python3 -m venv /tmp/pe-venv && /tmp/pe-venv/bin/pip install policyengine-us
    .venv/bin/python benchmarks/crosscheck/compare.py --pe-python /tmp/pe-venv/bin/python

For each household and each of the sweep's earnings points we count a point as agreeing when
the two values are within $50 or 3% of each other (counts of Medicaid/CHIP enrollees must
be equal). Results go to benchmarks/crosscheck/table.md (the table, by state) and
benchmarks/crosscheck/detail.csv (every point, for investigating differences).

``--random N [--seed S]`` draws N households a state as the throughput benchmark does
instead of our eight families (table_random{N}.md). ``--without housing,head_start`` holds
those programs out of both models (PolicyEngine's take-up inputs set to false), so that the
programs that read them - SNAP's shelter and dependent-care deductions above all - are
compared on the same rent and care costs; the suffix ``_without_<program>`` names its files.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from openler.benefits.household import PROGRAMS, parse_household, to_arrays
from openler.benefits.model import run
from openler.errors import OpenLERError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benefits_engine import random_documents  # benchmarks/: the throughput benchmark's draw

HERE = Path(__file__).parent

COLUMNS = {
    "payroll_tax": "payroll_tax",
    "income_tax_before_refundable_credits": None,  # computed below from our columns
    "eitc": "eitc",
    "ctc_refundable": "ctc_refundable",
    "ssi": "ssi",
    "tanf": "tanf",
    "snap": "snap",
    "school_meals": "school_meals",
    "wic": "wic",
    "head_start": "head_start",
    "housing": "housing",
    "medicaid_enrollees": "medicaid_enrollees",
    "chip_enrollees": "chip_enrollees",
    "state_income_tax_net": None,  # state tax less state credits, computed below
}
COUNTS = {"medicaid_enrollees", "chip_enrollees"}


def person(pid: str, age: int, rel: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "age": age, "relationship": rel, **extra}


#: Counties for the eight families in each state: big cities, suburbs and rural counties
#: (Connecticut by legacy county, as PolicyEngine takes them).
COUNTIES = {
    "FL": ["Miami-Dade", "Orange", "Duval", "Hillsborough", "Leon", "Pinellas", "Polk", "Broward"],
    "GA": ["Fulton", "Chatham", "Bibb", "Gwinnett", "Clarke", "Lowndes", "Richmond", "Ware"],
    "AL": ["Jefferson", "Mobile", "Madison", "Montgomery", "Tuscaloosa", "Dallas", "Lee", "Etowah"],
    "ME": [
        "Cumberland",
        "Penobscot",
        "York",
        "Kennebec",
        "Androscoggin",
        "Aroostook",
        "Knox",
        "Washington",
    ],
    "CT": [
        "Hartford",
        "New Haven",
        "Fairfield",
        "New London",
        "Windham",
        "Litchfield",
        "Middlesex",
        "Tolland",
    ],
}
STATES = tuple(COUNTIES)


def households(year: int, state: str = "FL") -> list[dict[str, Any]]:
    """Families a caseworker sees, chosen to cross every program's thresholds: the same eight
    families in each state, in that state's counties."""
    base = {"year": year, "state": state}
    families = [
        {
            **base,
            "expenses": {"rent": 18000},
            "members": [
                person("p", 30, "head"),
                person("k1", 3, "child", childcare_expense=8400),
                person("k2", 7, "child", childcare_expense=4800),
            ],
        },
        {
            **base,
            "expenses": {"rent": 12000},
            "members": [person("p", 26, "head")],
        },
        {
            **base,
            "expenses": {"rent": 15600},
            "members": [
                person("a", 35, "head"),
                person("b", 33, "spouse"),
                person("k1", 1, "child"),
                person("k2", 10, "child"),
                person("k3", 15, "child"),
            ],
        },
        {
            **base,
            "expenses": {"rent": 14400},
            "members": [person("p", 24, "head", pregnant=True), person("k", 0, "child")],
        },
        {
            **base,
            "expenses": {"rent": 10800},
            "members": [person("p", 45, "head"), person("k", 16, "child")],
        },
        {
            **base,
            "expenses": {"rent": 13200},
            "members": [person("p", 67, "head")],
        },
        {
            **base,
            "expenses": {"rent": 16800},
            "members": [
                person("a", 40, "head"),
                person("b", 38, "spouse", earnings=20000),
                person("k1", 4, "child", childcare_expense=9000),
                person("k2", 8, "child", childcare_expense=3000),
            ],
        },
        {
            **base,
            "expenses": {"rent": 20400},
            "members": [
                person("p", 29, "head"),
                person("k1", 2, "child", childcare_expense=11000),
                person("k2", 5, "child", childcare_expense=9000),
                person("k3", 12, "child"),
            ],
        },
    ]
    for family in families:
        same_assumptions(family)
    return [
        {**family, "county": f"{county} County"}
        for family, county in zip(families, COUNTIES[state], strict=True)
    ]


def same_assumptions(family: dict[str, Any]) -> dict[str, Any]:
    """Tell OpenLER what PolicyEngine assumes where the household leaves it open."""
    for member in family["members"]:
        # PolicyEngine takes every able-bodied adult without dependents who does not meet
        # SNAP's work requirement to have used the time limit's 3 months (7 CFR 273.24);
        # OpenLER applies the limit only when told. Tell it the same for the comparison.
        if member["relationship"] in ("head", "spouse"):
            member.setdefault("snap_time_limit_used", True)
        # PolicyEngine counts only the childcare costs it is given; OpenLER prices a child
        # with no figure at market rates. Say "no paid care" so both see the same costs.
        if member["relationship"] == "child":
            member.setdefault("childcare_expense", 0)
    return family


def random_families(n: int, year: int, state: str, seed: int) -> list[dict[str, Any]]:
    """``n`` households drawn as the throughput benchmark draws them (every county of the
    state in turn, one or two adults, up to four children, some pregnant or disabled, their
    own rent and care costs): households nobody chose to agree."""
    return [same_assumptions(d) for d in random_documents(n, year, seed, (state,))]


def ours(
    documents: list[dict[str, Any]], sweep: np.ndarray, without: tuple[str, ...] = ()
) -> list[dict[str, np.ndarray] | None]:
    """One household at a time, as PolicyEngine is run, so that the timings compare; None
    (with the reason printed) for a household whose year OpenLER refuses. Programs in
    ``without`` are held out (PolicyEngine's take-up of them is turned off likewise)."""
    out: list[dict[str, np.ndarray] | None] = []
    for document in documents:
        # Childcare subsidies are left out: PolicyEngine models Florida School Readiness only
        # from October 2025 (its PR 8598), and a subsidy changes the SNAP deductions. Housing
        # vouchers stay in: PolicyEngine gives one to every eligible family, as we do.
        counted = [p for p in PROGRAMS if p != "ccdf" and p not in without]
        document = {**document, "programs": counted}
        household, fips = parse_household(document)
        try:
            result = run([(household, fips)], sweep)
        except OpenLERError as exc:
            print(f"{household.year} {household.state} {household.county}: OpenLER refuses: {exc}")
            out.append(None)
            continue
        c = {k: v[0] for k, v in result.columns.items()}
        c["income_tax_before_refundable_credits"] = c["federal_income_tax_after_credits"]
        # PolicyEngine's state_income_tax is net of every state credit, refundable ones too.
        c["state_income_tax_net"] = c["state_income_tax"] - c["state_credits"]
        out.append(c)
    return out


def agree(a: np.ndarray, b: np.ndarray, counts: bool) -> np.ndarray:
    if counts:
        return np.asarray(np.round(a) == np.round(b))
    return np.asarray(
        (np.abs(a - b) <= 50) | (np.abs(a - b) <= 0.03 * np.maximum(np.abs(a), np.abs(b)))
    )


def arguments(points: int, top: float) -> argparse.Namespace:
    """The command line shared by the cross-checks: PolicyEngine's Python, years, sweep."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--pe-python", default="/tmp/pe-venv/bin/python")  # noqa: S108
    parser.add_argument("--years", default="2025")
    parser.add_argument("--points", type=int, default=points)
    parser.add_argument("--top", type=float, default=top)
    parser.add_argument("--states", default=",".join(STATES))
    parser.add_argument(
        "--random", type=int, default=0, help="N random households per state and year instead"
    )
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument(
        "--without",
        default="",
        help="programs held out of both models (housing, head_start), so that the programs "
        "downstream of them (SNAP's shelter and care deductions) are compared on the same "
        "rent and care costs",
    )
    args = parser.parse_args()
    args.without = tuple(p for p in args.without.split(",") if p)
    unknown = set(args.without) - {"housing", "head_start"}
    if unknown:
        parser.error(f"--without: {sorted(unknown)} not allowed; use housing, head_start")
    return args


def main() -> None:
    args = arguments(101, 100_000)
    sweep = np.linspace(0, args.top, args.points)
    table: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    timing = {"openler": 0.0, "policyengine": 0.0, "points": 0}
    detail_rows = []
    runs = [(int(y), s) for y in args.years.split(",") for s in args.states.split(",")]
    for year, state in runs:
        documents = (
            random_families(args.random, year, state, args.seed)
            if args.random
            else households(year, state)
        )
        for d in documents:
            parsed, d["county_fips"] = parse_household(d)
            # Tell PolicyEngine the voucher size OpenLER uses (it would otherwise assume 0).
            d["bedrooms"] = to_arrays([(parsed, d["county_fips"])]).bedrooms[0].item()
        started = time.perf_counter()
        # Ours from the household as written (county by name or by FIPS, not both).
        our = ours(
            [
                {k: v for k, v in d.items() if k != "county_fips" or "county" not in d}
                for d in documents
            ],
            sweep,
            args.without,
        )
        timing["openler"] += time.perf_counter() - started
        with tempfile.TemporaryDirectory() as tmp:
            spec = Path(tmp) / "in.json"
            spec.write_text(
                json.dumps(
                    {
                        "households": documents,
                        "points": args.points,
                        "top": args.top,
                        "without": args.without,
                    }
                )
            )
            target = Path(tmp) / "out.json"
            runner = str(HERE / "run_policyengine.py")
            command = [args.pe_python, runner, str(spec), str(target)]
            subprocess.run(command, check=True)  # noqa: S603 - our own script, our own venv
            answer = json.loads(target.read_text())
            theirs = answer["results"]
            timing["policyengine"] += answer["seconds"]
            timing["points"] += len(documents) * args.points
        for i, (mine, pe) in enumerate(zip(our, theirs, strict=True)):
            if mine is None:
                continue
            for column in COLUMNS:
                if column in args.without:
                    continue
                if isinstance(pe[column], dict):
                    error = pe[column]["error"]
                    print(f"{year} {state} household {i} {column}: PolicyEngine error {error}")
                    continue
                a, b = mine[column], np.asarray(pe[column])
                ok = agree(a, b, column in COUNTS)
                for key in (column, (column, state)):
                    table[key][0] += int(ok.sum())
                    table[key][1] += ok.size
                for e, x, y, good in zip(sweep, a, b, ok, strict=True):
                    detail_rows.append(
                        [year, state, i, column, e, round(float(x), 2), round(float(y), 2), good]
                    )
    suffix = (f"_random{args.random}" if args.random else "") + "".join(
        f"_without_{p}" for p in args.without
    )
    with (HERE / f"detail{suffix}.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["year", "state", "household", "column", "earnings", "openler", "policyengine", "agree"]
        )
        writer.writerows(detail_rows)
    states = list(dict.fromkeys(state for _, state in runs))

    def share(key: Any) -> str:
        good, total = table.get(key, (0, 0))
        return f"{100 * good / total:.1f}%" if total else "n/a"

    lines = [
        "| Column | Points agreeing | All | " + " | ".join(states) + " |",
        "| --- | --- | --- |" + " --- |" * len(states),
    ]
    for column in (c for c in COLUMNS if c not in args.without):
        good, total = table.get(column, (0, 0))
        by_state = " | ".join(share((column, s)) for s in states)
        lines.append(f"| `{column}` | {good} / {total} | {share(column)} | {by_state} |")
    points = timing["points"]
    lines += [
        "",
        f"Timing, one household's sweep at a time ({points} household-points): OpenLER "
        f"{1000 * timing['openler'] / points:.3f} ms per point, PolicyEngine-US "
        f"{1000 * timing['policyengine'] / points:.3f} ms per point "
        f"(ratio {timing['policyengine'] / timing['openler']:.0f}x).",
    ]
    print("\n".join(lines))
    (HERE / f"table{suffix}.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
