"""eddsa-jcs-2022 (W3C vc-di-eddsa 1.0 section 3.4): JSON Canonicalization (RFC 8785).

The signature covers the JSON bytes, so JSON-LD processing is not needed to sign or check
it; the verifier still runs the safe-mode check (``proofs.verify_proof``) so that every
claim it reports has a meaning under the bundled contexts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import rfc8785

from openler.credentials.contexts import BundledLoader
from openler.credentials.proof_errors import ProofError
from openler.credentials.suites.base import Suite


def jcs_bytes(document: Mapping[str, Any], loader: BundledLoader) -> bytes:
    try:
        return rfc8785.dumps(document)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as error:
        raise ProofError("PROOF_MALFORMED", f"JSON canonicalization failed: {error}") from None


EDDSA_JCS_2022 = Suite(
    name="eddsa-jcs-2022",
    proof_type="DataIntegrityProof",
    cryptosuite="eddsa-jcs-2022",
    canonicalize=jcs_bytes,
    keeps_proof_context=True,
    separate_safe_mode=True,
)
