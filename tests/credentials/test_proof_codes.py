"""The error-code table is closed and documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from openler.credentials.proof_errors import CODES, ProofError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "credentials.md"


def test_every_code_is_documented_with_its_meaning() -> None:
    text = DOCS.read_text("utf-8")
    for code, meaning in CODES.items():
        assert f"| {code} | {meaning} |" in text, code


def test_the_table_is_closed() -> None:
    with pytest.raises(ValueError, match="unknown proof error code"):
        ProofError("NOT_A_CODE", "x")
    assert ProofError("KEY_UNRESOLVED", "x").as_dict() == {"code": "KEY_UNRESOLVED", "message": "x"}
