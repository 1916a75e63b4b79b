"""Cross-check the state income taxes of Georgia, Alabama, Maine and Connecticut against
PolicyEngine-US: our state_income_tax less state_credits against PolicyEngine's
state_income_tax (net of all state credits), for a few families over an earnings sweep.

    .venv/bin/python benchmarks/crosscheck/state_taxes.py --pe-python /tmp/pe-venv/bin/python

Only the tax and credit programs are switched on, so that states whose other programs are
not modelled yet can be compared. A point agrees within $5.

Result (November 2026, 2024-2025, 41 points to $200,000): Georgia and Connecticut agree at
every point. Alabama agrees except a single filer 65+ near $45,000-55,000 (up to $21):
PolicyEngine imputes Medicare Part B premiums as medical expenses, which Alabama lets
itemizers deduct; our households carry no medical costs. Maine (with its sales and property
tax fairness credits) agrees at every point in 2024; in 2025 PolicyEngine's net tax is lower by
its one-time $300 affordability payment where that applies (not modelled here;
docs/benefits.md). PolicyEngine is given the rent as paid (`rent`): from `pre_subsidy_rent`
it deducts a housing subsidy it imputes, which the property tax fairness credit would see.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from compare import arguments, person

from openler.benefits.engine import evaluate
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.model import COLUMNS

HERE = Path(__file__).parent
COUNTIES = {
    "GA": "Fulton County",
    "AL": "Jefferson County",
    "ME": "Cumberland County",
    "CT": "Hartford County",
}
FAMILIES = {
    "single 30": [person("me", 30, "head")],
    "single 22": [person("me", 22, "head")],
    "single 66": [person("me", 66, "head")],
    "parent of two, paid care": [
        person("parent", 30, "head"),
        person("k1", 3, "child", childcare_expense=8400),
        person("k2", 7, "child", childcare_expense=4800),
    ],
    "couple, two children": [
        person("a", 35, "head"),
        person("b", 35, "spouse"),
        # No paid care (a child with no figure would be priced at market rates).
        person("k1", 5, "child", childcare_expense=0),
        person("k2", 9, "child", childcare_expense=0),
    ],
    "couple": [person("a", 35, "head"), person("b", 35, "spouse")],
}
TAX_COLUMNS = [c for c in COLUMNS if c.name in ("state_income_tax", "state_credits")]


def documents(years: list[int]) -> list[dict[str, Any]]:
    out = []
    for state, county in COUNTIES.items():
        for year in years:
            for name, members in FAMILIES.items():
                out.append(
                    {
                        "name": f"{state} {year} {name}",
                        "year": year,
                        "state": state,
                        "county": county,
                        "expenses": {"rent": 12000},
                        "programs": ["eitc", "ctc", "cdctc", "state_credits"],
                        "members": members,
                    }
                )
    return out


def main() -> None:
    args = arguments(41, 200_000)
    sweep = np.linspace(0, args.top, args.points)
    docs = documents([int(y) for y in args.years.split(",")])
    ours = []
    for d in docs:
        household, fips = parse_household({k: v for k, v in d.items() if k != "name"})
        d["county_fips"] = fips
        result = evaluate(to_arrays([(household, fips)]), sweep, TAX_COLUMNS)
        ours.append(result.columns["state_income_tax"][0] - result.columns["state_credits"][0])
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "in.json"
        spec.write_text(
            json.dumps(
                {
                    "households": docs,
                    "points": args.points,
                    "top": args.top,
                    "variables": {"state": "state_income_tax"},
                    "rent_as_paid": True,  # no voucher: Maine's rent credit sees the full rent
                }
            )
        )
        target = Path(tmp) / "out.json"
        runner = str(HERE / "run_policyengine.py")
        subprocess.run([args.pe_python, runner, str(spec), str(target)], check=True)  # noqa: S603
        theirs = [row["state"] for row in json.loads(target.read_text())["results"]]
    for d, mine, pe in zip(docs, ours, theirs, strict=True):
        if isinstance(pe, dict):
            print(f"{d['name']}: PolicyEngine error {pe['error']}")
            continue
        gap = mine - np.asarray(pe)
        ok = np.abs(gap) <= 5
        worst = int(np.argmax(np.abs(gap)))
        note = "" if ok.all() else f"; largest gap {gap[worst]:+.2f} at {sweep[worst]:,.0f}"
        print(f"{d['name']}: {int(ok.sum())}/{ok.size} points agree{note}")


if __name__ == "__main__":
    main()
