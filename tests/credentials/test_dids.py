"""did:key and did:web (W3C CCG method specs), resolution, and the issuer key binding."""

from __future__ import annotations

from typing import Any

import pytest

from openler.credentials.dids import (
    DidResolver,
    PublishedKey,
    check_key_binding,
    did_key,
    did_key_document,
    did_web_document,
    did_web_to_url,
    url_to_did_web,
)
from openler.credentials.keys import Ed25519KeyPair
from openler.credentials.proof_errors import ProofError
from openler.credentials.proofs import key_binding_error, sign, verify_proofs
from tests.credentials.core_support import small_badge

# did:key spec example (Ed25519): the DID and its verification method id
SPEC_DID_KEY = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


def test_did_key_document_from_the_spec_example() -> None:
    document = did_key_document(SPEC_DID_KEY)
    method_id = SPEC_DID_KEY + "#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    assert document["id"] == SPEC_DID_KEY
    assert document["verificationMethod"][0]["id"] == method_id
    assert document["verificationMethod"][0]["controller"] == SPEC_DID_KEY
    assert document["assertionMethod"] == [method_id]
    assert document["@context"][0] == "https://www.w3.org/ns/did/v1"


def test_did_key_round_trip() -> None:
    key = Ed25519KeyPair.from_seed(bytes(range(32)))
    did = did_key(key.public_key)
    method = DidResolver().verification_method(f"{did}#{key.public_multibase}")
    assert method.public_key == key.public_key
    assert method.controller == did


@pytest.mark.parametrize(
    ("did", "url"),
    [  # examples of the did:web method specification
        ("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json"),
        ("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json"),
        ("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json"),
    ],
)
def test_did_web_url_mapping(did: str, url: str) -> None:
    assert did_web_to_url(did) == url
    assert url_to_did_web(url) == did


def test_did_web_from_an_organization_base_url() -> None:
    assert (
        url_to_did_web("https://ler.example:8443/orgs/acme")
        == "did:web:ler.example%3A8443:orgs:acme"
    )


@pytest.mark.parametrize("bad", ["did:web:", "did:web:a::b", "did:key:z6Mk", "did:web:a#k"])
def test_malformed_did_web(bad: str) -> None:
    with pytest.raises(ProofError) as caught:
        did_web_to_url(bad)
    assert caught.value.code == "DID_INVALID"


def test_http_is_not_did_web() -> None:
    with pytest.raises(ProofError):
        url_to_did_web("http://example.com/.well-known/did.json")


ORG = "did:web:ler.example:orgs:acme"
OLD = Ed25519KeyPair.from_seed(bytes([1]) * 32)
NEW = Ed25519KeyPair.from_seed(bytes([2]) * 32)
STOLEN = Ed25519KeyPair.from_seed(bytes([3]) * 32)


def _org_document() -> dict[str, Any]:
    return did_web_document(ORG, [
        PublishedKey(OLD, "key-1", retired=True),
        PublishedKey(NEW, "key-2"),
        PublishedKey(STOLEN, "key-0", revoked="2024-06-01T00:00:00Z"),
    ])  # fmt: skip


def test_organization_document_keeps_retired_keys_for_assertions() -> None:
    document = _org_document()
    assert [m["id"] for m in document["verificationMethod"]] == [
        f"{ORG}#key-1", f"{ORG}#key-2", f"{ORG}#key-0"]  # fmt: skip
    assert document["assertionMethod"] == [f"{ORG}#key-1", f"{ORG}#key-2"]
    assert document["authentication"] == [f"{ORG}#key-2"]
    assert document["verificationMethod"][2]["revoked"] == "2024-06-01T00:00:00Z"


def _signed_by(key: Ed25519KeyPair, fragment: str, issuer: str = ORG) -> dict[str, Any]:
    return sign(small_badge(issuer), key, created="2025-01-15T00:00:00Z",
                verification_method=f"{ORG}#{fragment}")  # fmt: skip


def test_did_web_resolution_through_the_fetcher_with_a_cache() -> None:
    calls: list[str] = []

    def fetch(url: str) -> dict[str, Any]:
        calls.append(url)
        return _org_document()

    resolver = DidResolver(fetcher=fetch)
    for key, fragment in ((OLD, "key-1"), (NEW, "key-2")):
        [result] = verify_proofs(_signed_by(key, fragment), resolver)
        assert result.ok, result.message
        assert key_binding_error(_signed_by(key, fragment), result, resolver) is None
    assert calls == ["https://ler.example/orgs/acme/did.json"]


def test_no_network_by_default() -> None:
    [result] = verify_proofs(_signed_by(NEW, "key-2"), DidResolver())
    assert (result.ok, result.code) == (False, "KEY_UNRESOLVED")


def test_https_method_without_a_document_fails_closed() -> None:
    key = NEW
    method = f"https://issuer.example/keys#{key.public_multibase}"  # key in the fragment
    signed = sign(small_badge("https://issuer.example/keys"), key,
                  created="2025-01-15T00:00:00Z", verification_method=method)  # fmt: skip
    [result] = verify_proofs(signed, DidResolver())
    assert (result.ok, result.code) == (False, "KEY_UNRESOLVED")


def test_https_controller_document_supplied_by_the_caller() -> None:
    issuer = "https://issuer.example/issuers/876543"
    method_id = f"{issuer}#{NEW.public_multibase}"
    controller = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": issuer,
        "verificationMethod": [NEW.with_id(method_id, issuer).to_json()],
        "assertionMethod": [method_id],
    }
    signed = sign(small_badge(issuer), NEW, created="2025-01-15T00:00:00Z",
                  verification_method=method_id)  # fmt: skip
    resolver = DidResolver(documents={issuer: controller})
    [result] = verify_proofs(signed, resolver)
    assert result.ok, result.message
    assert key_binding_error(signed, result, resolver) is None


def test_key_binding_failures() -> None:
    resolver = DidResolver(documents={ORG: _org_document()})
    # a key of another controller: did:key of NEW while the issuer is the organization
    did = did_key(NEW.public_key)
    signed = sign(small_badge(ORG), NEW, created="2025-01-15T00:00:00Z",
                  verification_method=f"{did}#{NEW.public_multibase}")  # fmt: skip
    [result] = verify_proofs(signed, resolver)
    assert result.ok  # the signature itself is fine ...
    error = key_binding_error(signed, result, resolver)
    assert error is not None
    assert error.code == "KEY_NOT_AUTHORIZED"
    # a revoked key
    stolen = _signed_by(STOLEN, "key-0")
    [result] = verify_proofs(stolen, resolver)
    error = key_binding_error(stolen, result, resolver)
    assert error is not None
    assert "revoked" in error.message
    # a key the issuer lists but not for assertions
    method = resolver.verification_method(f"{ORG}#key-2")
    with pytest.raises(ProofError) as caught:
        check_key_binding(method, ORG, resolver, purpose="capabilityInvocation")
    assert caught.value.code == "KEY_NOT_AUTHORIZED"


@pytest.mark.parametrize(
    "bad", ["did:web:user%40evil.example", "did:web:evil.example%2Fx", "did:web:-a"]
)
def test_did_web_host_must_be_a_plain_domain(bad: str) -> None:
    with pytest.raises(ProofError) as caught:
        did_web_to_url(bad)
    assert caught.value.code == "DID_INVALID"


def test_a_document_about_another_identifier_is_refused() -> None:
    other = did_web_document("did:web:other.example", [PublishedKey(NEW, "key-2")])
    resolver = DidResolver(documents={ORG: other})
    [result] = verify_proofs(_signed_by(NEW, "key-2"), resolver)
    assert (result.ok, result.code) == (False, "KEY_UNRESOLVED")
    assert "other.example" in result.message


def test_did_key_document_in_the_2020_key_format() -> None:
    document = did_key_document(SPEC_DID_KEY, key_type="Ed25519VerificationKey2020")
    method = document["verificationMethod"][0]
    assert method["type"] == "Ed25519VerificationKey2020"
    assert method["publicKeyMultibase"] == SPEC_DID_KEY[len("did:key:") :]
    assert "https://w3id.org/security/suites/ed25519-2020/v1" in document["@context"]
