"""Safe mode: terms the contexts do not define, and relative IRIs, are rejected.

pyld alone drops an undefined property silently, so a claim added after signing would not
change the canonical form: these tests show that it does not pass, for every suite.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st
from pyld import jsonld

from openler.credentials.contexts import BundledLoader, default_loader
from openler.credentials.dids import DidResolver
from openler.credentials.keys import Ed25519KeyPair, verify_signature
from openler.credentials.multibase import decode_z
from openler.credentials.proof_errors import ProofError
from openler.credentials.proofs import sign, verify_proofs
from openler.credentials.safe_mode import canonize_rdfc, check_safe, expand_safely
from openler.credentials.suites import SUITES
from tests.credentials.core_support import small_badge

KEY = Ed25519KeyPair.from_seed(bytes(range(32)))
DID = f"did:key:{KEY.public_multibase}"
METHOD = f"{DID}#{KEY.public_multibase}"
ED25519_2020 = "https://w3id.org/security/suites/ed25519-2020/v1"


def _badge(suite: str) -> dict[str, Any]:
    badge = small_badge(DID)
    if suite == "Ed25519Signature2020":
        badge["@context"].append(ED25519_2020)
    return badge


def _sign(document: dict[str, Any], suite: str) -> dict[str, Any]:
    return sign(document, KEY, created="2025-01-15T00:00:00Z", suite=SUITES[suite],
                verification_method=METHOD)  # fmt: skip


def test_pyld_alone_drops_an_undefined_property() -> None:
    # the reason safe mode exists: without it the added claim leaves no trace
    badge = small_badge(DID)
    added = copy.deepcopy(badge)
    added["credentialSubject"]["grade"] = "A+"
    options = {"algorithm": "URDNA2015", "format": "application/n-quads"}
    plain = jsonld.normalize(badge, {**options, **default_loader().options()})
    assert plain == jsonld.normalize(added, {**options, **default_loader().options()})


@pytest.mark.parametrize("suite", SUITES)
def test_undefined_property_before_signing_is_refused(suite: str) -> None:
    badge = _badge(suite)
    badge["credentialSubject"]["grade"] = "A+"
    with pytest.raises(ProofError) as caught:
        _sign(badge, suite)
    assert caught.value.code == "SAFE_MODE_UNDEFINED_TERM"
    assert "grade" in caught.value.message


@pytest.mark.parametrize("suite", SUITES)
def test_undefined_property_added_after_signing_is_rejected(suite: str) -> None:
    signed = _sign(_badge(suite), suite)
    [ok] = verify_proofs(signed, DidResolver())
    assert ok.ok, ok.message
    signed["credentialSubject"]["grade"] = "A+"
    [result] = verify_proofs(signed, DidResolver())
    assert (result.ok, result.code) == (False, "SAFE_MODE_UNDEFINED_TERM")


@pytest.mark.parametrize("suite", SUITES)
def test_undefined_property_in_the_proof_is_rejected(suite: str) -> None:
    signed = _sign(_badge(suite), suite)
    signed["proof"]["note"] = "trust me"
    [result] = verify_proofs(signed, DidResolver())
    assert (result.ok, result.code) == (False, "SAFE_MODE_UNDEFINED_TERM")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("id",), "credentials/17"),  # relative @id
        (("credentialSubject", "achievement", "id"), "achievements/forklift"),
        (("credentialSubject", "type"), ["AchievementSubject", "GoldStar"]),  # undefined type
    ],
)
def test_relative_iris_are_rejected(path: tuple[str, ...], value: Any) -> None:
    badge: Any = small_badge(DID)
    target = badge
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(ProofError) as caught:
        canonize_rdfc(badge)
    assert caught.value.code == "SAFE_MODE_RELATIVE_IRI"
    with pytest.raises(ProofError):
        expand_safely(badge)


def test_a_clean_badge_passes_safe_mode() -> None:
    expanded = expand_safely(small_badge(DID))
    assert expanded[0]["@id"] == "urn:uuid:2f0e1b7c-5d8a-4a53-9c3e-0e9f6b1d2a77"


# --- the verdict cache gives the same answer as a full check --------------------------------

_VALUES = st.one_of(
    st.sampled_from(["", "relative/path", "Achievement", "GoldStar", "urn:uuid:1", "https://x.example/a",
                     "_:b0", "did:example:9", "Profile", "Criteria", "@id", "#frag",
                     "xsd:string", "type:x", "id:1", "Achievement:1", "urn:uuid:2"]),
    st.text(max_size=6), st.integers(), st.booleans(), st.none(),
)  # fmt: skip
_KEYS = st.sampled_from(["id", "type", "name", "grade", "achievement", "issuer", "criteria",
                         "narrative", "image", "@id", "@type", "https://x.example/p",
                         "evidence", "alignment", "achievementType", "creator"])  # fmt: skip


def _verdict(function: Any, document: Any, loader: Any) -> tuple[str, str] | None:
    try:
        function(document, loader)
    except ProofError as error:
        return (error.code, error.message)
    return None


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_cached_verdict_equals_full_check(data: st.DataObject) -> None:
    warm = BundledLoader()
    check_safe(small_badge(DID), warm)  # the cache holds the clean badge's skeleton
    document: Any = small_badge(DID)
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        subject = document.get("credentialSubject")
        achievement = subject.get("achievement") if isinstance(subject, dict) else None
        nodes = [n for n in (document, document.get("issuer"), subject, achievement)
                 if isinstance(n, dict)]  # fmt: skip
        node = data.draw(st.sampled_from(nodes), label="node")
        node[data.draw(_KEYS, label="key")] = data.draw(_VALUES, label="value")
    cached_first = _verdict(check_safe, document, warm)
    cached_again = _verdict(check_safe, document, warm)
    full = _verdict(expand_safely, document, BundledLoader())
    assert cached_first == full
    assert cached_again == full


@pytest.mark.parametrize("created", ["2025-01-15", "2025-13-01T00:00:00Z", "yesterday", 5])
def test_a_proof_with_a_malformed_created_is_rejected(created: Any) -> None:
    signed = _sign(_badge("eddsa-rdfc-2022"), "eddsa-rdfc-2022")
    signed["proof"]["created"] = created
    [result] = verify_proofs(signed, DidResolver())
    assert (result.ok, result.code) == (False, "PROOF_MALFORMED")


def _sibling(node: Any, salt: str, key: str = "") -> Any:
    """The same document with other literals and other absolute ids (same skeleton)."""
    if isinstance(node, dict):
        return {k: _sibling(v, salt, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_sibling(item, salt, key) for item in node]
    if isinstance(node, str) and key not in ("@context", "type", "@type"):
        if node.startswith(("urn:", "https:", "did:", "_:")):
            return f"urn:uuid:{salt}"
        return node if not node or node[0].isupper() else f"{salt} {node}"
    return node


@settings(max_examples=60, deadline=None)
@given(data=st.data(), salt=st.text(alphabet="abc123", min_size=1, max_size=4))
def test_a_sibling_document_reuses_the_verdict_correctly(data: st.DataObject, salt: str) -> None:
    loader = BundledLoader()
    document: Any = small_badge(DID)
    node = data.draw(st.sampled_from([document, document["credentialSubject"]]), label="node")
    node[data.draw(_KEYS, label="key")] = data.draw(_VALUES, label="value")
    _verdict(check_safe, document, loader)  # warms the cache
    sibling = _sibling(document, salt)
    assert _verdict(check_safe, sibling, loader) == _verdict(
        expand_safely, sibling, BundledLoader()
    )


def test_a_context_added_after_the_signed_ones_must_be_known_and_safe() -> None:
    # eddsa-jcs-2022 keeps the signed @context in the proof, and the document's @context
    # may go on after it; the verifier reads the document with all of them
    signed = _sign(_badge("eddsa-jcs-2022"), "eddsa-jcs-2022")
    extended = copy.deepcopy(signed)
    extended["@context"].append("https://w3id.org/vc/status-list/2021/v1")
    [ok] = verify_proofs(extended, DidResolver())
    assert ok.ok, ok.message
    signed["@context"].append("https://evil.example/context.json")
    [result] = verify_proofs(signed, DidResolver())
    assert (result.ok, result.code) == (False, "CONTEXT_UNKNOWN")


# --- eddsa-jcs-2022 verification gives pyld's safe-mode verdict, whatever is added where ---

_ANY_KEY = st.one_of(_KEYS, st.text(min_size=1, max_size=8)).filter(
    lambda key: key not in ("proof", "@context")
)
_ANY_VALUE = st.recursive(
    _VALUES | st.floats(allow_nan=False),
    lambda children: (
        st.lists(children, max_size=2) | st.dictionaries(_ANY_KEY, children, max_size=2)
    ),
    max_leaves=6,
)
_JCS_SIGNED = _sign(small_badge(DID), "eddsa-jcs-2022")
_WARM = BundledLoader()  # shared by the examples: verdicts come from its cache too


def _dicts(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _unsafe_integer(node: Any) -> bool:
    """An integer beyond +-(2**53 - 1), which JCS (RFC 8785 over I-JSON) cannot write."""
    if isinstance(node, dict):
        return any(_unsafe_integer(v) for v in node.values())
    if isinstance(node, list):
        return any(_unsafe_integer(v) for v in node)
    return isinstance(node, int) and not isinstance(node, bool) and abs(node) > 2**53 - 1


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_jcs_verification_gives_pyld_safe_mode_verdict(data: st.DataObject) -> None:
    document = copy.deepcopy(_JCS_SIGNED)
    proof = document.pop("proof")
    for _ in range(data.draw(st.integers(1, 3), label="additions")):
        node = data.draw(st.sampled_from(_dicts(document)), label="node")
        node[data.draw(_ANY_KEY, label="key")] = data.draw(_ANY_VALUE, label="value")
    full = _verdict(expand_safely, {**document, "proof": proof}, BundledLoader())
    [result] = verify_proofs({**document, "proof": proof}, DidResolver(), loader=_WARM)
    if full is not None:  # safe mode refuses: the same code and message, from the cache too
        assert (result.code, result.message) == full
    elif document == {k: v for k, v in _JCS_SIGNED.items() if k != "proof"}:
        assert result.ok
    elif _unsafe_integer(document):  # RFC 8785 (I-JSON) has no form for it
        assert result.code == "PROOF_MALFORMED", result.message
        assert "JSON canonicalization failed" in result.message
    else:  # every term defined: the signature, over the JSON bytes, no longer matches
        assert result.code == "SIGNATURE_INVALID", result.message


def test_a_cached_verdict_quotes_the_documents_own_value() -> None:
    # Found by Hypothesis: numbers were one token, so a number as an @id took the verdict -
    # and the message, which quotes the value - of another document with another number.
    loader = BundledLoader()
    messages = []
    for value in (0, 539636298637384420098136080384):
        document = copy.deepcopy(_JCS_SIGNED)
        document["credentialSubject"]["achievement"]["id"] = value
        [result] = verify_proofs(document, DidResolver(), loader=loader)
        assert result.code == "CONTEXT_INVALID"
        assert str(value) in result.message
        messages.append(result.message)
    assert messages[0] != messages[1]


def test_a_refusal_quotes_the_literals_inside_the_documents_own_value() -> None:
    # Found by CI's Hypothesis run: an object given as an "@id" is quoted whole by pyld,
    # literals inside it too, which the skeleton blanks - so a cached refusal read as
    # another document's. Refusals are now worked out each time.
    loader = BundledLoader()
    for literal in ("relative/path", ""):
        document = copy.deepcopy(_JCS_SIGNED)
        document["credentialSubject"]["achievement"]["criteria"]["id"] = {"id": "", "0": literal}
        [result] = verify_proofs(document, DidResolver(), loader=loader)
        assert result.code == "CONTEXT_INVALID"
        assert f"'0': '{literal}'" in result.message, result.message


def test_an_integer_jcs_cannot_write_is_a_malformed_proof() -> None:
    document = copy.deepcopy(_JCS_SIGNED)
    document["name"] = 2**53
    [result] = verify_proofs(document, DidResolver())
    assert result.code == "PROOF_MALFORMED"
    assert "JSON canonicalization failed" in result.message


def _jcs_with(path: tuple[str, ...], key: str, value: Any) -> dict[str, Any]:
    badge = small_badge(DID)
    node = badge
    for step in path:
        node = node[step]
    node[key] = value
    return badge


@pytest.mark.parametrize(
    ("path", "key", "value", "plain"),
    [
        (("credentialSubject", "achievement"), "creditsAvailable", 3, True),
        # floats take RFC 8785's own path: ES6 writes 1e16 as 10000000000000000 and -0.0 as 0
        (("credentialSubject", "achievement"), "creditsAvailable", 3.5, False),
        (("credentialSubject", "achievement"), "creditsAvailable", 1e16, False),
        (("credentialSubject", "achievement"), "creditsAvailable", -0.0, False),
        (("credentialSubject", "achievement"), "creditsAvailable", 2**53 - 1, True),
        # a key that is not ASCII (an absolute IRI, which safe mode accepts as a property)
        (("credentialSubject",), "https://vocab.example/años", "tres", False),
        (("credentialSubject",), "https://vocab.example/\U0001f600", "a", False),
    ],
)
def test_jcs_canonicalizes_what_the_safe_mode_walk_found_plain(
    path: tuple[str, ...], key: str, value: Any, plain: bool
) -> None:
    badge = _jcs_with(path, key, value)
    signed = _sign(badge, "eddsa-jcs-2022")
    assert check_safe(signed, BundledLoader()) is plain
    [result] = verify_proofs(signed, DidResolver(), loader=_WARM)
    assert result.ok, result.message
    tampered = copy.deepcopy(signed)
    tampered["name"] = "Forklift Operator II"
    [result] = verify_proofs(tampered, DidResolver(), loader=_WARM)
    assert result.code == "SIGNATURE_INVALID"


def test_a_signed_proof_chain_is_canonicalized_whole() -> None:
    # The safe-mode walk sees the document with the proof being checked; the chain that
    # proof signed (previousProof) is not in that walk, so it decides its own JCS form.
    first = sign(small_badge(DID), KEY, created="2025-01-15T00:00:00Z",
                 suite=SUITES["eddsa-jcs-2022"], verification_method=METHOD,
                 proof_id="urn:uuid:first")  # fmt: skip
    # a chain that is not plain JSON: RFC 8785 orders these keys by UTF-16 code units (the
    # emoji's surrogates first) and writes 1e16 in full
    first["proof"]["https://vocab.example/\uff01"] = 1e16
    first["proof"]["https://vocab.example/\U0001f600"] = -0.0
    both = sign(first, KEY, created="2025-01-16T00:00:00Z", suite=SUITES["eddsa-jcs-2022"],
                verification_method=METHOD, previous_proof="urn:uuid:first")  # fmt: skip
    results = verify_proofs(both, DidResolver(), loader=_WARM)
    assert results[0].code == "SIGNATURE_INVALID"  # the first proof was changed after signing
    assert results[1].ok, results[1].message
    # and the second signature is over the RFC 8785 bytes (vc-di-eddsa 3.4), worked out here
    # with the rfc8785 package alone
    second = both["proof"][1]
    config = {k: v for k, v in second.items() if k != "proofValue"}
    signed = {**{k: v for k, v in both.items() if k != "proof"}, "proof": first["proof"]}
    hash_data = hashlib.sha256(rfc8785.dumps(config)).digest()
    hash_data += hashlib.sha256(rfc8785.dumps(signed)).digest()
    assert verify_signature(KEY.public_key, decode_z(second["proofValue"]), hash_data)
