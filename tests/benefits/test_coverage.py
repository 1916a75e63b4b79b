"""The coverage table in the docs is generated, and kept in step with the engine."""

from __future__ import annotations

from pathlib import Path

from openler.benefits.coverage import cell, coverage_markdown

DOC = Path(__file__).parents[2] / "docs" / "benefits-coverage.md"


def test_the_doc_is_the_generated_table() -> None:
    assert DOC.read_text() == coverage_markdown(), (
        "regenerate: openler benefits coverage --markdown > docs/benefits-coverage.md"
    )


def test_cells_say_what_is_missing() -> None:
    assert cell("FL", 2025, "payroll_tax") == "yes"
    assert cell("FL", 2025, "housing") == "yes"
    assert cell("GA", 2025, "snap") == "yes"
    assert cell("GA", 2026, "snap").startswith("missing `states.ga.snap.")
    # Oct-Dec 2026 needs Florida's FY2027 SNAP values, which are not published here.
    assert cell("FL", 2026, "snap").startswith("missing `states.fl.snap.")
