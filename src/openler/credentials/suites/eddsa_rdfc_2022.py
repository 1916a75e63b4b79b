"""eddsa-rdfc-2022 (W3C vc-di-eddsa 1.0 section 3.3): RDFC-1.0 canonical N-Quads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openler.credentials.contexts import BundledLoader
from openler.credentials.safe_mode import canonize_rdfc
from openler.credentials.suites.base import Suite


def rdfc_bytes(document: Mapping[str, Any], loader: BundledLoader) -> bytes:
    return canonize_rdfc(document, loader).encode("utf-8")


EDDSA_RDFC_2022 = Suite(
    name="eddsa-rdfc-2022",
    proof_type="DataIntegrityProof",
    cryptosuite="eddsa-rdfc-2022",
    canonicalize=rdfc_bytes,
    keeps_proof_context=False,
)
