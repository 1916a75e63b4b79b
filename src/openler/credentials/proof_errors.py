"""Errors of the cryptographic core (contexts, safe mode, keys, DIDs, proofs).

Every code is in ``CODES``, the closed table documented in docs/credentials.md. The
verifier reports these codes instead of raising for a bad proof (see ``proofs.py``).
"""

from __future__ import annotations

from openler.errors import OpenLERError

CODES: dict[str, str] = {
    "CONTEXT_UNKNOWN": "a JSON-LD context URL that is not bundled (contexts are never fetched)",
    "CONTEXT_INVALID": "a JSON-LD context or document that JSON-LD processing rejects",
    "SAFE_MODE_UNDEFINED_TERM": "a property or type that the document's contexts do not define",
    "SAFE_MODE_RELATIVE_IRI": "an identifier or type that is a relative IRI",
    "KEY_INVALID": "a key that is not a well-formed Ed25519 Multikey",
    "DID_INVALID": "a DID (or did:web URL) that is malformed or of an unsupported method",
    "KEY_UNRESOLVED": "a verification method that could not be resolved to a key",
    "KEY_NOT_AUTHORIZED": "the key is not the issuer's, or not authorized for the purpose",
    "PROOF_MISSING": "the document has no proof",
    "PROOF_MALFORMED": "a proof lacks a field or has a field of the wrong form",
    "PROOF_SUITE_UNSUPPORTED": "a proof type or cryptosuite that is not supported",
    "PROOF_CONTEXT_MISMATCH": "the proof's @context does not start the document's @context",
    "SIGNATURE_INVALID": "the signature does not verify over the document",
}


class ProofError(OpenLERError):
    """A credential's contexts, keys or proof failed a check; ``code`` is from ``CODES``."""

    code = "PROOF_MALFORMED"
    http_status = 422

    def __init__(self, code: str, message: str, *, field: str | None = None):
        if code not in CODES:  # the table is closed: a typo must not invent a code
            raise ValueError(f"unknown proof error code {code!r}")
        super().__init__(message, field=field, code=code)
