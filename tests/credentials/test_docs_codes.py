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


def test_the_one_table_holds_every_code_and_all_are_documented() -> None:
    from openler.credentials.codes import ALL_CODES, TABLES

    assert sum(len(t) for t in TABLES.values()) == len(ALL_CODES)  # no code in two tables
    text = DOC.read_text()
    # In prose or a table as `CODE`, or as the first cell of a table row.
    documented = set(re.findall(r"`([A-Z0-9_]+)`", text))
    documented |= set(re.findall(r"^\| ([A-Z][A-Z0-9_]+) \|", text, flags=re.MULTILINE))
    assert set(ALL_CODES) <= documented, set(ALL_CODES) - documented


# How the modules name a code in source: ``code="X"``, ``ProofError("X", ...)``, a check
# recorded by the verifier ``run.add(id, status, "X", ...)``.
_EMITTED = re.compile(
    r"""code=["']([A-Z][A-Z0-9_]+)["']|ProofError\(\s*["']([A-Z][A-Z0-9_]+)["']"""
    r"""|"(?:passed|failed|skipped|warning)",\s*"([A-Z][A-Z0-9_]+)\""""
)


def test_every_code_the_modules_emit_is_in_the_table() -> None:
    from openler.credentials.codes import ALL_CODES

    source = Path(__file__).resolve().parents[2] / "src" / "openler" / "credentials"
    emitted = {
        code
        for path in source.rglob("*.py")
        for match in _EMITTED.finditer(path.read_text())
        for code in match.groups()
        if code
    }
    assert len(emitted) > 20  # the pattern finds the codes (not an empty pass)
    assert emitted <= set(ALL_CODES), emitted - set(ALL_CODES)
