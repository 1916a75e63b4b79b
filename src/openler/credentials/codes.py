"""The one closed table of every code the credentials library reports.

Each module keeps its own table next to the code that raises (so a typo cannot invent a
code); this module gathers them, checks that no code means two things, and is what
docs/credentials.md documents. A verification report's ``code`` is always a key here.
"""

from __future__ import annotations

from collections.abc import Mapping

from openler.credentials.baking import BAKING_ERROR_CODES
from openler.credentials.bundle import BUNDLE_CODES
from openler.credentials.jwt import JWT_ERROR_CODES
from openler.credentials.models.errors import CODES as MODEL_CODES
from openler.credentials.presentations import PRESENTATION_CODES
from openler.credentials.proof_errors import CODES as PROOF_CODES
from openler.credentials.resume import RESUME_CODES
from openler.credentials.status import STATUS_ERROR_CODES, STATUS_OUTCOMES
from openler.credentials.verify import VERIFY_CODES

TABLES: dict[str, Mapping[str, str]] = {
    "verify": VERIFY_CODES,
    "proofs": PROOF_CODES,
    "models": MODEL_CODES,
    "jwt": JWT_ERROR_CODES,
    "status": STATUS_ERROR_CODES,
    "status outcomes": STATUS_OUTCOMES,
    "baking": BAKING_ERROR_CODES,
    "presentations": PRESENTATION_CODES,
    "bundles": BUNDLE_CODES,
    "resumes": RESUME_CODES,
}


def _merge() -> dict[str, str]:
    merged: dict[str, str] = {}
    for name, table in TABLES.items():
        for code, meaning in table.items():
            if code in merged:
                raise RuntimeError(f"code {code} is in two tables (second: {name})")
            merged[code] = meaning
    return merged


ALL_CODES: dict[str, str] = _merge()
"""Every code, with its one-line meaning."""


def meaning(code: str) -> str:
    """The meaning of ``code``; KeyError for a code outside the closed table."""
    return ALL_CODES[code]
