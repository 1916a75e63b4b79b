"""W3C Verifiable Credentials: the parts every credential shares (Data Model 2.0 and 1.1).

VC 1.1 dates a credential with ``issuanceDate``/``expirationDate``, 2.0 with
``validFrom``/``validUntil``; the first ``@context`` item says which version a document is,
and so which start date it must carry. Proofs, status entries, schemas, refresh services
and terms of use are open objects: their suites and methods define the rest, and they are
kept exactly as they came for the code that checks them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ._base import (
    Checked,
    Context,
    DateTime,
    LDModel,
    OneOrMany,
    TypeIncluding,
    field_error,
    opt,
    parse_date_time,
    vc_version,
)


class Proof(LDModel):
    """An embedded proof (Data Integrity, Ed25519Signature2020, ...); suites read the rest."""

    type: str
    created: DateTime | None = opt()
    challenge: str | None = opt()
    domain: str | None = opt()
    nonce: str | None = opt()
    proof_purpose: str | None = opt()
    proof_value: str | None = opt()
    verification_method: str | None = opt()


class PresentationProof(Proof):
    """A presentation's proof: Data Integrity 1.0 section 2.1 lets ``domain`` be a string or
    an unordered set of strings (the Open Badges schema, for credentials, has a string)."""

    domain: str | list[str] | None = opt()  # type: ignore[assignment]


class CredentialStatus(LDModel):
    """Where to look up revocation or suspension (BitstringStatusListEntry, ...)."""

    id: str
    type: str


class CredentialSchema(LDModel):
    """A data schema the credential claims to conform to (``JsonSchemaValidator2019``, ...)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    type: str


class RefreshService(LDModel):
    id: str
    type: str


class TermsOfUse(LDModel):
    type: str
    id: str | None = opt()


class CredentialBase(LDModel):
    """What every credential has; subclasses narrow ``type``, ``issuer`` and the subject."""

    context: Context = Field(alias="@context")
    id: str | None = opt()
    type: Any
    issuer: Any = None
    credential_subject: Any = None
    issuance_date: DateTime | None = opt()
    expiration_date: DateTime | None = opt()
    valid_from: DateTime | None = opt()
    valid_until: DateTime | None = opt()
    proof: OneOrMany(Proof) | None = opt()  # type: ignore[valid-type]
    credential_status: Any = None
    credential_schema: Any = None
    refresh_service: Any = None
    terms_of_use: OneOrMany(TermsOfUse) | None = opt()  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _dates_by_version(self) -> Self:
        if vc_version(self.context) == 2:
            if self.valid_from is None:
                raise field_error("validFrom", "required field is missing (VC Data Model 2.0)")
        elif self.issuance_date is None:
            raise field_error("issuanceDate", "required field is missing (VC Data Model 1.1)")
        return self

    @property
    def version(self) -> int:
        """2 for a VC Data Model 2.0 credential, 1 for 1.1."""
        return vc_version(self.context)

    @property
    def types(self) -> list[str]:
        return [self.type] if isinstance(self.type, str) else list(self.type)

    @property
    def proofs(self) -> list[Proof]:
        if self.proof is None:
            return []
        return list(self.proof) if isinstance(self.proof, list) else [self.proof]

    def proof_objects(self) -> list[dict[str, Any]]:
        """Each proof as the JSON object it came as (what the suites canonicalize)."""
        return [p.to_json() for p in self.proofs]

    def not_before(self) -> datetime | None:
        """When the credential becomes valid (validFrom in 2.0, issuanceDate in 1.1)."""
        start = self.valid_from if self.version == 2 else self.issuance_date
        return parse_date_time(start) if start else None

    def not_after(self) -> datetime | None:
        """When it stops being valid (validUntil in 2.0, expirationDate in 1.1)."""
        end = self.valid_until if self.version == 2 else self.expiration_date
        return parse_date_time(end) if end else None

    def issuer_id(self) -> str | None:
        iss = self.issuer
        if isinstance(iss, str):
            return iss
        value = getattr(iss, "id", None) if not isinstance(iss, dict) else iss.get("id")
        return value if isinstance(value, str) else None


def _issuer(value: Any) -> str | dict[str, Any]:
    # VC: a URL, or an object whose id is that URL.
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if not isinstance(value.get("id"), str):
            raise PydanticCustomError("issuer", "an issuer object must have a string 'id'")
        return value
    raise PydanticCustomError("issuer", "must be a URL or an object with an 'id'")


def _subject(value: Any) -> dict[str, Any] | list[dict[str, Any]]:
    if isinstance(value, dict) or (
        isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
    ):
        return value
    raise PydanticCustomError("subject", "must be an object or a non-empty array of objects")


def _language_string(value: Any) -> Any:
    # VC 2.0 name/description: a string, a language value object, or an array of them.
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            continue
        if isinstance(item, dict) and isinstance(item.get("@value"), str):
            continue
        raise PydanticCustomError(
            "language_string",
            "must be a string or a language value object {'@value': ..., '@language': ...}",
        )
    return value


class VerifiableCredential(CredentialBase):
    """Any W3C verifiable credential (status lists, credentials of other communities)."""

    type: TypeIncluding("VerifiableCredential")  # type: ignore[valid-type]
    name: Checked(_language_string) | None = opt()  # type: ignore[valid-type]
    description: Checked(_language_string) | None = opt()  # type: ignore[valid-type]
    issuer: Checked(_issuer)  # type: ignore[valid-type]
    credential_subject: Checked(_subject)  # type: ignore[valid-type]
    credential_status: OneOrMany(CredentialStatus) | None = opt()  # type: ignore[valid-type]
    credential_schema: OneOrMany(CredentialSchema) | None = opt()  # type: ignore[valid-type]
    refresh_service: OneOrMany(RefreshService) | None = opt()  # type: ignore[valid-type]


def _credentials(value: Any) -> Any:
    # A presentation carries credentials as objects, or as strings (VC-JWT, enveloped).
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(v, dict | str) for v in items):
        raise PydanticCustomError(
            "credentials", "must be credentials (objects or JWT strings), alone or in an array"
        )
    return value


class VerifiablePresentation(LDModel):
    """A presentation: credentials a holder shares, optionally bound by the holder's proof."""

    context: Context = Field(alias="@context")
    id: str | None = opt()
    type: TypeIncluding("VerifiablePresentation")  # type: ignore[valid-type]
    holder: Checked(_issuer) | None = opt()  # type: ignore[valid-type]
    verifiable_credential: Checked(_credentials) | None = opt()  # type: ignore[valid-type]
    proof: OneOrMany(PresentationProof) | None = opt()  # type: ignore[valid-type]
    terms_of_use: OneOrMany(TermsOfUse) | None = opt()  # type: ignore[valid-type]

    @property
    def credentials(self) -> list[dict[str, Any] | str]:
        vc = self.verifiable_credential
        if vc is None:
            return []
        return list(vc) if isinstance(vc, list) else [vc]
