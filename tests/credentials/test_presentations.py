"""Presentations bound to a recipient: round trip, each binding check, tampering, fuzzing.

Expected behaviour is the spec's: VC Data Integrity 1.0 section 4.3 (a proof for another
purpose, another domain -- compared as sets of strings -- or another challenge is refused),
section 2.1 (``expires`` is a dateTimeStamp, a time zone required), VC Data Model 2.0
section 4.13 (a presentation's type, holder and embedded credentials).
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from openler.credentials.codes import ALL_CODES
from openler.credentials.dids import DidResolver, did_key, did_key_method_id
from openler.credentials.keys import Ed25519KeyPair
from openler.credentials.presentations import (
    PRESENTATION_ORDER,
    PresentationError,
    is_presentation,
    present,
    unsigned_presentation,
    verify_presentation,
)
from openler.credentials.proofs import sign
from openler.credentials.verify import VerificationReport
from tests.credentials.core_support import small_badge

NOW = datetime(2025, 6, 1, tzinfo=UTC)
EMPLOYER = "https://hiring.employer.example"
NONCE = "c0ae1c8e-c7e7-469f-b252-86e6a0e7387e"


def _key(seed: int) -> Ed25519KeyPair:
    pair = Ed25519KeyPair.from_seed(bytes([seed]) * 32)
    return pair.with_id(did_key_method_id(pair.public_key), did_key(pair.public_key))


ISSUER, HOLDER, OTHER = _key(1), _key(2), _key(3)


def _badge(name: str = "Forklift Operator") -> dict[str, Any]:
    assert ISSUER.controller is not None
    badge = small_badge(ISSUER.controller)
    badge["name"] = name
    return sign(badge, ISSUER, created="2025-01-15T00:00:00Z")


BADGES = [_badge(), _badge("Crane Signaller")]
EXPIRES = NOW + timedelta(days=7)


def _vp(**kw: Any) -> dict[str, Any]:
    credentials = kw.pop("credentials", BADGES)
    args: dict[str, Any] = {
        "domain": EMPLOYER,
        "challenge": NONCE,
        "expires": EXPIRES,
        "now": NOW,
        "presentation_id": "urn:uuid:7a1e5b0c-3c9d-4e8f-a1b2-c3d4e5f60718",
    }
    args.update(kw)
    return present(credentials, HOLDER, **args)


VP = _vp()


def _check(vp: Any, **kw: Any) -> VerificationReport:
    args: dict[str, Any] = {"domain": EMPLOYER, "challenge": NONCE, "now": NOW}
    args.update(kw)
    return verify_presentation(vp, resolver=DidResolver(), **args)


def failed(report: VerificationReport) -> dict[str, str]:
    return {c.id: c.code for c in report.checks if c.status == "failed"}


# -- round trip ------------------------------------------------------------------------


def test_round_trip_verifies_with_every_check_in_order() -> None:
    report = _check(VP)
    assert report.verified, failed(report)
    assert [c.id for c in report.checks] == list(PRESENTATION_ORDER)
    assert all(c.status == "passed" for c in report.checks)
    assert [n.verified for n in report.nested] == [True, True]
    assert report.warnings == []


def test_the_presentation_has_the_shape_the_specs_give() -> None:
    # VC 2.0 4.13: type VerifiablePresentation, holder a URL; Data Integrity 2.1: the proof
    # options domain, challenge and expires; purpose authentication; signed by the holder.
    assert VP["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert VP["type"] == ["VerifiablePresentation"]
    assert VP["holder"] == HOLDER.controller
    assert VP["verifiableCredential"] == BADGES
    proof = VP["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "authentication"
    assert proof["verificationMethod"] == HOLDER.id
    assert (proof["domain"], proof["challenge"]) == (EMPLOYER, NONCE)
    assert proof["expires"] == "2025-06-08T00:00:00Z"
    assert proof["created"] == "2025-06-01T00:00:00Z"
    assert is_presentation(VP)
    assert not is_presentation(BADGES[0])


def test_a_key_without_an_id_presents_as_its_did_key() -> None:
    bare = Ed25519KeyPair.from_seed(bytes([2]) * 32)
    vp = present(BADGES[:1], bare, domain=EMPLOYER, now=NOW)
    assert vp["holder"] == HOLDER.controller
    assert len(vp["proof"]["challenge"]) >= 16  # a generated nonce
    assert "expires" not in vp["proof"]
    report = _check(vp, challenge=vp["proof"]["challenge"])
    assert report.verified, failed(report)
    assert report.check("expiry") is not None


def test_a_presentation_with_no_credential_verifies_as_authentication_only() -> None:
    report = _check(_vp(credentials=[]))
    assert report.verified, failed(report)
    assert report.check("credentials").status == "skipped"  # type: ignore[union-attr]


def test_domain_is_compared_as_a_set_of_strings() -> None:
    vp = _vp(domain=["https://a.example", "did:web:b.example"])
    assert _check(vp, domain=["did:web:b.example", "https://a.example"]).verified
    assert failed(_check(vp, domain="https://a.example")) == {
        "domain": "PRESENTATION_DOMAIN_MISMATCH"
    }


# -- each binding ------------------------------------------------------------------------


def test_wrong_domain_and_wrong_challenge() -> None:
    assert failed(_check(VP, domain="https://other.example")) == {
        "domain": "PRESENTATION_DOMAIN_MISMATCH"
    }
    assert failed(_check(VP, challenge="another-nonce")) == {
        "challenge": "PRESENTATION_CHALLENGE_MISMATCH"
    }


def test_unchecked_domain_and_challenge_are_warnings() -> None:
    report = _check(VP, domain=None, challenge=None)
    assert report.verified
    assert report.check("domain").code == "PRESENTATION_DOMAIN_UNCHECKED"  # type: ignore[union-attr]
    assert report.check("challenge").status == "warning"  # type: ignore[union-attr]
    assert len(report.warnings) == 2


def test_a_proof_without_domain_fails_a_verifier_that_expects_one() -> None:
    unsigned = unsigned_presentation(BADGES, holder=str(HOLDER.controller))
    vp = sign(unsigned, HOLDER, created=NOW, proof_purpose="authentication", challenge=NONCE)
    assert failed(_check(vp)) == {"domain": "PRESENTATION_DOMAIN_MISMATCH"}


def test_expired_with_clock_skew() -> None:
    after = EXPIRES + timedelta(minutes=6)
    assert failed(_check(VP, now=after)) == {
        "expiry": "PRESENTATION_EXPIRED",
        # the credentials themselves are still valid: only the presentation expired
    }
    assert _check(VP, now=EXPIRES + timedelta(minutes=4)).verified
    assert failed(_check(VP, now=after, clock_skew=timedelta(minutes=10))) == {}


def test_an_expires_without_time_zone_is_malformed() -> None:
    unsigned = unsigned_presentation(BADGES, holder=str(HOLDER.controller))
    vp = sign(
        unsigned,
        HOLDER,
        created=NOW,
        proof_purpose="authentication",
        domain=EMPLOYER,
        challenge=NONCE,
        expires="2025-06-08T00:00:00",
    )
    assert failed(_check(vp)) == {"expiry": "PRESENTATION_EXPIRES_MALFORMED"}


def test_holder_must_control_the_key_for_authentication() -> None:
    # Signed by HOLDER's key but naming OTHER as holder: the proof verifies, the binding not.
    vp = _vp(holder=OTHER.controller)
    assert failed(_check(vp)) == {"holder_binding": "KEY_NOT_AUTHORIZED"}
    no_holder = copy.deepcopy(unsigned_presentation(BADGES, holder="did:example:x"))
    del no_holder["holder"]
    signed = sign(
        no_holder, HOLDER, created=NOW, proof_purpose="authentication", domain=EMPLOYER,
        challenge=NONCE,
    )  # fmt: skip
    assert failed(_check(signed)) == {"holder_binding": "PRESENTATION_HOLDER_MISSING"}


def test_a_proof_for_assertion_is_not_an_authentication() -> None:
    # Data Integrity 4.3: a proof made for another purpose is refused (PROOF_VERIFICATION_ERROR).
    unsigned = unsigned_presentation(BADGES, holder=str(HOLDER.controller))
    vp = sign(unsigned, HOLDER, created=NOW, domain=EMPLOYER, challenge=NONCE)
    report = _check(vp)
    assert failed(report) == {"proof": "PROOF_MALFORMED"}
    assert "authentication" in report.check("proof").message  # type: ignore[union-attr]


# -- tampering ---------------------------------------------------------------------------


def test_a_tampered_presentation_fails_its_proof() -> None:
    for change in (
        lambda vp: vp.update(holder="did:example:mallory"),
        lambda vp: vp["proof"].update(domain="https://other.example"),
        lambda vp: vp["proof"].update(challenge="x"),
        lambda vp: vp["proof"].update(expires="2099-01-01T00:00:00Z"),
        lambda vp: vp["verifiableCredential"].pop(),
    ):
        vp = copy.deepcopy(VP)
        change(vp)
        report = _check(vp, domain=None, challenge=None)
        assert failed(report).get("proof") == "SIGNATURE_INVALID"


def test_a_credential_tampered_inside_the_presentation() -> None:
    vp = copy.deepcopy(VP)
    vp["verifiableCredential"][1]["name"] = "Tower Crane Operator"
    report = _check(vp)
    assert failed(report) == {
        "proof": "SIGNATURE_INVALID",
        "credentials": "PRESENTATION_CREDENTIAL_INVALID",
    }
    assert [n.codes() for n in report.nested] == [[], ["SIGNATURE_INVALID"]]


def test_a_tampered_credential_signed_into_a_presentation_is_still_caught() -> None:
    # The holder signs the presentation over a credential altered beforehand: the holder's
    # proof verifies, the issuer's does not.
    altered = copy.deepcopy(BADGES[0])
    altered["credentialSubject"]["achievement"]["name"] = "Crane Operator"
    report = _check(_vp(credentials=[altered, BADGES[1]]))
    assert failed(report) == {"credentials": "PRESENTATION_CREDENTIAL_INVALID"}
    assert report.nested[0].codes() == ["SIGNATURE_INVALID"]
    assert report.nested[1].verified


def test_building_refuses_what_it_cannot_present() -> None:
    with pytest.raises(PresentationError) as jwt:
        present(["eyJhbGciOiJFZERTQSJ9.e30.c2ln"], HOLDER, domain=EMPLOYER, now=NOW)  # type: ignore[list-item]
    assert jwt.value.code == "PRESENTATION_CREDENTIAL_UNSUPPORTED"
    for kw in (
        {"expires": NOW - timedelta(seconds=1)},
        {"domain": []},
        {"challenge": ""},
        {"now": datetime(2025, 6, 1)},
    ):
        args: dict[str, Any] = {"domain": EMPLOYER, "now": NOW, **kw}
        with pytest.raises(PresentationError) as bad:
            present(BADGES, HOLDER, **args)
        assert bad.value.code == "PRESENTATION_INPUT_INVALID"


# -- properties --------------------------------------------------------------------------


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _leaves(value, (*path, key))]
    if isinstance(node, list):
        return [p for i, value in enumerate(node) for p in _leaves(value, (*path, i))]
    return [path]


SMALL_VP = _vp(credentials=BADGES[:1])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_single_change_to_a_signed_presentation_is_rejected(data: st.DataObject) -> None:
    vp = copy.deepcopy(SMALL_VP)
    path = data.draw(st.sampled_from(_leaves(vp)), label="path")
    parent = vp
    for step in path[:-1]:
        parent = parent[step]
    if data.draw(st.booleans(), label="delete"):
        del parent[path[-1]]
    else:
        new = data.draw(st.one_of(st.text(max_size=12), st.integers(), st.booleans()), "value")
        assume(new != parent[path[-1]])
        parent[path[-1]] = new
    report = _check(vp)
    assert not report.verified, f"change at {path} was not detected"
    assert all(c.code in ALL_CODES for c in report.checks)


@settings(max_examples=80, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=100),
        st.text(max_size=100),
        st.dictionaries(
            st.sampled_from(["@context", "type", "holder", "proof", "verifiableCredential"]),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c),
                max_leaves=6,
            ),
        ),
    )
)
def test_malformed_presentations_never_raise(data: Any) -> None:
    report = _check(data)
    assert not report.verified
    assert all(c.code in ALL_CODES for c in report.checks)


def test_the_proof_options_are_signed_as_the_specs_define_them() -> None:
    """Recompute vc-di-eddsa 3.3 with plain pyld (not the project's canonicalization): the
    proof configuration carries domain, challenge and expires with the Data Integrity v2
    context's IRIs, and the holder's signature covers it and the presentation."""
    import hashlib

    from pyld import jsonld

    from openler.credentials.contexts import BundledLoader
    from openler.credentials.multibase import decode_z

    def nquads(document: dict[str, Any]) -> bytes:
        options = {"algorithm": "URDNA2015", "format": "application/n-quads"}
        options["documentLoader"] = BundledLoader()  # type: ignore[assignment]
        return str(jsonld.normalize(document, options)).encode()

    vp = copy.deepcopy(VP)
    proof = vp.pop("proof")
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = vp["@context"]
    canonical_config = nquads(config).decode()
    security = "https://w3id.org/security#"
    for triple in (
        f'<{security}domain> "{EMPLOYER}" .',
        f'<{security}challenge> "{NONCE}" .',
        f'<{security}expiration> "2025-06-08T00:00:00Z"^^'
        "<http://www.w3.org/2001/XMLSchema#dateTime> .",
        f"<{security}proofPurpose> <{security}authenticationMethod> .",
    ):
        assert triple in canonical_config, triple
    data = hashlib.sha256(nquads(config)).digest() + hashlib.sha256(nquads(vp)).digest()
    assert HOLDER.verify(decode_z(proof["proofValue"], what="proofValue"), data)


def test_a_presentation_cannot_carry_valid_until() -> None:
    # Why the expiry is the proof's: the VC 2.0 context defines validUntil for credentials
    # only, so in a presentation it is an undefined term and safe mode refuses to sign it.
    from openler.credentials.proof_errors import ProofError

    unsigned = unsigned_presentation(BADGES, holder=str(HOLDER.controller))
    unsigned["validUntil"] = "2025-06-08T00:00:00Z"
    with pytest.raises(ProofError) as caught:
        sign(unsigned, HOLDER, created=NOW, proof_purpose="authentication")
    assert caught.value.code == "SAFE_MODE_UNDEFINED_TERM"
