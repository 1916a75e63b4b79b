"""HR Open LER-RS: a résumé (Learning and Employment Record Resume Standard) as a VC 1.1.

The wrapper follows HR Open's ``VerifiableCredentialLER-RSType`` (version 4.5) and its base
``ProvisionalVerifiableCredentialBaseType``: ``@context`` starts with the VC 1.1 context
and then HR Open's; ``type`` is an array; ``issuer`` is a string; ``issuanceDate`` is
required; proofs, schemas, evidence, refresh services and terms of use are arrays. The
résumé itself (``credentialSubject``: person, communication, narratives, education,
employment, certifications, skills...) is kept as it came: its schema (``LER-RSType``)
builds on HR Open common types that are not published with the catalog, so it is not
checked here beyond being an object with an optional string ``id``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from pydantic_core import PydanticCustomError

from ._base import VC_V1_CONTEXT, Checked, DateTime, LDModel, opt

HR_OPEN_LER_RS_CONTEXT = (
    "http://schema.hropenstandards.org/4.5/recruiting/json/VerifiableCredentialLER-RSType.json"
)
LER_RS_TYPE = "LER-RS VC"


def _nonempty(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "must be a string")
    if not value:
        raise PydanticCustomError("too_short_string", "must not be empty")
    return value


NonEmpty = Checked(_nonempty)


def _context(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise PydanticCustomError("context", "must be an array")
    fixed = (VC_V1_CONTEXT, HR_OPEN_LER_RS_CONTEXT)
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise PydanticCustomError("context", f"item {i} must be a string")
        if i < len(fixed) and item != fixed[i]:
            raise PydanticCustomError("context", f"item {i} must be '{fixed[i]}', got {item!r}")
    if len(set(value)) != len(value):
        raise PydanticCustomError("context", "items must be unique")
    return value


def _types(value: Any) -> list[str]:
    if not (isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)):
        raise PydanticCustomError("type_value", "must be a non-empty array of non-empty strings")
    if "VerifiableCredential" not in value:
        raise PydanticCustomError(
            "type_member", f"must include 'VerifiableCredential' (got {value!r})"
        )
    return value


class LerRsProof(LDModel):
    type: NonEmpty  # type: ignore[valid-type]
    created: DateTime | None = opt()
    verification_method: NonEmpty | None = opt()  # type: ignore[valid-type]
    proof_purpose: NonEmpty | None = opt()  # type: ignore[valid-type]
    proof_value: NonEmpty | None = opt()  # type: ignore[valid-type]
    challenge: NonEmpty | None = opt()  # type: ignore[valid-type]
    domain: NonEmpty | None = opt()  # type: ignore[valid-type]
    jws: NonEmpty | None = opt()  # type: ignore[valid-type]


class LerRsIdType(LDModel):
    """credentialSchema and refreshService entries: an id and a type, both required."""

    id: str
    type: NonEmpty  # type: ignore[valid-type]


class LerRsTyped(LDModel):
    """evidence and termsOfUse entries: a required type, an optional id."""

    id: NonEmpty | None = opt()  # type: ignore[valid-type]
    type: NonEmpty  # type: ignore[valid-type]


class LerRsStatus(LDModel):
    id: NonEmpty  # type: ignore[valid-type]
    type: NonEmpty  # type: ignore[valid-type]


class LerRsSubject(LDModel):
    id: str | None = opt()


class LerRsCredential(LDModel):
    """An LER-RS résumé credential (VC 1.1)."""

    context: Checked(_context) = Field(alias="@context")  # type: ignore[valid-type]
    id: str | None = opt()
    type: Checked(_types)  # type: ignore[valid-type]
    issuer: NonEmpty  # type: ignore[valid-type]
    issuance_date: DateTime
    expiration_date: DateTime | None = opt()
    credential_subject: LerRsSubject
    credential_schema: list[LerRsIdType] | None = Field(default=None, min_length=1)
    credential_status: LerRsStatus | None = opt()
    refresh_service: list[LerRsIdType] | None = Field(default=None, min_length=1)
    evidence: list[LerRsTyped] | None = Field(default=None, min_length=1)
    terms_of_use: list[LerRsTyped] | None = Field(default=None, min_length=1)
    proof: list[LerRsProof] | None = Field(default=None, min_length=1)

    @property
    def version(self) -> int:
        return 1

    @property
    def types(self) -> list[str]:
        return list(self.type)


__all__ = ["HR_OPEN_LER_RS_CONTEXT", "LER_RS_TYPE", "LerRsCredential", "LerRsProof"]
