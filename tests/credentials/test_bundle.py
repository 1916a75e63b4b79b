"""CLR 2.0 bundles: built from signed badges, valid by the official 1EdTech CLR schema,
signed by the publisher, verified with one nested report per bundled credential."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from openler.credentials.bundle import BundleError, build_clr, sign_clr
from openler.credentials.contexts import BundledLoader
from openler.credentials.dids import DidResolver
from openler.credentials.models import CredentialSchemaError
from openler.credentials.verify import verify
from tests.credentials.conformance import CLR_SCHEMA as OFFICIAL_CLR_SCHEMA
from tests.credentials.conformance import clr_schema, need, schema_errors
from tests.credentials.test_presentations import BADGES, HOLDER, ISSUER, NOW, failed

PUBLISHER = {"id": HOLDER.controller, "type": ["Profile"], "name": "Pat Worker"}
FORKLIFT = BADGES[0]["credentialSubject"]["achievement"]["id"]


def _badge_for(achievement_id: str, name: str) -> dict[str, Any]:
    from openler.credentials.proofs import sign
    from tests.credentials.core_support import small_badge

    badge = small_badge(str(ISSUER.controller))
    badge["id"] = f"urn:uuid:00000000-0000-4000-8000-{len(name):012d}"
    badge["credentialSubject"]["achievement"].update(id=achievement_id, name=name)
    return sign(badge, ISSUER, created="2025-01-15T00:00:00Z")


COURSE = _badge_for("https://training.example/achievements/rigging-101", "Rigging 101")


def _clr(**kw: Any) -> dict[str, Any]:
    credentials = kw.pop("credentials", [BADGES[0], COURSE])
    args: dict[str, Any] = {"name": "Pat's learning record", "now": NOW, "clr_id": "urn:uuid:1"}
    args.update(kw)
    return build_clr(PUBLISHER, credentials, **args)


def test_build_sign_verify_round_trip() -> None:
    clr = _clr(
        associations=[
            {"associationType": "isParentOf", "sourceId": FORKLIFT, "targetId": COURSE[
                "credentialSubject"]["achievement"]["id"]}
        ]
    )  # fmt: skip
    assert clr["type"] == ["VerifiableCredential", "ClrCredential"]
    assert clr["credentialSubject"]["id"] == "did:example:worker-17"  # the badges' subject
    assert clr["credentialSubject"]["verifiableCredential"] == [BADGES[0], COURSE]
    assert [a["id"] for a in clr["credentialSubject"]["achievement"]] == [
        FORKLIFT,
        "https://training.example/achievements/rigging-101",
    ]
    assert "proof" not in clr
    signed = sign_clr(clr, HOLDER, now=NOW)
    report = verify(signed, resolver=DidResolver(), now=NOW)
    assert report.verified, failed(report)
    assert [n.verified for n in report.nested] == [True, True]


def test_the_built_clr_satisfies_the_1edtech_clr_schema() -> None:
    # The catalog's draft-4 copy, with the changes conformance.py justifies (it asks VC 1.1
    # dates of every credential; VC 2.0 ones carry validFrom instead).
    need(OFFICIAL_CLR_SCHEMA)
    signed = sign_clr(_clr(), HOLDER, now=NOW)
    assert schema_errors(clr_schema(), signed) == []


def test_a_tampered_nested_credential_fails_the_nested_check() -> None:
    signed = sign_clr(_clr(), HOLDER, now=NOW)
    changed = copy.deepcopy(signed)
    changed["credentialSubject"]["verifiableCredential"][1]["name"] = "Rigging 201"
    report = verify(changed, resolver=DidResolver(), now=NOW)
    # The publisher's proof covers the bundle; the issuer's proof covers the badge.
    assert failed(report) == {"proof": "SIGNATURE_INVALID", "nested": "NESTED_INVALID"}
    assert report.nested[1].codes() == ["SIGNATURE_INVALID"]


def test_building_refuses_what_it_cannot_bundle() -> None:
    unsigned = {k: v for k, v in BADGES[0].items() if k != "proof"}
    cases: list[tuple[dict[str, Any], str]] = [
        ({"credentials": []}, "CLR_INPUT_INVALID"),
        ({"credentials": [unsigned]}, "CLR_CREDENTIAL_UNSUPPORTED"),
        ({"credentials": ["a.b.c"]}, "CLR_CREDENTIAL_UNSUPPORTED"),
        ({"name": ""}, "CLR_INPUT_INVALID"),
        ({"associations": [{"associationType": "isParentOf", "sourceId": FORKLIFT,
                            "targetId": "urn:not-in-the-clr"}]}, "CLR_INPUT_INVALID"),
        ({"associations": [{"associationType": "isCousinOf", "sourceId": FORKLIFT,
                            "targetId": FORKLIFT}]}, "CLR_INPUT_INVALID"),
    ]  # fmt: skip
    for kw, code in cases:
        with pytest.raises(BundleError) as caught:
            _clr(**kw)
        assert caught.value.code == code, kw
    other_subject = copy.deepcopy(COURSE)
    other_subject["credentialSubject"]["id"] = "did:example:someone-else"
    with pytest.raises(BundleError) as two:
        _clr(credentials=[BADGES[0], other_subject])
    assert two.value.field == "credentialSubject.id"
    assert _clr(credentials=[BADGES[0], other_subject], learner="did:example:worker-17")
    with pytest.raises(CredentialSchemaError):  # the project's model checks the publisher
        build_clr({"id": "did:example:p"}, [BADGES[0]], name="x", now=NOW)


def test_only_the_publishers_key_signs() -> None:
    with pytest.raises(BundleError) as caught:
        sign_clr(_clr(), ISSUER, now=NOW)
    assert caught.value.code == "CLR_KEY_NOT_PUBLISHER"


def test_without_the_clr_context_building_is_blocked_by_name() -> None:
    class NoClr(BundledLoader):
        def knows(self, url: str) -> bool:
            return "clr/v2p0" not in url and super().knows(url)

    with pytest.raises(BundleError) as caught:
        _clr(loader=NoClr())
    assert caught.value.code == "CLR_CONTEXT_MISSING"
    assert "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json" in caught.value.message
