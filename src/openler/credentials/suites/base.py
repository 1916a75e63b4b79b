"""What the EdDSA Data Integrity suites share (W3C vc-di-eddsa 1.0, sections 3.2-3.4).

Each suite is the same algorithm with a different canonicalization:

1. proof configuration = the proof options without ``proofValue``, with the document's
   ``@context`` (section 3.x.5); canonicalized and hashed with SHA-256;
2. transformation = the document without its proof, canonicalized (3.x.3), hashed (3.x.4);
3. hash data = proofConfigHash || transformedDocumentHash; signed with Ed25519 (3.x.6);
4. ``proofValue`` = multibase base58btc of the 64-byte signature.

A suite is a value (no state): the JSON-LD loader comes with each call.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from openler.credentials.contexts import BundledLoader
from openler.credentials.proof_errors import ProofError

Canonicalize = Callable[[Mapping[str, Any], BundledLoader], bytes]


class HashInputs(NamedTuple):
    """Every intermediate value of one proof, as the W3C vectors list them. (A named tuple:
    made on every verification.)"""

    canonical_document: bytes
    canonical_proof_config: bytes
    document_hash: bytes
    proof_config_hash: bytes

    @property
    def hash_data(self) -> bytes:
        return self.proof_config_hash + self.document_hash


@dataclass(frozen=True)
class Suite:
    name: str  # cryptosuite name, or the proof type for Ed25519Signature2020
    proof_type: str
    cryptosuite: str | None
    canonicalize: Canonicalize
    # eddsa-jcs-2022 keeps the proof's "@context" in the signed proof; the RDFC suites drop it
    keeps_proof_context: bool
    # True when canonicalization is not JSON-LD (JCS): safe mode then runs as its own step
    separate_safe_mode: bool = False
    # keep canonical proof configurations per loader (worth it when canonicalizing is RDFC)
    cache_config: bool = True
    # canonicalization of a document already found plain JSON (safe_mode.check_safe): JCS
    # then skips its own walk
    canonicalize_plain: Canonicalize | None = None

    def proof_options(
        self, *, verification_method: str, created: str, proof_purpose: str = "assertionMethod"
    ) -> dict[str, Any]:
        options: dict[str, Any] = {"type": self.proof_type}
        if self.cryptosuite is not None:
            options["cryptosuite"] = self.cryptosuite
        options["created"] = created
        options["verificationMethod"] = verification_method
        options["proofPurpose"] = proof_purpose
        return options

    def hash_inputs(
        self,
        unsecured: Mapping[str, Any],
        proof_options: Mapping[str, Any],
        loader: BundledLoader,
        *,
        plain_json: bool = False,
    ) -> HashInputs:
        """``plain_json``: check_safe found the document with this proof plain JSON."""
        config = {k: v for k, v in proof_options.items() if k != "proofValue"}
        if "@context" not in unsecured:
            raise ProofError("PROOF_MALFORMED", "the document has no @context", field="@context")
        config["@context"] = unsecured["@context"]
        canonicalize = self.canonicalize
        if plain_json and self.canonicalize_plain is not None:
            canonicalize = self.canonicalize_plain
        canonical_config = self._canonical_config(config, loader, canonicalize)
        canonical_document = canonicalize(unsecured, loader)
        return HashInputs(
            canonical_document=canonical_document,
            canonical_proof_config=canonical_config,
            document_hash=hashlib.sha256(canonical_document).digest(),
            proof_config_hash=hashlib.sha256(canonical_config).digest(),
        )

    def _canonical_config(
        self, config: dict[str, Any], loader: BundledLoader, canonicalize: Canonicalize
    ) -> bytes:
        # Credentials issued in one batch share their proof configuration (same key, often
        # the same second), so its canonical form is kept per loader. Canonicalization is a
        # pure function of the configuration and the loader's documents; failures are not
        # kept.
        if not self.cache_config:
            return canonicalize(config, loader)
        try:
            key = (self.name, json.dumps(config, sort_keys=True))
        except (TypeError, ValueError):
            return canonicalize(config, loader)
        cached: bytes | None = loader.configs.get(key)
        if cached is None:
            cached = loader.configs[key] = canonicalize(config, loader)
        return cached

    def signed_proof(self, proof_options: Mapping[str, Any], proof_value: str) -> dict[str, Any]:
        proof = dict(proof_options)
        if not self.keeps_proof_context:
            proof.pop("@context", None)
        proof["proofValue"] = proof_value
        return proof


# Names used before vc-di-eddsa 1.0 settled on eddsa-rdfc-2022; the algorithm is the same
# (the proof configuration still carries the old name, so signatures verify unchanged).
OBSOLETE_CRYPTOSUITES = {"eddsa-2022": "eddsa-rdfc-2022"}


def suite_for_proof(proof: Mapping[str, Any], suites: Mapping[str, Suite]) -> Suite:
    """The suite that verifies ``proof``, or ``PROOF_SUITE_UNSUPPORTED``."""
    proof_type = proof.get("type")
    if proof_type == "DataIntegrityProof":
        name = proof.get("cryptosuite")
        if isinstance(name, str):
            name = OBSOLETE_CRYPTOSUITES.get(name, name)
        suite = suites.get(name) if isinstance(name, str) else None
        if suite is None or suite.proof_type != proof_type:
            raise ProofError(
                "PROOF_SUITE_UNSUPPORTED",
                f"the cryptosuite {name!r} is not supported",
                field="proof.cryptosuite",
            )
        return suite
    suite = suites.get(proof_type) if isinstance(proof_type, str) else None
    if suite is None or suite.cryptosuite is not None:
        raise ProofError(
            "PROOF_SUITE_UNSUPPORTED",
            f"the proof type {proof_type!r} is not supported",
            field="proof.type",
        )
    return suite
