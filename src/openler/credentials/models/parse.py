"""``parse_credential``: JSON in, the model of the kind its ``type`` names out."""

from __future__ import annotations

from typing import Any, TypeVar

import pydantic

from ._base import LDModel
from .clr import ClrCredential
from .errors import UNKNOWN_KIND, CredentialSchemaError, Issue, from_pydantic
from .lerrs import HR_OPEN_LER_RS_CONTEXT, LER_RS_TYPE, LerRsCredential
from .ob3 import OB_CREDENTIAL_TYPES, AchievementCredential, EndorsementCredential
from .vc import VerifiableCredential, VerifiablePresentation

Credential = (
    AchievementCredential
    | EndorsementCredential
    | ClrCredential
    | LerRsCredential
    | VerifiableCredential
    | VerifiablePresentation
)

M = TypeVar("M", bound=LDModel)


def validate_as(model: type[M], obj: Any) -> M:
    """Validate ``obj`` as ``model``; a CredentialSchemaError names every broken field."""
    if not isinstance(obj, dict):
        raise CredentialSchemaError([Issue("", "a credential must be a JSON object")])
    try:
        return model.model_validate(obj)
    except pydantic.ValidationError as exc:
        raise from_pydantic(exc) from None


def kind_of(obj: dict[str, Any]) -> type[LDModel]:
    """The model for ``obj``, from its ``type`` (and, for LER-RS, its ``@context``)."""
    raw = obj.get("type")
    types = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    context = obj.get("@context")
    if "ClrCredential" in types:
        return ClrCredential
    if "EndorsementCredential" in types:
        return EndorsementCredential
    if any(t in types for t in OB_CREDENTIAL_TYPES):
        return AchievementCredential
    if LER_RS_TYPE in types or (isinstance(context, list) and HR_OPEN_LER_RS_CONTEXT in context):
        return LerRsCredential
    if "VerifiablePresentation" in types:
        return VerifiablePresentation
    if "VerifiableCredential" in types:
        return VerifiableCredential
    raise CredentialSchemaError(
        [
            Issue(
                "type",
                "must include 'VerifiableCredential' (with 'OpenBadgeCredential', "
                "'AchievementCredential', 'EndorsementCredential', 'ClrCredential' or "
                f"'{LER_RS_TYPE}' for the kinds modelled here) or 'VerifiablePresentation'",
            )
        ],
        code=UNKNOWN_KIND,
    )


def parse_credential(obj: Any) -> Credential:
    """Parse a credential or presentation (a JSON object) as the kind its ``type`` says."""
    if not isinstance(obj, dict):
        raise CredentialSchemaError([Issue("", "a credential must be a JSON object")])
    model = kind_of(obj)
    result: Credential = validate_as(model, obj)  # type: ignore[assignment]
    return result
