"""Where the shared conformance material lives; tests read it in place and never copy it."""

from __future__ import annotations

from pathlib import Path

import pytest

_REPO = Path(__file__).resolve().parents[2]
CONFORMANCE = _REPO.parent / "shared" / "conformance" / "vc"
VALIDATOR = CONFORMANCE / "1edtech-validator"
OB30 = VALIDATOR / "inspector-vc" / "src" / "test" / "resources" / "ob30"
CLR20 = VALIDATOR / "inspector-clr" / "src" / "test" / "resources" / "clr20"


def need(path: Path) -> Path:
    """``path``, or skip the test with the reason when the shared folder is not there."""
    if not path.exists():
        pytest.skip(f"conformance material not present: {path}")
    return path
