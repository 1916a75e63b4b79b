"""PolicyEngine-US on the households of tests/benefits/cases/snap_medical.yaml (SNAP's excess
medical deduction, 7 CFR 273.9(d)(3)).

Runs in the SEPARATE PolicyEngine environment (AGPL; OpenLER never imports it):

    cd benchmarks/crosscheck && /tmp/pe-venv/bin/python snap_medical_pe.py

Prints PolicyEngine's annual SNAP (with its March medical deduction and its SSI) next to
OpenLER's expected value from the test file. The member's `medical_expense` goes to
PolicyEngine's `other_medical_expenses`; the Medicare Part B premium each side computes
itself. On 2026-11-29 (PolicyEngine-US 2.68) the two cases without an elderly or disabled
member agree (1,461 against 1,464); the others do not compare like with like: the seniors'
cases leave SSI and the Medicare Savings Programs out (`programs`), which PolicyEngine cannot
(its seniors get SSI, which is SNAP income, and QMB pays their premium), and PolicyEngine
pays no SSI to the disabled worker of the SSI case, so she is no disabled member for its
SNAP either (7 CFR 271.2, which both sides now follow).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from policyengine_us import Simulation
from tanf_care_pe import single_point

CASES = Path(__file__).resolve().parents[2] / "tests" / "benefits" / "cases" / "snap_medical.yaml"


def main() -> None:
    for case in yaml.safe_load(CASES.read_text()):
        household = case["household"]
        # No voucher in the cases (`programs`): PolicyEngine is given the rent as paid.
        sim = Simulation(situation=single_point(household, case["earnings"], rent_as_paid=True))
        theirs = float(sim.calculate("snap", household["year"])[0])
        medical = sim.calculate("snap_excess_medical_expense_deduction", f"{household['year']}-03")
        ssi = float(sim.calculate("ssi", household["year"])[0])
        ours = float(case["expected"]["snap"])
        print(
            f"{case['name']}: PolicyEngine {theirs:,.2f} (March medical deduction "
            f"{float(medical[0]):,.2f}, SSI {ssi:,.2f}), OpenLER {ours:,.2f}"
        )


if __name__ == "__main__":
    main()
