"""Add Data Integrity proofs to a document, and verify them.

``sign`` adds one proof (to a proof set when the document has proofs already; with
``previous_proof`` it makes a proof chain). ``verify_proofs`` checks every proof and
returns one ``ProofResult`` each: a bad proof is a result with an error code from
``proof_errors.CODES``, never an exception. Keys come from the ``DidResolver`` the caller
passes. ``key_binding_error`` is the separate check that the key belongs to the issuer and
is authorized for assertions.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypedDict, Unpack

from openler.credentials.contexts import BundledLoader, default_loader
from openler.credentials.dids import (
    DidResolver,
    VerificationMethod,
    check_key_binding,
    issuer_id,
)
from openler.credentials.keys import Ed25519KeyPair, verify_signature
from openler.credentials.multibase import decode_z, encode_z
from openler.credentials.proof_errors import ProofError
from openler.credentials.safe_mode import check_safe
from openler.credentials.suites import EDDSA_RDFC_2022, SUITES, Suite, suite_for_proof
from openler.credentials.suites.base import OBSOLETE_CRYPTOSUITES

# XML Schema 1.1 dateTime (vc-data-integrity: "created" is a dateTimeStamp; the time zone is
# read as optional here, as the reference verifiers do).
_DATETIME = re.compile(
    r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?"
    r"(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)?"
)


def _timestamp(created: str | datetime) -> str:
    if isinstance(created, datetime):
        if created.tzinfo is None:
            raise ProofError("PROOF_MALFORMED", "created must be timezone-aware", field="created")
        return created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return created


def _proofs(document: Mapping[str, Any]) -> list[Any]:
    proof = document.get("proof")
    if proof is None:
        return []
    return list(proof) if isinstance(proof, list) else [proof]


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _unsecured(
    document: Mapping[str, Any], previous: Any, all_proofs: Sequence[Any]
) -> dict[str, Any]:
    """The document a proof signed: no proofs, or the proofs its previousProof names."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    if previous is None:
        return unsecured
    wanted = _as_list(previous)
    by_id = {p.get("id"): p for p in all_proofs if isinstance(p, Mapping)}
    missing = [ref for ref in wanted if ref not in by_id]
    if missing or not all(isinstance(ref, str) for ref in wanted):
        raise ProofError(
            "PROOF_MALFORMED", f"previousProof names proofs not in the document: {missing}"
        )
    chain = [by_id[ref] for ref in wanted]
    unsecured["proof"] = chain[0] if len(chain) == 1 else chain
    return unsecured


class ProofOptions(TypedDict, total=False):
    """The keywords ``sign`` passes on to ``new_proof`` (see there)."""

    suite: Suite
    verification_method: str | None
    proof_purpose: str
    proof_id: str | None
    previous_proof: str | list[str] | None
    domain: str | list[str] | None
    challenge: str | None
    expires: str | datetime | None
    loader: BundledLoader | None


def sign(
    document: Mapping[str, Any],
    key: Ed25519KeyPair,
    *,
    created: str | datetime,
    **options: Unpack[ProofOptions],
) -> dict[str, Any]:
    """A copy of ``document`` with one more proof by ``key`` (safe mode applies).

    ``domain``, ``challenge`` and ``expires`` are the optional proof options of VC Data
    Integrity 1.0 section 2.1 (a presentation bound to a recipient); they are part of the
    proof configuration, so they are signed. The other options: see ``new_proof``.
    """
    proof = new_proof(document, key, created=created, **options)
    existing = _proofs(document)
    signed = copy.deepcopy(dict(document))
    signed["proof"] = proof if not existing else [*copy.deepcopy(existing), proof]
    return signed


def new_proof(
    document: Mapping[str, Any],
    key: Ed25519KeyPair,
    *,
    created: str | datetime,
    suite: Suite = EDDSA_RDFC_2022,
    verification_method: str | None = None,
    proof_purpose: str = "assertionMethod",
    proof_id: str | None = None,
    previous_proof: str | list[str] | None = None,
    domain: str | list[str] | None = None,
    challenge: str | None = None,
    expires: str | datetime | None = None,
    loader: BundledLoader | None = None,
) -> dict[str, Any]:
    """The proof ``sign`` adds, alone, without copying ``document`` (see ``sign``).

    For a caller that built ``document`` itself and will not keep it apart from the signed
    form (a bulk issue): ``{**document, "proof": proof}`` then costs nothing, where the copy
    ``sign`` makes to leave the caller's objects untouched is a sixth of the signing time.
    """
    loader = loader or default_loader()
    method = verification_method or key.id
    if method is None:
        raise ProofError("KEY_INVALID", "the key has no verification method id")
    existing = _proofs(document)
    unsecured = _unsecured(document, previous_proof, existing)
    options = suite.proof_options(
        verification_method=method, created=_timestamp(created), proof_purpose=proof_purpose
    )
    if proof_id is not None:
        options = {"type": options.pop("type"), "id": proof_id, **options}
    if previous_proof is not None:
        options["previousProof"] = previous_proof
    if expires is not None:
        options["expires"] = _timestamp(expires)
    if domain is not None:
        options["domain"] = domain
    if challenge is not None:
        options["challenge"] = challenge
    if suite.keeps_proof_context:
        options["@context"] = unsecured.get("@context")
    plain_json = _checked_safe(suite, unsecured, options, loader)
    inputs = suite.hash_inputs(unsecured, options, loader, plain_json=plain_json)
    return suite.signed_proof(options, encode_z(key.sign(inputs.hash_data)))


@dataclass(frozen=True)
class ProofResult:
    """The outcome of one proof: ``ok``, or an error ``code`` with a message."""

    ok: bool
    code: str | None
    message: str
    index: int
    suite: str | None = None
    verification_method: str | None = None
    method: VerificationMethod | None = None
    warnings: tuple[str, ...] = ()


def verify_proofs(
    document: Mapping[str, Any],
    resolver: DidResolver,
    *,
    loader: BundledLoader | None = None,
    suites: Mapping[str, Suite] = SUITES,
    purpose: str = "assertionMethod",
) -> list[ProofResult]:
    """One result per proof of ``document``; ``PROOF_MISSING`` when it has none."""
    if not isinstance(document, Mapping):
        return [ProofResult(False, "PROOF_MALFORMED", "the document is not a JSON object", 0)]
    proofs = _proofs(document)
    if not proofs:
        return [ProofResult(False, "PROOF_MISSING", "the document has no proof", 0)]
    loader = loader or default_loader()
    return [
        _verify_one(document, proof, index, proofs, resolver, loader, suites, purpose)
        for index, proof in enumerate(proofs)
    ]


def _verify_one(
    document: Mapping[str, Any],
    proof: Any,
    index: int,
    proofs: Sequence[Any],
    resolver: DidResolver,
    loader: BundledLoader,
    suites: Mapping[str, Suite],
    purpose: str,
) -> ProofResult:
    named = proof.get("verificationMethod") if isinstance(proof, Mapping) else None
    method_id = named if isinstance(named, str) else None
    suite_name = None
    try:
        if not isinstance(proof, Mapping):
            raise ProofError("PROOF_MALFORMED", "a proof must be a JSON object")
        suite = suite_for_proof(proof, suites)
        suite_name = suite.name
        signature = _check_shape(proof, purpose)
        unsecured = _unsecured(document, proof.get("previousProof"), proofs)
        options = {k: v for k, v in proof.items() if k != "proofValue"}
        _apply_proof_context(unsecured, options)
        method = resolver.verification_method(str(method_id))
        plain_json = _checked_safe(suite, unsecured, proof, loader)
        inputs = suite.hash_inputs(unsecured, options, loader, plain_json=plain_json)
        if not verify_signature(method.public_key, signature, inputs.hash_data):
            raise ProofError("SIGNATURE_INVALID", "the signature does not match the document")
        if unsecured.get("@context") != document.get("@context"):
            # The proof signed a shorter @context (vc-di-eddsa allows contexts to be added
            # after it); the document is read with all of them, so they must pass too.
            check_safe({k: v for k, v in document.items() if k != "proof"}, loader)
    except ProofError as error:
        return ProofResult(False, error.code, error.message, index, suite_name, method_id)
    except Exception as error:  # malformed input must fail closed, never crash
        message = f"the proof could not be checked: {type(error).__name__}: {error}"
        return ProofResult(False, "PROOF_MALFORMED", message, index, suite_name, method_id)
    warnings: tuple[str, ...] = ()
    if proof.get("cryptosuite") in OBSOLETE_CRYPTOSUITES:
        warnings = (
            f"the cryptosuite name {proof['cryptosuite']!r} is obsolete; "
            f"it is now {OBSOLETE_CRYPTOSUITES[proof['cryptosuite']]!r}",
        )
    message = "the proof verifies"
    return ProofResult(True, None, message, index, suite_name, method_id, method, warnings)


def _checked_safe(
    suite: Suite, unsecured: Mapping[str, Any], proof: Mapping[str, Any], loader: BundledLoader
) -> bool:
    """Safe mode for a suite that is not JSON-LD (JCS), on the document with ``proof``.

    True when the same walk found what the suite will canonicalize plain JSON: the document
    it walked is what is signed, unless a previousProof chain is signed in its place."""
    if not suite.separate_safe_mode:
        return False
    plain = check_safe({**unsecured, "proof": dict(proof)}, loader)
    return plain and "proof" not in unsecured


def _check_shape(proof: Mapping[str, Any], purpose: str) -> bytes:
    """The signature bytes, after checking the proof's required fields."""
    for field in ("verificationMethod", "proofPurpose", "proofValue"):
        if not isinstance(proof.get(field), str):
            raise ProofError("PROOF_MALFORMED", f"the proof has no {field}", field=field)
    created = proof.get("created")
    if created is not None and not (isinstance(created, str) and _DATETIME.fullmatch(created)):
        raise ProofError(
            "PROOF_MALFORMED", f"created {created!r} is not an XML Schema dateTime", field="created"
        )
    if proof["proofPurpose"] != purpose:
        raise ProofError(
            "PROOF_MALFORMED",
            f"the proof's purpose is {proof['proofPurpose']!r}, expected {purpose!r}",
            field="proofPurpose",
        )
    try:
        signature = decode_z(proof["proofValue"], what="proofValue")
    except ProofError:
        signature = b""
    if len(signature) != 64:
        raise ProofError(
            "PROOF_MALFORMED",
            "proofValue is not a multibase base58btc Ed25519 signature",
            field="proofValue",
        )
    return signature


def _apply_proof_context(unsecured: dict[str, Any], options: Mapping[str, Any]) -> None:
    """vc-di-eddsa verify step: a proof's @context must start the document's @context."""
    if "@context" not in options:
        return
    proof_context = _as_list(options["@context"])
    document_context = _as_list(unsecured.get("@context"))
    if document_context[: len(proof_context)] != proof_context:
        raise ProofError(
            "PROOF_CONTEXT_MISMATCH",
            "the proof's @context does not start the document's @context",
            field="proof.@context",
        )
    unsecured["@context"] = options["@context"]


def key_binding_error(
    document: Mapping[str, Any], result: ProofResult, resolver: DidResolver
) -> ProofError | None:
    """None when the proof's key is the issuer's and authorized for assertions."""
    if result.method is None:
        return ProofError("KEY_UNRESOLVED", "the proof's key was not resolved")
    return method_binding_error(document, result.method, resolver)


def method_binding_error(
    document: Mapping[str, Any], method: VerificationMethod, resolver: DidResolver
) -> ProofError | None:
    """None when ``method`` (a proof's or a VC-JWT's key) is the document's issuer's and
    authorized for assertions."""
    issuer = issuer_id(document)
    if issuer is None:
        return ProofError("KEY_NOT_AUTHORIZED", "the credential names no issuer", field="issuer")
    try:
        check_key_binding(method, issuer, resolver)
    except ProofError as error:
        return error
    return None
