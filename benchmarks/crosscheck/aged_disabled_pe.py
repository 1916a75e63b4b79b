"""PolicyEngine-US on the households of tests/benefits/cases/health_aged_disabled.yaml,
health_ct_husky_c.yaml and ssi_ct_aabd.yaml.

Runs in the SEPARATE PolicyEngine environment (AGPL; OpenLER never imports it):

    /tmp/pe-venv/bin/python benchmarks/crosscheck/aged_disabled_pe.py

Prints, per household, whether PolicyEngine finds each member Medicaid-eligible for 2025 and
through which pathway (optional senior/disabled group, SSI recipient), with its countable
income and limit (annual), and SSI with Connecticut's supplement (``ct_ssp``, which
OpenLER pays in its ``ssi`` column). The comparison with OpenLER is in differences.md.
"""

from __future__ import annotations

from typing import Any

from policyengine_us import Simulation

YEAR = 2025
#: name, state, county FIPS, members as (age, disabled, monthly Social Security, kind),
#: the head's annual earnings, countable assets.
CASES: list[tuple[str, str, str, list[tuple[int, bool, float, str]], float, float]] = [
    ("FL senior SS 1124", "FL", "12086", [(70, False, 1124, "retirement")], 0, 0),
    ("FL senior SS 1167", "FL", "12086", [(70, False, 1167, "retirement")], 0, 0),
    ("FL senior SS 1168", "FL", "12086", [(70, False, 1168, "retirement")], 0, 0),
    ("FL senior SS 1124, assets 5001", "FL", "12086", [(70, False, 1124, "retirement")], 0, 5001),
    (
        "FL couple SS 800 + 700",
        "FL",
        "12086",
        [(70, False, 800, "retirement"), (68, False, 700, "retirement")],
        0,
        0,
    ),
    (
        "FL couple SS 800 + 772",
        "FL",
        "12086",
        [(70, False, 800, "retirement"), (68, False, 772, "retirement")],
        0,
        0,
    ),
    ("FL disabled, SSDI 900, earns 6000", "FL", "12086", [(50, True, 900, "disability")], 6000, 0),
    ("FL disabled, SSDI 900, earns 7300", "FL", "12086", [(50, True, 900, "disability")], 7300, 0),
    ("FL disabled, earns 27000 (> SGA)", "FL", "12086", [(50, True, 0, "disability")], 27000, 0),
    ("ME disabled SSDI 1330", "ME", "23005", [(45, True, 1330, "disability")], 0, 0),
    ("ME disabled SSDI 1380", "ME", "23005", [(45, True, 1380, "disability")], 0, 0),
    ("GA senior SS 900", "GA", "13121", [(70, False, 900, "retirement")], 0, 0),
    ("GA senior SS 1000", "GA", "13121", [(70, False, 1000, "retirement")], 0, 0),
    ("AL senior SS 1000", "AL", "01073", [(70, False, 1000, "retirement")], 0, 0),
    ("CT senior SS 1000", "CT", "09003", [(70, False, 1000, "retirement")], 0, 0),
    # HUSKY C (tests/benefits/cases/health_ct_husky_c.yaml)
    ("CT senior SS 1338", "CT", "09003", [(70, False, 1338, "retirement")], 0, 0),
    ("CT senior SS 1370", "CT", "09003", [(70, False, 1370, "retirement")], 0, 0),
    ("CT senior SS 1371", "CT", "09003", [(70, False, 1371, "retirement")], 0, 0),
    ("CT senior SS 1338, assets 1601", "CT", "09003", [(70, False, 1338, "retirement")], 0, 1601),
    (
        "CT couple SS 1100 + 1098",
        "CT",
        "09003",
        [(70, False, 1100, "retirement"), (70, False, 1098, "retirement")],
        0,
        0,
    ),
    (
        "CT couple SS 300 + 1664",
        "CT",
        "09003",
        [(70, False, 300, "retirement"), (70, False, 1664, "retirement")],
        0,
        0,
    ),
]
VARIABLES = (
    "is_medicaid_eligible",
    "is_optional_senior_or_disabled_for_medicaid",
    "is_ssi_recipient_for_medicaid",
    "medicaid_optional_senior_or_disabled_countable_income",
    "medicaid_optional_senior_or_disabled_income_limit",
    "ssi",
    "ct_ssp",
)
#: Connecticut's State Supplement (tests/benefits/cases/ssi_ct_aabd.yaml): as CASES, with the
#: monthly rent last.
AABD_CASES: list[tuple[str, list[tuple[int, bool, float, str]], float, float, float]] = [
    ("CT AABD SS 900, rent 800", [(70, False, 900, "retirement")], 0, 0, 800),
    ("CT AABD SS 900, rent 300", [(70, False, 900, "retirement")], 0, 0, 300),
    ("CT AABD SS 1100", [(70, False, 1100, "retirement")], 0, 0, 800),
    ("CT AABD SS 1132", [(70, False, 1132, "retirement")], 0, 0, 800),
    ("CT AABD SS 1133", [(70, False, 1133, "retirement")], 0, 0, 800),
    ("CT AABD SS 900, earns 5000", [(70, False, 900, "retirement")], 5000, 0, 800),
    ("CT AABD SS 900, assets 1601", [(70, False, 900, "retirement")], 0, 1601, 800),
    (
        "CT AABD couple SS 600 + 600, rent 1000",
        [(70, False, 600, "retirement"), (68, False, 600, "retirement")],
        0,
        0,
        1000,
    ),
]


def situation(
    state: str,
    fips: str,
    members: list[tuple[int, bool, float, str]],
    earnings: float,
    assets: float,
    rent: float = 0,
) -> dict[str, Any]:
    people: dict[str, Any] = {}
    for i, (age, disabled, social_security, kind) in enumerate(members):
        person: dict[str, Any] = {
            "age": {YEAR: age},
            "employment_income": {YEAR: earnings if i == 0 else 0},
            "ssi_countable_resources": {YEAR: assets if i == 0 else 0},
        }
        if disabled:
            # PolicyEngine's SSA disability test reads an input of its own (default false).
            person["is_disabled"] = {YEAR: True}
            person["meets_ssi_disability_criteria"] = {YEAR: True}
        if social_security:
            person[f"social_security_{kind}"] = {YEAR: 12 * social_security}
        if i == 0 and rent:
            person["rent"] = {YEAR: 12 * rent}
        people[f"p{i}"] = person
    ids = list(people)
    return {
        "people": people,
        "tax_units": {"t": {"members": ids}},
        "families": {"f": {"members": ids}},
        "marital_units": {"m": {"members": ids}},
        "spm_units": {"s": {"members": ids}},
        "households": {
            "h": {"members": ids, "state_code": {YEAR: state}, "county_fips": {YEAR: fips}}
        },
    }


def main() -> None:
    for name, state, fips, members, earnings, assets in CASES:
        simulation = Simulation(situation=situation(state, fips, members, earnings, assets))
        values = {v: simulation.calculate(v, YEAR).tolist() for v in VARIABLES}
        print(f"{name}: {values}")
    for name, members, earnings, assets, rent in AABD_CASES:
        simulation = Simulation(situation=situation("CT", "09003", members, earnings, assets, rent))
        values = {v: simulation.calculate(v, YEAR).tolist() for v in ("ssi", "ct_ssp")}
        print(f"{name}: {values}")


if __name__ == "__main__":
    main()
