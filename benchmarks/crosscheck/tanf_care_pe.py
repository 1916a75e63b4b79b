"""PolicyEngine-US on the households of tests/benefits/cases/tanf_care.yaml (the TANF
child-care deductions of Georgia, Alabama and Maine).

Runs in the SEPARATE PolicyEngine environment (AGPL; OpenLER never imports it):

    /tmp/pe-venv/bin/python benchmarks/crosscheck/tanf_care_pe.py

Takes the cases that leave Head Start and CCDF out (`programs: [tanf]`), where the family pays
its whole care cost - what PolicyEngine deducts, since it models neither Head Start's nor
Alabama's and Georgia's subsidy's share of the care - and prints PolicyEngine's annual TANF
next to OpenLER's expected value from the test file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from policyengine_us import Simulation
from run_policyengine import situation

CASES = Path(__file__).resolve().parents[2] / "tests" / "benefits" / "cases" / "tanf_care.yaml"
FIPS = {
    "Fulton County": "13121",
    "Jefferson County": "01073",
    "Cumberland County": "23005",
    "Leon County": "12073",
}


def single_point(
    household: dict[str, Any], earnings: float, rent_as_paid: bool = False
) -> dict[str, Any]:
    """The harness's situation with the earner's earnings fixed instead of swept."""
    document = {**household, "county_fips": FIPS[household["county"]]}
    one = situation(document, 1, earnings, rent_as_paid)
    one.pop("axes")
    earner = next(m["id"] for m in household["members"] if m["relationship"] == "head")
    one["people"][earner]["employment_income"] = {household["year"]: earnings}
    return one


def main() -> None:
    for case in yaml.safe_load(CASES.read_text()):
        household = case["household"]
        if household.get("programs") != ["tanf"]:
            continue  # Head Start or CCDF counted: PolicyEngine deducts the cost before help
        sim = Simulation(situation=single_point(household, case["earnings"]))
        theirs = float(sim.calculate("tanf", household["year"])[0])
        ours = float(case["expected"]["tanf"])
        print(f"{case['name']}: PolicyEngine {theirs:,.2f}, OpenLER {ours:,.2f}")


if __name__ == "__main__":
    main()
