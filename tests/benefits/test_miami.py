"""The issue's Miami example with 2025 Florida rules: the childcare cliff at School
Readiness's continuing-eligibility limit, and a break-even income well above it.

The family is enrolled (`enrolled: ["ccdf"]`), so it keeps the subsidy up to 85% of the state
median income for three persons (45 CFR 98.21(a)(1); rule 6M-4.400(3)):
  Jan-Sep 2025 (FFY 2025 SMI): 0.85 x 0.84 x 98,038 = 69,999.13
  Oct-Dec 2025 (FFY 2026 SMI): 0.85 x 0.84 x 103,063 = 73,586.98
so the sweep by $1,000 must find a cliff between $69,000 and $70,000 caused by CCDF, and a
second, smaller one between $73,000 and $74,000.
"""

from __future__ import annotations

import numpy as np

from openler.benefits import evaluate
from openler.benefits.report import cliff_report
from tests.benefits.test_household import MIAMI


def test_the_childcare_cliff_and_its_break_even() -> None:
    sweep = evaluate([MIAMI], np.arange(0, 100_001, 1000))
    beyond = evaluate([MIAMI], np.arange(101_000, 300_001, 1000))
    report = cliff_report(sweep, beyond)
    by_start = {c.earnings_before: c for c in report.cliffs}

    main = by_start[69_000]
    assert main.earnings_after == 70_000
    # The subsidy is what is lost: the largest change, and it alone exceeds the net loss.
    assert min(main.causes, key=lambda k: main.causes[k]) == "ccdf"
    assert -main.causes["ccdf"] > main.loss > 1_000
    # Break-even well above the limit: a raise of $1,000 needs many thousands more to undo.
    assert main.break_even is not None
    assert main.break_even > 75_000

    second = by_start[73_000]
    assert min(second.causes, key=lambda k: second.causes[k]) == "ccdf"


def test_an_applicant_meets_the_cliff_at_the_entry_limit_instead() -> None:
    # Not enrolled: Jan-Sep 2025 entry at 150% of poverty (Jan.: 1.5 x 25,820 = 38,730;
    # Feb.-Sep.: 1.5 x 26,650 = 39,975), Oct-Dec at 55% SMI (0.55 x 86,572.92 = 47,615.11).
    applicant = {**MIAMI, "enrolled": []}
    sweep = evaluate([applicant], np.arange(0, 100_001, 1000))
    ccdf = sweep.columns["ccdf"][0]
    earnings = sweep.earnings[0]
    assert ccdf[earnings == 38_000] > 0
    assert ccdf[earnings == 48_000] == 0
    assert np.all(ccdf[earnings >= 48_000] == 0)
