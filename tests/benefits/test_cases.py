"""Rule cases written as YAML, each with the arithmetic from the law in its comments.

A case gives a household, the swept member's earnings, and expected values for some columns
(annual dollars). Expected values are worked out by hand from the statute and the published
parameters, never copied from the engine's output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from openler.benefits.engine import evaluate
from openler.benefits.household import parse_household, to_arrays
from openler.benefits.model import COLUMNS
from openler.benefits.params import ParameterNotPublished

CASES = Path(__file__).parent / "cases"


def _load() -> list[Any]:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text()):
            out.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return out


@pytest.mark.parametrize("case", _load())
def test_case(case: dict[str, Any]) -> None:
    household, fips = parse_household(case["household"])
    wanted = set(case.get("expected", {}))
    # Only the columns a case checks, so a case about taxes does not depend on, say, rents.
    columns = [c for c in COLUMNS if c.name in wanted or "net_resources" in wanted]
    earnings = np.array([float(case["earnings"])])
    if "error" in case:
        with pytest.raises(ParameterNotPublished, match=case["error"]):
            evaluate(to_arrays([(household, fips)]), earnings, columns if wanted else COLUMNS)
        return
    result = evaluate(to_arrays([(household, fips)]), earnings, columns)
    tolerance = float(case.get("tolerance", 0.01))
    columns = {**result.columns, "net_resources": result.net_resources}
    got = {name: float(columns[name][0, 0]) for name in case["expected"]}
    expected = {k: float(v) for k, v in case["expected"].items()}
    assert got == pytest.approx(expected, abs=tolerance)
