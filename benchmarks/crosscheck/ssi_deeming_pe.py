"""PolicyEngine-US on the households of tests/benefits/cases/ssi_deeming.yaml (SSI with an
ineligible spouse's income deemed, 20 CFR 416.1163).

Runs in the SEPARATE PolicyEngine environment (AGPL; OpenLER never imports it):

    /tmp/pe-venv/bin/python benchmarks/crosscheck/ssi_deeming_pe.py

Prints PolicyEngine's annual SSI of the disabled head for 2025 next to OpenLER's expected
value from the test file; on 2026-11-29 (PolicyEngine-US 2.68.0) all eight agreed.
"""

from __future__ import annotations

from typing import Any

from policyengine_us import Simulation

YEAR = 2025
#: (spouse's annual earnings, head's annual earnings, children, assets, OpenLER's SSI)
CASES = [
    (5_796, 0, 0, 0, 11_604),
    (12_000, 0, 0, 0, 11_604),
    (24_000, 0, 0, 0, 5_910),
    (36_000, 0, 0, 0, 0),
    (24_000, 0, 2, 0, 11_604),
    (18_000, 6_000, 0, 0, 5_910),
    (0, 0, 0, 2_500, 11_604),
    (0, 0, 0, 3_001, 0),
]


def situation(spouse: float, head: float, children: int, assets: float) -> dict[str, Any]:
    people: dict[str, Any] = {
        "a": {
            "age": {YEAR: 45},
            "is_disabled": {YEAR: True},
            "meets_ssi_disability_criteria": {YEAR: True},
            "employment_income": {YEAR: head},
            "ssi_countable_resources": {YEAR: assets},
        },
        "b": {"age": {YEAR: 44}, "employment_income": {YEAR: spouse}},
    }
    for k in range(children):
        people[f"k{k}"] = {"age": {YEAR: 8}}
    ids = list(people)
    marital = {"m": {"members": ["a", "b"]}}
    marital |= {f"m{k}": {"members": [f"k{k}"]} for k in range(children)}
    return {
        "people": people,
        "tax_units": {"t": {"members": ids}},
        "families": {"f": {"members": ids}},
        "marital_units": marital,
        "spm_units": {"s": {"members": ids}},
        "households": {
            "h": {"members": ids, "state_code": {YEAR: "FL"}, "county_fips": {YEAR: "12103"}}
        },
    }


def main() -> None:
    for spouse, head, children, assets, ours in CASES:
        theirs = Simulation(situation=situation(spouse, head, children, assets)).calculate(
            "ssi", YEAR
        )
        print(
            f"spouse {spouse}, head {head}, {children} children, assets {assets}: "
            f"PolicyEngine {float(theirs[0]):,.2f}, OpenLER {ours:,.2f}"
        )


if __name__ == "__main__":
    main()
