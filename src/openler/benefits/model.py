"""The full model: every column of net resources, in the order they are reported.

Programs are added here as they are built; a household's `programs` list (and the
`enrolled` list for continuing-eligibility rules) refer to the ``program`` names.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from openler.benefits.engine import Column, Result, evaluate, household_earnings
from openler.benefits.household import HouseholdIn, to_arrays
from openler.benefits.params import ParameterTree, default_tree
from openler.benefits.programs.head_start import head_start, head_start_waitlisted
from openler.benefits.programs.health import chip_enrollees, medicaid_enrollees
from openler.benefits.programs.school_meals import school_meals
from openler.benefits.programs.snap import snap
from openler.benefits.programs.ssdi import ssdi
from openler.benefits.programs.ssi import ssi
from openler.benefits.programs.tanf import tanf
from openler.benefits.programs.wic import wic
from openler.benefits.taxes.credits import cdcc, ctc, ctc_refundable, eitc, federal_income_tax
from openler.benefits.taxes.payroll import payroll_tax
from openler.benefits.taxes.state import state_income_tax

COLUMNS: tuple[Column, ...] = (
    Column("earnings", household_earnings, "earnings"),
    Column("payroll_tax", payroll_tax, "tax"),
    Column("federal_income_tax", federal_income_tax, "tax"),
    Column("state_income_tax", state_income_tax, "tax"),
    Column("eitc", eitc, "credit", "eitc"),
    Column("ctc_refundable", ctc_refundable, "credit", "ctc"),
    # Shown for explanation; already inside federal_income_tax, not added again.
    Column("ctc", ctc, "detail", "ctc"),
    Column("cdcc", cdcc, "detail", "cdcc"),
    Column("ssdi", ssdi, "benefit", "ssdi"),
    Column("ssi", ssi, "benefit", "ssi"),
    Column("tanf", tanf, "benefit", "tanf"),
    Column("snap", snap, "benefit", "snap"),
    Column("school_meals", school_meals, "benefit", "school_meals"),
    Column("wic", wic, "benefit", "wic"),
    Column("head_start", head_start, "benefit", "head_start"),
    # Children counted under Head Start who may wait for a funded slot (a count).
    Column("head_start_waitlisted", head_start_waitlisted, "detail", "head_start"),
    # People covered in January (counts, not dollars): the coverage value is not yet modelled.
    Column("medicaid_enrollees", medicaid_enrollees, "detail", "medicaid"),
    Column("chip_enrollees", chip_enrollees, "detail", "chip"),
)

#: What is not modelled yet, said plainly wherever results are shown.
NOT_YET_MODELLED = (
    "the dollar value of Medicaid and CHIP coverage (who is covered is computed)",
    "CCDF childcare subsidies",
    "housing vouchers",
    "ACA premium tax credits",
    "state income taxes of Maine, Alabama, Connecticut and Georgia (Florida has none)",
    "the basic-needs budget",
)


def run(
    households: Sequence[tuple[HouseholdIn, str]],
    earnings: np.ndarray,
    params: ParameterTree | None = None,
) -> Result:
    """Evaluate every column for households of one state and year."""
    return evaluate(to_arrays(list(households)), earnings, COLUMNS, params or default_tree())
