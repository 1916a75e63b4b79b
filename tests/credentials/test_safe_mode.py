"""Safe mode: terms the contexts do not define, and relative IRIs, are rejected.

pyld alone drops an undefined property silently, so a claim added after signing would not
change the canonical form: these tests show that it does not pass, for every suite.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pyld import jsonld

from openler.credentials.contexts import default_loader
from openler.credentials.dids import DidResolver
from openler.credentials.keys import Ed25519KeyPair
from openler.credentials.proof_errors import ProofError
from openler.credentials.proofs import sign, verify_proofs
from openler.credentials.safe_mode import canonize_rdfc, expand_safely
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
