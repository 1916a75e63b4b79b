"""Proofs of the 1EdTech validator's Open Badges 3.0 fixtures (proof layer only).

Expected outcomes come from the validator's own tests (OB30Tests.java): the valid samples'
proofs verify; the EmbeddedProofProbe failures fail here with the matching reason. Where a
fixture's key is an https verification method, the test supplies its controller document,
built from the key the fixture names (as a caller would with ``--resolve``).
"""

from __future__ import annotations

from typing import Any

import pytest

from openler.credentials.dids import DidResolver
from openler.credentials.keys import Ed25519KeyPair
from openler.credentials.proof_errors import ProofError
from openler.credentials.proofs import verify_proofs
from tests.credentials.core_support import OB30, needs_conformance, read_json

pytestmark = needs_conformance


def _resolver_for(document: dict[str, Any]) -> DidResolver:
    documents: dict[str, Any] = {}
    proofs = document.get("proof")
    for proof in proofs if isinstance(proofs, list) else [proofs]:
        method = proof.get("verificationMethod", "") if isinstance(proof, dict) else ""
        if method.startswith("https://") and "#z6Mk" in method:
            controller, multibase = method.split("#", 1)
            try:
                key = Ed25519KeyPair.from_json({"publicKeyMultibase": multibase})
            except ProofError:
                continue  # the fixture names no valid key: nothing to build
            documents[controller] = {
                "id": controller,
                "verificationMethod": [key.with_id(method, controller).to_json()],
                "assertionMethod": [method],
            }
    return DidResolver(documents=documents)


@pytest.mark.parametrize(
    "name",
    [
        "simple.json",
        "simple-did-key-method.json",  # verificationMethod is a bare did:key
        "simple-did-web-method.json",
        "simple-context-alias.json",
        "simple_v1.json",  # Ed25519Signature2020 under VC 1.1
        "complete.json",  # upstream: its signature verifies (only the schema ref fails)
        "endorsement-valid.json",
        "bit-string-list/credential-status-revoked.json",  # revoked, but the proof is good
    ],
)
def test_valid_fixture_proofs_verify(name: str) -> None:
    document = read_json(OB30 / name)
    results = verify_proofs(document, _resolver_for(document))
    assert [r.ok for r in results] == [True] * len(results), [r.message for r in results]


def test_obsolete_cryptosuite_name_verifies_with_a_warning() -> None:
    document = read_json(OB30 / "simple-eddsa-2022.json")
    [result] = verify_proofs(document, _resolver_for(document))
    assert result.ok, result.message
    assert "obsolete" in result.warnings[0]


def test_multiple_proofs_one_unknown_type() -> None:
    # upstream: exactly one error, the unknown proof type "SomeProofType"
    document = read_json(OB30 / "simple-multiple-proofs.json")
    results = verify_proofs(document, _resolver_for(document))
    assert sorted((r.ok, r.code) for r in results) == [
        (False, "PROOF_SUITE_UNSUPPORTED"),
        (True, None),
    ]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("simple-err-proof-value.json", "SIGNATURE_INVALID"),
        ("simple-err-proof-method.json", "KEY_UNRESOLVED"),  # malformed key in the method URL
        ("simple-err-proof-method-no-scheme.json", "KEY_UNRESOLVED"),
        ("simple-err-proof-method-unknown-scheme.json", "KEY_UNRESOLVED"),
        ("simple-err-proof-method-unknown-did-method.json", "KEY_UNRESOLVED"),
        ("simple-err-context.json", "SAFE_MODE_UNDEFINED_TERM"),  # context error upstream
        ("simple-noproof.json", "PROOF_MISSING"),
    ],
)
def test_fixture_proof_failures(name: str, code: str) -> None:
    document = read_json(OB30 / name)
    results = verify_proofs(document, _resolver_for(document))
    assert [(r.ok, r.code) for r in results] == [(False, code)]
