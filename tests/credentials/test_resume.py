"""LER-RS résumés: each credential in its section with a reference to it, the HR Open
wrapper schema, the self-issued VC-JWT round trip, and the key bound to the issuer."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from openler.credentials.dids import DidResolver
from openler.credentials.jwt import sign_vc_jwt
from openler.credentials.models import CredentialSchemaError
from openler.credentials.resume import ResumeError, build_resume, sign_resume, verify_resume
from tests.credentials.conformance import LER_RS_SCHEMA, ler_rs_schema, need, schema_errors
from tests.credentials.core_support import small_badge
from tests.credentials.test_presentations import HOLDER, ISSUER, NOW, OTHER, failed

ONET = {
    "type": ["Alignment"],
    "targetName": "Industrial Truck and Tractor Operators",
    "targetUrl": "https://www.onetonline.org/link/summary/53-7051.00",
    "targetCode": "53-7051.00",
    "targetFramework": "O*NET-SOC 2019",
    "targetType": "ext:ONET",
}


def _badge(n: int, kind: str | None, name: str, **extra: Any) -> dict[str, Any]:
    badge = small_badge(str(ISSUER.controller))
    badge["id"] = f"urn:uuid:0b5e7f3a-0000-4000-8000-{n:012d}"
    achievement = badge["credentialSubject"]["achievement"]
    achievement.update(id=f"https://training.example/achievements/{n}", name=name)
    if kind:
        achievement["achievementType"] = kind
    badge.update(extra)
    return badge


DEGREE = _badge(1, "AssociateDegree", "A.A.S. Logistics", awardedDate="2024-05-10T00:00:00Z")
COURSE = _badge(2, "Course", "Warehouse Safety")
CERT = _badge(3, "Certification", "Forklift Operator", validUntil="2028-01-15T00:00:00Z")
LICENSE = _badge(4, "License", "CDL Class A", validUntil="2025-01-01T00:00:00Z")
COMPETENCY = _badge(5, "Competency", "Pallet stacking")
COMPETENCY["credentialSubject"]["achievement"]["alignment"] = [ONET]
CERT["credentialSubject"]["achievement"]["alignment"] = [ONET]
JOB = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "id": "urn:uuid:0b5e7f3a-0000-4000-8000-000000000006",
    "type": ["VerifiableCredential", "EmploymentCredential"],
    "name": "Warehouse Associate",
    "issuer": {"id": "did:web:employer.example", "name": "Peach Logistics"},
    "validFrom": "2023-03-01T00:00:00Z",
    "validUntil": "2025-04-30T00:00:00Z",
    "credentialSubject": {"id": "did:example:worker-17"},
}
ALL = [DEGREE, COURSE, CERT, LICENSE, COMPETENCY, JOB]


def _resume(credentials: list[dict[str, Any]] = ALL) -> dict[str, Any]:
    return build_resume(
        credentials,
        holder=str(HOLDER.controller),
        name="Pat Worker",
        now=NOW,
        resume_id="urn:uuid:r",
    )


def test_each_credential_goes_in_its_section() -> None:
    subject = _resume()["credentialSubject"]
    [degree, course] = subject["educationAndLearnings"]
    assert degree["institution"] == {"name": "Peach State Training"}
    assert degree["educationDegrees"] == [{"name": "A.A.S. Logistics", "date": "2024-05-10"}]
    assert "educationDegrees" not in course
    assert course["descriptions"][0].startswith("Warehouse Safety")
    [cert] = subject["certifications"]
    assert (cert["name"], cert["status"], cert["firstIssued"]) == (
        "Forklift Operator", "Active", "2025-01-15",
    )  # fmt: skip
    assert cert["effectiveTimePeriod"]["validTo"] == "2028-01-15T00:00:00Z"
    [licence] = subject["licenses"]
    assert licence["status"] == "Expired"  # validUntil 2025-01-01 is before NOW
    [job] = subject["employmentHistories"]
    assert job["organization"] == {"name": "Peach Logistics"}
    assert job["positionHistories"] == [
        {"title": "Warehouse Associate", "start": "2023-03-01", "end": "2025-04-30"}
    ]
    assert subject["person"] == {"name": {"formattedName": "Pat Worker"}}
    assert subject["id"] == HOLDER.controller


def test_skills_from_achievements_and_alignments_once_each() -> None:
    skills = {s["name"]: s for s in _resume()["credentialSubject"]["skills"]}
    assert set(skills) == {"Pallet stacking", "Industrial Truck and Tractor Operators"}
    onet = skills["Industrial Truck and Tractor Operators"]
    assert onet["definitionReference"] == {"reference": ONET["targetUrl"]}
    assert {"name": "targetCode", "value": "53-7051.00"} in onet["keywords"]
    # Two credentials align to the same O*NET occupation: one skill, both referenced.
    assert [v["Verification"]["reference"] for v in onet["verifications"]] == [
        CERT["id"], COMPETENCY["id"],
    ]  # fmt: skip


def test_every_credential_is_referenced_by_its_id() -> None:
    text = json.dumps(_resume()["credentialSubject"])
    for credential in ALL:
        assert f'"reference": "{credential["id"]}"' in text


def test_the_resume_satisfies_hr_opens_wrapper_schema() -> None:
    need(LER_RS_SCHEMA)
    assert schema_errors(ler_rs_schema(official=True), _resume()) == []


def test_self_issued_vc_jwt_round_trip() -> None:
    token = sign_resume(_resume(), HOLDER)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert (header["alg"], header["kid"]) == ("EdDSA", HOLDER.id)
    report = verify_resume(token, resolver=DidResolver(), now=NOW)
    assert report.verified, failed(report)
    assert report.check("context").code == "CONTEXT_NOT_JSONLD"  # type: ignore[union-attr]
    assert report.check("resume").message.startswith("a self-issued")  # type: ignore[union-attr]


def test_tampered_resume_and_a_key_that_is_not_the_issuers() -> None:
    token = sign_resume(_resume(), HOLDER)
    head, body, sig = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=="))
    payload["vc"]["credentialSubject"]["person"]["name"]["formattedName"] = "Someone Else"
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    report = verify_resume(f"{head}.{forged}.{sig}", resolver=DidResolver(), now=NOW)
    assert failed(report)["proof"] == "JWT_SIGNATURE_INVALID"
    # OTHER signs a résumé that names HOLDER as issuer: its signature verifies, the binding
    # of the key to the issuer does not.
    assert OTHER.seed is not None
    other = sign_vc_jwt(
        _resume(), Ed25519PrivateKey.from_private_bytes(OTHER.seed), kid=OTHER.id, embed_jwk=False
    )
    report = verify_resume(other, resolver=DidResolver(), now=NOW)
    assert failed(report) == {"key_binding": "KEY_NOT_AUTHORIZED", "resume": "KEY_NOT_AUTHORIZED"}


def test_a_resume_is_a_jwt_and_an_ler_rs_credential() -> None:
    as_json = verify_resume(json.dumps(_resume()), resolver=DidResolver(), now=NOW)
    assert failed(as_json)["resume"] == "RESUME_NOT_JWT"
    assert failed(as_json)["context"] == "CONTEXT_UNKNOWN"  # no JSON-LD context to read it
    badge = _badge(9, None, "x")
    badge["credentialSubject"]["id"] = badge["issuer"]["id"]
    assert ISSUER.seed is not None
    ob_jwt = sign_vc_jwt(badge, Ed25519PrivateKey.from_private_bytes(ISSUER.seed), kid=ISSUER.id)
    report = verify_resume(ob_jwt, resolver=DidResolver(), now=NOW)
    assert failed(report) == {"resume": "RESUME_NOT_LER_RS"}


def test_refusals() -> None:
    no_id = copy.deepcopy(COURSE)
    del no_id["id"]
    nothing = {"id": "urn:x", "type": ["VerifiableCredential"], "credentialSubject": {}}
    for credentials in ([no_id], [nothing], ["a.b.c"]):
        with pytest.raises(ResumeError) as caught:
            _resume(credentials)  # type: ignore[arg-type]
        assert caught.value.code == "RESUME_CREDENTIAL_UNSUPPORTED"
    with pytest.raises(ResumeError) as bad:
        build_resume(ALL, holder="pat", name="Pat", now=NOW)
    assert bad.value.code == "RESUME_INPUT_INVALID"
    with pytest.raises(ResumeError) as key:
        sign_resume(_resume(), OTHER)
    assert key.value.code == "RESUME_KEY_NOT_ISSUER"
    with pytest.raises(ResumeError) as naive:
        build_resume(ALL, holder="did:example:p", name="Pat", now=NOW.replace(tzinfo=None))
    assert naive.value.code == "RESUME_INPUT_INVALID"


def test_what_is_built_is_an_ler_rs_credential_by_the_projects_model() -> None:
    from openler.credentials.models import LerRsCredential, parse_credential

    assert isinstance(parse_credential(_resume()), LerRsCredential)
    broken = _resume()
    broken["type"] = ["LER-RS VC"]
    with pytest.raises(CredentialSchemaError):
        parse_credential(broken)
