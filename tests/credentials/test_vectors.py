"""The W3C vc-di-eddsa test vectors, reproduced byte for byte, and verified.

Expected values are the files in ``w3c-vc-di-eddsa/TestVectors`` (W3C REC vectors):
canonical forms, hashes, signature (hex and base58) and signed documents. Ed25519 is
deterministic, so a conforming signer must produce exactly these bytes.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from openler.credentials.dids import DidResolver
from openler.credentials.keys import Ed25519KeyPair
from openler.credentials.multibase import encode_z
from openler.credentials.proofs import new_proof, sign, verify_proofs
from openler.credentials.suites import SUITES
from tests.credentials.core_support import VECTORS, needs_conformance, read_json, vector_loader

pytestmark = needs_conformance

# suite name -> (folder, file suffix, signed document file)
CASES = {
    "eddsa-rdfc-2022": ("eddsa-rdfc-2022", "DataInt", "signedDataInt.json"),
    "eddsa-jcs-2022": ("eddsa-jcs-2022", "JCS", "signedJCS.json"),
    "Ed25519Signature2020": ("Ed25519Signature2020", "EdSig", "signedEdSig.json"),
}


def _text(folder: str, name: str) -> str:
    return (VECTORS / folder / name).read_text("utf-8")


def _key() -> Ed25519KeyPair:
    return Ed25519KeyPair.from_json(read_json(VECTORS / "keyPair.json"))


def _method(key: Ed25519KeyPair) -> str:
    return f"did:key:{key.public_multibase}#{key.public_multibase}"


def _inputs(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    folder, suffix, signed_file = CASES[name]
    unsigned = read_json(VECTORS / "unsigned.json")
    unsigned["@context"] = read_json(VECTORS / folder / signed_file)["@context"]
    config = read_json(VECTORS / folder / f"proofConfig{suffix}.json")
    return unsigned, config


def test_key_pair_matches_the_vector_public_key() -> None:
    pair = read_json(VECTORS / "keyPair.json")
    key = _key()
    assert key.public_multibase == pair["publicKeyMultibase"]
    assert key.seed is not None
    assert key.to_json(include_secret=True)["secretKeyMultibase"] == pair["privateKeyMultibase"]


@pytest.mark.parametrize("name", CASES)
def test_canonical_forms_and_hashes(name: str) -> None:
    folder, suffix, _ = CASES[name]
    unsigned, config = _inputs(name)
    inputs = SUITES[name].hash_inputs(unsigned, config, vector_loader())
    expected_doc = _text(folder, f"canonDoc{suffix}.txt")
    expected_config = _text(folder, f"proofCanon{suffix}.txt")
    assert inputs.canonical_document.decode() == expected_doc
    assert inputs.canonical_proof_config.decode() == expected_config
    assert inputs.document_hash.hex() == _text(folder, f"docHash{suffix}.txt").strip()
    assert inputs.proof_config_hash.hex() == _text(folder, f"proofHash{suffix}.txt").strip()
    assert inputs.hash_data.hex() == _text(folder, f"combinedHash{suffix}.txt").strip()


@pytest.mark.parametrize("name", CASES)
def test_signature_and_signed_document(name: str) -> None:
    folder, suffix, signed_file = CASES[name]
    unsigned, config = _inputs(name)
    key = _key()
    inputs = SUITES[name].hash_inputs(unsigned, config, vector_loader())
    signature = key.sign(inputs.hash_data)
    assert signature.hex() == _text(folder, f"sigHex{suffix}.txt").strip()
    assert encode_z(signature) == _text(folder, f"sigBTC58{suffix}.txt").strip()
    before = copy.deepcopy(unsigned)
    options = {
        "created": config["created"],
        "suite": SUITES[name],
        "verification_method": _method(key),
        "loader": vector_loader(),
    }
    expected = read_json(VECTORS / folder / signed_file)
    assert sign(unsigned, key, **options) == expected
    # the proof alone (what a bulk issue adds to a credential it built), input untouched
    assert new_proof(unsigned, key, **options) == expected["proof"]
    assert unsigned == before


@pytest.mark.parametrize("name", CASES)
def test_signed_vector_verifies_and_tampering_fails(name: str) -> None:
    folder, _, signed_file = CASES[name]
    signed = read_json(VECTORS / folder / signed_file)
    [result] = verify_proofs(signed, DidResolver(), loader=vector_loader())
    assert result.ok, result.message
    assert result.suite == name
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["alumniOf"] = "The School of Counterfeits"
    [bad] = verify_proofs(tampered, DidResolver(), loader=vector_loader())
    assert (bad.ok, bad.code) == (False, "SIGNATURE_INVALID")


def _chain_key(number: int) -> Ed25519KeyPair:
    pairs = read_json(VECTORS / "proof-set-chain" / "multiKeyPairs.json")
    key = Ed25519KeyPair.from_json(pairs[f"keyPair{number}"])
    return key.with_id(_method(key), f"did:key:{key.public_multibase}")


def _proof_list(document: dict[str, Any]) -> list[dict[str, Any]]:
    proof = document["proof"]
    return proof if isinstance(proof, list) else [proof]


def _sign_like(document: dict[str, Any], expected: dict[str, Any], key_no: int) -> dict[str, Any]:
    last = _proof_list(expected)[-1]
    return sign(
        document,
        _chain_key(key_no),
        created=last["created"],
        proof_id=last.get("id"),
        previous_proof=last.get("previousProof"),
        loader=vector_loader(),
    )


def test_proof_set_reproduced_and_verified() -> None:
    folder = VECTORS / "proof-set-chain"
    unsigned = read_json(folder / "unsigned.json")
    set1, set2 = (
        read_json(folder / "signedProofSet1.json"),
        read_json(folder / "signedProofSet2.json"),
    )
    assert _sign_like(unsigned, set1, 1) == set1
    assert _sign_like(set1, set2, 2) == set2
    results = verify_proofs(set2, DidResolver(), loader=vector_loader())
    assert [r.ok for r in results] == [True, True]


def test_proof_chain_reproduced_and_verified() -> None:
    folder = VECTORS / "proof-set-chain"
    chain1 = read_json(folder / "signedProofChain1.json")
    chain2 = read_json(folder / "signedProofChain2.json")
    before_third = dict(chain1, proof=_proof_list(chain1)[:2])
    assert _sign_like(before_third, chain1, 3) == chain1
    assert _sign_like(chain1, chain2, 4) == chain2
    results = verify_proofs(chain2, DidResolver(), loader=vector_loader())
    assert [r.ok for r in results] == [True, True, True, True]


def test_a_broken_chain_link_fails() -> None:
    chain2 = read_json(VECTORS / "proof-set-chain" / "signedProofChain2.json")
    # drop the proof the last one chains to: its previousProof no longer resolves
    damaged = dict(chain2, proof=[p for i, p in enumerate(chain2["proof"]) if i != 2])
    results = verify_proofs(damaged, DidResolver(), loader=vector_loader())
    assert (results[-1].ok, results[-1].code) == (False, "PROOF_MALFORMED")
    assert "previousProof" in results[-1].message


def test_vectors_path_is_the_shared_folder() -> None:
    assert Path(VECTORS).name == "TestVectors"
