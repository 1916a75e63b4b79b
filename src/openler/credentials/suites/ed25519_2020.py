"""Ed25519Signature2020 (W3C CCG; vc-di-eddsa 1.0 appendix): the legacy RDF suite.

Same steps as eddsa-rdfc-2022 with proof type ``Ed25519Signature2020`` and no cryptosuite;
documents carry https://w3id.org/security/suites/ed25519-2020/v1 in their @context.
Verified for older credentials; OpenLER issues with eddsa-rdfc-2022.
"""

from __future__ import annotations

from openler.credentials.suites.base import Suite
from openler.credentials.suites.eddsa_rdfc_2022 import rdfc_bytes

ED25519_SIGNATURE_2020 = Suite(
    name="Ed25519Signature2020",
    proof_type="Ed25519Signature2020",
    cryptosuite=None,
    canonicalize=rdfc_bytes,
    keeps_proof_context=False,
)
