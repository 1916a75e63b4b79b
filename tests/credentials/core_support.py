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
from tests.credentials.conformance import conformance_root

CONFORMANCE = conformance_root()
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


def small_badge(issuer: str) -> dict[str, Any]:
    """A minimal Open Badges 3.0 credential (VC 2.0), as OpenLER issues them."""
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:2f0e1b7c-5d8a-4a53-9c3e-0e9f6b1d2a77",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Forklift Operator",
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Peach State Training"},
        "validFrom": "2025-01-15T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:worker-17",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://training.example/achievements/forklift",
                "type": ["Achievement"],
                "name": "Forklift Operator",
                "description": "Operates a counterbalance forklift safely.",
                "criteria": {"narrative": "Passed the written and driving tests."},
            },
        },
    }
