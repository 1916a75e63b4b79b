"""1EdTech Comprehensive Learner Record 2.0: a signed bundle of achievement credentials.

As the official schema (``clr_v2p0_clrcredential_schema``) has it, each entry of
``credentialSubject.verifiableCredential`` is checked as a verifiable credential with a
Profile issuer (its own signature and its own kind are the verifier's business: use
``ClrCredential.nested()`` to parse each as the credential it says it is).
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from ._base import CompactJws, Context, Enum, LDModel, TypeExactly, TypeIncluding, opt
from .ob3 import (
    Achievement,
    EndorsementCredential,
    IdentityObject,
    Image,
    _OBCredential,
)

ASSOCIATION_TYPES = (
    "exactMatchOf",
    "isChildOf",
    "isParentOf",
    "isPartOf",
    "isPeerOf",
    "isRelatedTo",
    "precedes",
    "replacedBy",
)
AssociationType = Enum("AssociationType", ASSOCIATION_TYPES)


class Association(LDModel):
    """How two achievements in the CLR relate (sourceId/targetId are Achievement ids)."""

    model_config = ConfigDict(extra="forbid")

    type: TypeExactly("Association")  # type: ignore[valid-type]
    association_type: AssociationType  # type: ignore[valid-type]
    source_id: str
    target_id: str


class CredentialSubject(LDModel):
    id: str | None = opt()


class NestedCredential(_OBCredential):
    """An entry of a CLR: a verifiable credential whose issuer is a Profile."""

    context: Context = Field(alias="@context")
    type: TypeIncluding("VerifiableCredential")  # type: ignore[valid-type]
    credential_subject: CredentialSubject


class ClrSubject(LDModel):
    id: str | None = opt()
    type: TypeIncluding("ClrSubject")  # type: ignore[valid-type]
    identifier: list[IdentityObject] | None = opt()
    achievement: list[Achievement] | None = opt()
    verifiable_credential: list[NestedCredential] = Field(min_length=1)
    association: list[Association] | None = opt()


class ClrCredential(_OBCredential):
    """A Comprehensive Learner Record."""

    id: str
    type: TypeIncluding("VerifiableCredential", "ClrCredential")  # type: ignore[valid-type]
    name: str
    endorsement: list[EndorsementCredential] | None = opt()
    endorsement_jwt: list[CompactJws] | None = opt()
    image: Image | None = opt()
    partial: bool | None = opt()
    credential_subject: ClrSubject

    def nested(self) -> list[Any]:
        """Each bundled credential parsed as its own kind (raises on the first bad one)."""
        from .parse import parse_credential

        return [
            parse_credential(vc.to_json()) for vc in self.credential_subject.verifiable_credential
        ]


__all__ = ["ASSOCIATION_TYPES", "Association", "ClrCredential", "ClrSubject", "NestedCredential"]
