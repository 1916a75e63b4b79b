"""An HR Open LER-RS résumé credential built from a person's chosen credentials.

``build_resume`` maps each credential to the LER-RS section it belongs in (HR Open LER-RS
4.5, the shapes of HR Open's own samples):

- an Open Badges achievement of a degree or learning type -> ``educationAndLearnings``
  (``institution``, and ``educationDegrees`` for degrees and diplomas);
- a certification or certificate type -> ``certifications``; ``License`` -> ``licenses``
  (``name``, ``status``, ``firstIssued``, ``effectiveTimePeriod``, ``issuingAuthority``);
- a credential typed ``EmploymentCredential`` -> ``employmentHistories``
  (``organization``, ``positionHistories``);
- a competency, badge or any other achievement -> ``skills``; and every alignment of every
  achievement (skills frameworks, O*NET, CTDL, CASE) -> a ``skills`` entry with the
  framework's URL (``definitionReference``) and code (``keywords``), once per target.

Every entry keeps the source credential's ``id`` in its ``verifications``
(``{"reference": id}``; a skill's as ``{"Verification": {"reference": id}}``, the shape
HR Open's ``VerificationType`` gives), so each line of the résumé is traceable to a
credential the recipient can verify (share the credentials with it, in a presentation).

The résumé is self-issued: the holder is its ``issuer`` and its subject, and signs it with
their own key. It is secured as a VC-JWT (EdDSA), not a Data Integrity proof: LER-RS
credentials are VC 1.1 whose second ``@context`` is HR Open's JSON Schema URL
(``VerifiableCredentialLER-RSType.json``), which is not a JSON-LD context, so no RDF
canonicalization (and no safe mode) can process it; a JWS signs the exact bytes instead.
``verify_resume`` runs the general verifier and then binds the JWT's key (``kid``) to the
issuer, for assertion, through the caller's DID resolver.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from openler.credentials._coded import TableCodedError
from openler.credentials.contexts import BundledLoader
from openler.credentials.dids import DidResolver
from openler.credentials.jwt import sign_vc_jwt
from openler.credentials.keys import Ed25519KeyPair
from openler.credentials.models import (
    HR_OPEN_LER_RS_CONTEXT,
    LER_RS_TYPE,
    LerRsCredential,
    parse_date_time,
    validate_as,
)
from openler.credentials.status import Fetch
from openler.credentials.verify import VC_V1, Check, VerificationReport, verify

LER_RS_SUBJECT_TYPE = "http://schema.hropenstandards.org/4.5/recruiting/json/LER-RSType.json"

RESUME_CODES: dict[str, str] = {
    "RESUME_INPUT_INVALID": "a résumé cannot be built from these arguments",
    "RESUME_CREDENTIAL_UNSUPPORTED": (
        "a credential with no LER-RS section (not an achievement or employment credential, "
        "no id, or not JSON)"
    ),
    "RESUME_KEY_NOT_ISSUER": "the signing key is not controlled by the résumé's issuer",
    "RESUME_NOT_JWT": "a résumé credential is a VC-JWT (its HR Open context is not JSON-LD)",
    "RESUME_NOT_LER_RS": "the credential is not an LER-RS résumé credential",
}

DEGREE_TYPES = frozenset(
    {
        "AssociateDegree", "BachelorDegree", "Degree", "Diploma", "DoctoralDegree",
        "GeneralEducationDevelopment", "MasterDegree", "ProfessionalDoctorate",
        "ResearchDoctorate", "SecondarySchoolDiploma",
    }
)  # fmt: skip
LEARNING_TYPES = frozenset(
    {
        "Assessment", "Assignment", "CertificateOfCompletion", "CoCurricular", "Course",
        "Fieldwork", "LearningProgram",
    }
)  # fmt: skip
CERTIFICATION_TYPES = frozenset(
    {
        "ApprenticeshipCertificate", "Certificate", "Certification", "JourneymanCertificate",
        "MasterCertificate", "MicroCredential", "QualityAssuranceCredential",
    }
)  # fmt: skip
LICENSE_TYPES = frozenset({"License"})
EMPLOYMENT_TYPE = "EmploymentCredential"


class ResumeError(TableCodedError):
    """A résumé could not be built or signed; ``code`` is from :data:`RESUME_CODES`."""

    codes = RESUME_CODES
    default_field = "credentialSubject"


def section_of(credential: Mapping[str, Any]) -> str:
    """The LER-RS section a credential goes in (see the module docstring)."""
    types = credential.get("type")
    types = types if isinstance(types, list) else [types]
    if EMPLOYMENT_TYPE in types:
        return "employmentHistories"
    achievement = _achievement(credential)
    if achievement is None:
        raise ResumeError(
            f"credential {credential.get('id')!r} awards no achievement and is not an "
            f"{EMPLOYMENT_TYPE}",
            code="RESUME_CREDENTIAL_UNSUPPORTED",
        )
    kind = achievement.get("achievementType")
    if kind in DEGREE_TYPES or kind in LEARNING_TYPES:
        return "educationAndLearnings"
    if kind in CERTIFICATION_TYPES:
        return "certifications"
    if kind in LICENSE_TYPES:
        return "licenses"
    return "skills"


def _achievement(credential: Mapping[str, Any]) -> Mapping[str, Any] | None:
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    return achievement if isinstance(achievement, Mapping) else None


def _issuer_name(credential: Mapping[str, Any]) -> str:
    issuer = credential.get("issuer")
    if isinstance(issuer, Mapping):
        name = issuer.get("name")
        return name if isinstance(name, str) and name else str(issuer.get("id"))
    return str(issuer)


def _day(credential: Mapping[str, Any], *fields: str) -> str | None:
    """The first of ``fields`` that is a date-time, as a calendar date (YYYY-MM-DD)."""
    for name in fields:
        value = credential.get(name)
        if isinstance(value, str):
            try:
                return parse_date_time(value).astimezone(UTC).date().isoformat()
            except ValueError:
                continue
    return None


def _title(credential: Mapping[str, Any]) -> str:
    achievement = _achievement(credential) or {}
    for value in (achievement.get("name"), credential.get("name")):
        if isinstance(value, str) and value:
            return value
    return str(credential.get("id"))


def _reference(credential: Mapping[str, Any]) -> dict[str, str]:
    return {"reference": str(credential["id"])}


def _education(credential: Mapping[str, Any]) -> dict[str, Any]:
    achievement = _achievement(credential) or {}
    entry: dict[str, Any] = {"institution": {"name": _issuer_name(credential)}}
    if achievement.get("achievementType") in DEGREE_TYPES:
        degree: dict[str, Any] = {"name": _title(credential)}
        date = _day(credential, "awardedDate", "validFrom", "issuanceDate")
        if date:
            degree["date"] = date
        entry["educationDegrees"] = [degree]
    else:
        description = achievement.get("description")
        lines = [_title(credential)] + ([description] if isinstance(description, str) else [])
        entry["descriptions"] = [": ".join(lines)]
        end = _day(credential, "awardedDate", "validFrom", "issuanceDate")
        if end:
            entry["end"] = end
    entry["verifications"] = [_reference(credential)]
    return entry


def _certification(credential: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": _title(credential)}
    valid_to = credential.get("validUntil", credential.get("expirationDate"))
    expired = False
    if isinstance(valid_to, str):
        try:
            expired = parse_date_time(valid_to) < now
        except ValueError:
            valid_to = None
    entry["status"] = "Expired" if expired else "Active"
    first = _day(credential, "awardedDate", "validFrom", "issuanceDate")
    if first:
        entry["firstIssued"] = first
    period: dict[str, str] = {}
    start = credential.get("validFrom", credential.get("issuanceDate"))
    if isinstance(start, str):
        period["validFrom"] = start
    if isinstance(valid_to, str):
        period["validTo"] = valid_to
    if period:
        entry["effectiveTimePeriod"] = period
    entry["issuingAuthority"] = {"name": _issuer_name(credential)}
    entry["verifications"] = [_reference(credential)]
    return entry


def _employment(credential: Mapping[str, Any]) -> dict[str, Any]:
    position: dict[str, Any] = {"title": _title(credential)}
    start = _day(credential, "validFrom", "issuanceDate")
    if start:
        position["start"] = start
    end = _day(credential, "validUntil", "expirationDate")
    if end:
        position["end"] = end
    return {
        "organization": {"name": _issuer_name(credential)},
        "positionHistories": [position],
        "verifications": [_reference(credential)],
    }


def _skill_verification(credential: Mapping[str, Any]) -> dict[str, Any]:
    return {"Verification": _reference(credential)}


def _add_skill(skills: dict[str, dict[str, Any]], key: str, entry: dict[str, Any]) -> None:
    """One entry per skill; a skill several credentials show lists each of them."""
    if key in skills:
        verifications = skills[key]["verifications"]
        for item in entry["verifications"]:
            if item not in verifications:
                verifications.append(item)
    else:
        skills[key] = entry


def _skills_of(credential: Mapping[str, Any], skills: dict[str, dict[str, Any]]) -> None:
    achievement = _achievement(credential) or {}
    if section_of(credential) == "skills":
        entry: dict[str, Any] = {"name": _title(credential)}
        if isinstance(achievement.get("description"), str):
            entry["description"] = achievement["description"]
        entry["verifications"] = [_skill_verification(credential)]
        _add_skill(skills, f"achievement:{achievement.get('id') or entry['name']}", entry)
    alignments = achievement.get("alignment")
    for alignment in alignments if isinstance(alignments, list) else []:
        if not (isinstance(alignment, Mapping) and isinstance(alignment.get("targetName"), str)):
            continue
        skill: dict[str, Any] = {"name": alignment["targetName"]}
        if isinstance(alignment.get("targetDescription"), str):
            skill["description"] = alignment["targetDescription"]
        if isinstance(alignment.get("targetUrl"), str):
            skill["definitionReference"] = {"reference": alignment["targetUrl"]}
        keywords = [
            {"name": field, "value": alignment[field]}
            for field in ("targetCode", "targetFramework", "targetType")
            if isinstance(alignment.get(field), str)
        ]
        if keywords:
            skill["keywords"] = keywords
        skill["verifications"] = [_skill_verification(credential)]
        _add_skill(skills, f"alignment:{alignment.get('targetUrl') or skill['name']}", skill)


def build_resume(
    credentials: Sequence[Mapping[str, Any]],
    *,
    holder: str,
    name: str,
    now: datetime,
    resume_id: str | None = None,
    communication: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """An unsigned LER-RS résumé credential of ``holder`` (a DID) named ``name``."""
    if now.tzinfo is None:
        raise ResumeError("now must be timezone-aware", code="RESUME_INPUT_INVALID")
    if not (isinstance(holder, str) and ":" in holder):
        raise ResumeError(
            f"holder must be a DID or URL, not {holder!r}", code="RESUME_INPUT_INVALID"
        )
    if not (isinstance(name, str) and name.strip()):
        raise ResumeError("the person's name is needed", code="RESUME_INPUT_INVALID")
    sections: dict[str, list[dict[str, Any]]] = {
        "educationAndLearnings": [],
        "employmentHistories": [],
        "certifications": [],
        "licenses": [],
    }
    skills: dict[str, dict[str, Any]] = {}
    for index, credential in enumerate(credentials):
        if not isinstance(credential, Mapping) or not isinstance(credential.get("id"), str):
            raise ResumeError(
                f"credential {index} is not a JSON credential with an id (an id is what keeps "
                "the résumé traceable)",
                code="RESUME_CREDENTIAL_UNSUPPORTED",
                field=f"credentials[{index}]",
            )
        section = section_of(credential)
        if section == "educationAndLearnings":
            sections[section].append(_education(credential))
        elif section in ("certifications", "licenses"):
            sections[section].append(_certification(credential, now))
        elif section == "employmentHistories":
            sections[section].append(_employment(credential))
        _skills_of(credential, skills)
    subject: dict[str, Any] = {
        "id": holder,
        "type": LER_RS_SUBJECT_TYPE,
        "person": {"name": {"formattedName": name.strip()}},
    }
    if communication:
        subject["communication"] = dict(communication)
    for section, entries in sections.items():
        if entries:  # LER-RS sections hold at least one item when present
            subject[section] = entries
    if skills:
        subject["skills"] = list(skills.values())
    identifier = resume_id or f"urn:uuid:{uuid.uuid4()}"
    resume: dict[str, Any] = {
        "@context": [VC_V1, HR_OPEN_LER_RS_CONTEXT],
        "id": identifier,
        "type": ["VerifiableCredential", LER_RS_TYPE],
        "issuer": holder,
        "issuanceDate": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": subject,
    }
    validate_as(LerRsCredential, resume)  # CredentialSchemaError names any broken field
    return resume


def sign_resume(resume: Mapping[str, Any], key: Ed25519KeyPair) -> str:
    """The résumé as a VC-JWT (EdDSA) by the holder's ``key``; ``kid`` names the key."""
    if key.id is None or key.controller is None or key.controller != resume.get("issuer"):
        raise ResumeError(
            f"the key is controlled by {key.controller!r}, not by the issuer "
            f"{resume.get('issuer')!r}",
            code="RESUME_KEY_NOT_ISSUER",
            field="issuer",
        )
    if key.seed is None:
        raise ResumeError("the key has no secret part", code="RESUME_KEY_NOT_ISSUER")
    private = Ed25519PrivateKey.from_private_bytes(key.seed)
    return sign_vc_jwt(resume, private, kid=key.id, embed_jwk=False)


def verify_resume(
    data: bytes | str,
    *,
    resolver: DidResolver,
    now: datetime,
    fetch_status: Fetch | None = None,
    clock_skew: timedelta = timedelta(minutes=5),
    loader: BundledLoader | None = None,
) -> VerificationReport:
    """The general report of :func:`verify`, plus ``resume``: an LER-RS VC-JWT whose ``kid``
    is a key its issuer controls for assertion (``KEY_NOT_AUTHORIZED`` otherwise)."""
    report = verify(
        data,
        resolver=resolver,
        fetch_status=fetch_status,
        now=now,
        clock_skew=clock_skew,
        loader=loader,
    )
    report.checks.append(_resume_check(report))
    return report


def _resume_check(report: VerificationReport) -> Check:
    if report.input_kind != "jwt":
        return Check("resume", "failed", "RESUME_NOT_JWT", RESUME_CODES["RESUME_NOT_JWT"])
    credential = report.credential or {}
    types = credential.get("type")
    if not (isinstance(types, list) and LER_RS_TYPE in types and credential.get("@context")):
        return Check("resume", "failed", "RESUME_NOT_LER_RS", RESUME_CODES["RESUME_NOT_LER_RS"])
    # verify() binds a VC-JWT's kid to its issuer; a résumé must pass that binding (a key
    # only in the header, which verify() merely warns about, is not enough here).
    binding = report.check("key_binding")
    if binding is None or binding.status != "passed":
        message = "the résumé's key is not shown to be its issuer's (see key_binding)"
        return Check("resume", "failed", "KEY_NOT_AUTHORIZED", message)
    issuer = credential.get("issuer")
    self_issued = issuer == (credential.get("credentialSubject") or {}).get("id")
    kind = "a self-issued" if self_issued else "an"
    return Check("resume", "passed", "OK", f"{kind} LER-RS résumé signed by its issuer's key")
