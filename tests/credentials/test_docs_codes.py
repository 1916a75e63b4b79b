"""Every error and outcome code of the format modules is documented in docs/credentials.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openler.credentials.baking import BAKING_ERROR_CODES
from openler.credentials.jwt import JWT_ERROR_CODES
from openler.credentials.status import STATUS_ERROR_CODES, STATUS_OUTCOMES

DOC = Path(__file__).resolve().parents[2] / "docs" / "credentials.md"


@pytest.mark.parametrize(
    "table", [BAKING_ERROR_CODES, STATUS_ERROR_CODES, STATUS_OUTCOMES, JWT_ERROR_CODES]
)
def test_every_code_is_in_the_docs(table: dict[str, str]) -> None:
    documented = set(re.findall(r"`([A-Z0-9_]+)`", DOC.read_text()))
    assert set(table) <= documented, set(table) - documented
