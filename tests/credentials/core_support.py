"""Where the conformance material is, and loaders/resolvers for the W3C vectors.

The material is read from ``../shared/conformance/vc`` beside the repository (never copied
into the project); tests that need it skip with a reason when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from openler.credentials.contexts import BundledLoader


def _conformance_root() -> Path:
    for parent in Path(__file__).resolve().parents:
        candidate = parent.parent / "shared" / "conformance" / "vc"
        if (parent / "pyproject.toml").exists() and candidate.is_dir():
            return candidate
    return Path("/nonexistent-conformance")


CONFORMANCE = _conformance_root()
VECTORS = CONFORMANCE / "w3c-vc-di-eddsa" / "TestVectors"
REFERENCE_CONTEXTS = CONFORMANCE / "contexts"
OB30 = CONFORMANCE / "1edtech-validator" / "inspector-vc" / "src" / "test" / "resources" / "ob30"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"

needs_conformance = pytest.mark.skipif(
    not VECTORS.is_dir(), reason=f"conformance material not found at {CONFORMANCE}"
)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def vector_loader() -> BundledLoader:
    """The bundled contexts plus the W3C examples context, which OpenLER does not bundle
    (only the W3C vectors use it); read from the reference copy, not from the network."""
    index = read_json(REFERENCE_CONTEXTS / "index.json")
    return BundledLoader(extra={EXAMPLES_V2: read_json(REFERENCE_CONTEXTS / index[EXAMPLES_V2])})
