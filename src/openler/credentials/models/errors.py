"""Errors of the credential data model, and how pydantic's errors become ours.

Codes (closed table; the lead merges it into the credentials table):

=================== ==============================================================
``SCHEMA_INVALID``  the JSON breaks the data model: a required field is missing, a
                    value has the wrong JSON type, a value is outside its value set,
                    a ``type`` lacks its required member, a property is not allowed.
``UNKNOWN_KIND``    ``type`` names no credential kind this library models.
=================== ==============================================================

Every error names the field by its JSON path (``credentialSubject.achievement.criteria``,
``issuer.otherIdentifier[1].type``) and says what is allowed there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pydantic
from pydantic_core import ErrorDetails

from openler.errors import ValidationError

SCHEMA_INVALID = "SCHEMA_INVALID"
UNKNOWN_KIND = "UNKNOWN_KIND"

CODES: dict[str, str] = {
    SCHEMA_INVALID: "the credential's JSON breaks the data model (field named in the message)",
    UNKNOWN_KIND: "the credential's type names no kind of credential this library models",
}

# How many issues the exception's message lists; ``issues`` keeps all of them.
_MESSAGE_ISSUES = 5


@dataclass(frozen=True)
class Issue:
    """One broken rule: where (JSON path, "" for the document itself) and what is allowed."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.message}"


class CredentialSchemaError(ValidationError):
    """The JSON is not a well-formed credential of the kind asked for.

    ``field`` is the path of the first issue; ``issues`` lists every issue found.
    """

    code = SCHEMA_INVALID

    def __init__(self, issues: Sequence[Issue], *, code: str | None = None):
        self.issues = list(issues)
        shown = "; ".join(str(i) for i in self.issues[:_MESSAGE_ISSUES])
        more = len(self.issues) - _MESSAGE_ISSUES
        if more > 0:
            shown += f"; and {more} more"
        super().__init__(shown, field=self.issues[0].path if self.issues else None, code=code)

    def paths(self) -> list[str]:
        return [i.path for i in self.issues]


def join_path(parts: Sequence[str | int]) -> str:
    """``("issuer", "otherIdentifier", 1, "type")`` -> ``issuer.otherIdentifier[1].type``."""
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += p if not out else f".{p}"
    return out


_PLAIN = {
    "missing": "required field is missing",
    "string_type": "must be a string",
    "bool_type": "must be true or false",
    "list_type": "must be an array",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
}


def _issue(err: ErrorDetails) -> Issue:
    loc: list[str | int] = [p for p in err["loc"] if not (isinstance(p, str) and p[:1] == "§")]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    kind = err["type"]
    # Our own model-level checks carry the field they are about in ctx["field"].
    field = ctx.get("field")
    if isinstance(field, str):
        loc.append(field)
    if kind == "extra_forbidden":
        message = "property not allowed here"
    elif kind == "too_short":
        message = f"must have at least {ctx.get('min_length', 1)} item(s)"
    elif kind == "union_tag_not_found" or kind == "union_tag_invalid":
        message = "must be an object or an array of objects"
    else:
        message = _PLAIN.get(kind, err["msg"])
    return Issue(join_path(loc), message)


def from_pydantic(exc: pydantic.ValidationError) -> CredentialSchemaError:
    issues = [_issue(e) for e in exc.errors(include_url=False)]
    # Unique, in pydantic's order (a union can report the same place twice).
    unique = list(dict.fromkeys(issues))
    return CredentialSchemaError(unique)
