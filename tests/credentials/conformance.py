"""The official fixtures and JSON Schemas, read where they live (never copied).

``../shared/conformance/vc/1edtech-validator/`` (relative to the repository) holds the
1EdTech validator's fixtures and, in its LER-RS catalog, draft-4 copies of the official
Open Badges 3.0 and CLR 2.0 schemas and HR Open's LER-RS schemas.
"""

from __future__ import annotations

import copy
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

REPO = Path(__file__).resolve().parents[2]


def conformance_root() -> Path:
    """The shared conformance folder, read in place: ``OPENLER_CONFORMANCE_DIR`` if set, else
    ``shared/conformance/vc`` beside the repository (the project's layout), else the
    development machines' ``/work/shared`` (so a clone made elsewhere, as CI does, still runs
    these tests instead of skipping them)."""
    candidates = [
        os.environ.get("OPENLER_CONFORMANCE_DIR", ""),
        str(REPO.parent / "shared" / "conformance" / "vc"),
        "/work/shared/conformance/vc",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path("/nonexistent-conformance")


CONFORMANCE = conformance_root()
VALIDATOR = CONFORMANCE / "1edtech-validator"
OB30 = VALIDATOR / "inspector-vc" / "src" / "test" / "resources" / "ob30"
CLR20 = VALIDATOR / "inspector-clr" / "src" / "test" / "resources" / "clr20"
CATALOG = (
    VALIDATOR
    / "inspector-tcp-vc/src/main/resources/catalog/www.hropenstandards.org/recruiting/json"
)
OB_SCHEMA = CATALOG / "ler-rs/1EdTech/ob_v3p0_achievementcredential_schema_draft4.json"
CLR_SCHEMA = CATALOG / "ler-rs/1EdTech/clr_v2p0_clrcredential_schema_draft4.json"
LER_RS_SCHEMA = CATALOG / "VerifiableCredentialLER-RSType.json"
LER_RS_BASE = CATALOG / "ler-rs/ProvisionalVerifiableCredentialBaseType.json"

V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"


def need(path: Path) -> Path:
    """``path``, or skip the test with the reason when the shared folder is not there."""
    if not path.exists():
        pytest.skip(f"conformance material not present: {path}")
    return path


def require_conformance() -> None:
    if not VALIDATOR.is_dir():
        pytest.skip(f"conformance fixtures not found at {VALIDATOR}")


def fixture_files() -> list[Path]:
    """Every credential fixture: OB 3.0, CLR 2.0 and LER-RS samples (JSON files)."""
    if not VALIDATOR.is_dir():
        return []
    roots = [
        VALIDATOR / "inspector-vc/src/test/resources/ob30",
        VALIDATOR / "inspector-clr/src/test/resources/clr20",
        VALIDATOR / "inspector-tcp-vc/src/test/resources/tcp",
    ]
    return sorted(p for root in roots for p in root.rglob("*.json"))


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# --- date-time as RFC 3339 defines it ------------------------------------------------
# jsonschema checks "date-time" only with an optional package the project does not use;
# this is RFC 3339 §5.6 written out, with §5.7's ranges.
_RFC3339 = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})[Tt]"
    r"(?P<H>[0-9]{2}):(?P<M>[0-9]{2}):(?P<S>[0-9]{2})(\.[0-9]+)?"
    r"([Zz]|[+-](?P<oh>[0-9]{2}):(?P<om>[0-9]{2}))"
)


def rfc3339_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True  # formats constrain strings only
    m = _RFC3339.fullmatch(value)
    if not m:
        return False
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    try:
        datetime(y, mo, d)
    except ValueError:
        return False
    if int(m["H"]) > 23 or int(m["M"]) > 59 or int(m["S"]) > 60:
        return False
    return not (m["oh"] and (int(m["oh"]) > 23 or int(m["om"]) > 59))


FORMATS = jsonschema.FormatChecker()
FORMATS.checks("date-time")(rfc3339_date_time)


# --- the schemas, and what we change in them (each change justified) -----------------

_MUST = re.compile(
    r"MUST (?:be|contain) (?:the (?:IRI|URI) )?[`']([^`']+)[`']"
    r"(?: or the (?:IRI|URI) [`']([^`']+)[`'])?"
)

# Where a class's type rule is not in its schema description, or the description is wrong.
TYPE_RULE_OVERRIDES: dict[str, list[tuple[str, ...]]] = {
    # The schema's description is "No description supplied."; the OB 3.0 data model table
    # (B.1.1 Achievement) says "The type MUST include the IRI 'Achievement'".
    "Achievement": [("Achievement",)],
    # The description was copied from EndorsementCredential ("...'VerifiableCredential',
    # and ... 'EndorsementSubject'"); a subject is not a credential, and 1EdTech's own
    # fixtures (endorsement-valid.json, complete.json) type it ["EndorsementSubject"].
    "EndorsementSubject": [("EndorsementSubject",)],
}


def type_rules(name: str, definition: dict[str, Any]) -> list[tuple[str, ...]]:
    """The IRIs a class's ``type`` must hold, as its description states them."""
    if name in TYPE_RULE_OVERRIDES:
        return TYPE_RULE_OVERRIDES[name]
    prop = definition.get("properties", {}).get("type")
    if not prop:
        return []
    text = (prop.get("oneOf") or [prop])[0].get("description", "")
    return [tuple(x for x in m if x) for m in _MUST.findall(text)]


def _contains(group: tuple[str, ...]) -> dict[str, Any]:
    # draft-4 has no "contains": "not every item is outside the group".
    return {"not": {"items": {"not": {"enum": list(group)}}}}


def _add_type_rules(prop: dict[str, Any], groups: list[tuple[str, ...]]) -> None:
    string_rule = {"allOf": [{"enum": list(g)} for g in groups]}
    if "oneOf" in prop:
        string_branch, array_branch = prop["oneOf"]
        string_branch.update(string_rule)
        array_branch["allOf"] = [_contains(g) for g in groups]
    else:
        prop.update(string_rule)


def _dates_by_version(definition: dict[str, Any]) -> None:
    props = definition["properties"]
    props["validFrom"] = copy.deepcopy(props["issuanceDate"])
    props["validUntil"] = copy.deepcopy(props["expirationDate"])
    definition["required"] = [r for r in definition["required"] if r != "issuanceDate"]
    by_version = {
        "anyOf": [
            {"properties": {"@context": {"items": [{"enum": [V1]}]}}, "required": ["issuanceDate"]},
            {"properties": {"@context": {"items": [{"enum": [V2]}]}}, "required": ["validFrom"]},
        ]
    }
    definition.setdefault("allOf", []).append(by_version)


def _context_rule(definition: dict[str, Any]) -> None:
    definition["properties"]["@context"] = {
        "type": "array",
        "minItems": 1,
        "items": [{"enum": [V1, V2]}],
        "additionalItems": {"type": ["string", "object"]},
    }


def patched(schema: dict[str, Any]) -> dict[str, Any]:
    """The draft-4 schema brought to OB 3.0.3 / CLR 2.0.1 and VC 2.0, rule by rule.

    P1 dates by VC version: the draft-4 copies predate OB 3.0.3's move to VC 2.0 and require
       ``issuanceDate``; a VC 2.0 document (first @context .../ns/credentials/v2) requires
       ``validFrom`` instead (``validUntil`` replaces ``expirationDate``), a 1.1 document
       still requires ``issuanceDate``.
    P2 ``credentialStatus`` is open: VC 2.0 status entries (BitstringStatusListEntry) carry
       ``statusPurpose``, ``statusListIndex``, ``statusListCredential``; the later official
       schema (1EdTech/openbadges-specification docs/schema) has additionalProperties true.
    P3 ``AchievementSubject`` is open: the official validator asserts
       simple-did-web-method.json VALID, whose subject carries ``name``.
    P4 ``EndorsementCredential`` names ``name``, ``description``, ``awardedDate`` and
       ``termsOfUse`` (OB 3.0.3 data model B.1.6); it stays closed to anything else.
    P5 ``type`` members: what each class's type description says MUST be there
       (TYPE_RULE_OVERRIDES for the two the descriptions miss or get wrong).
    P6 ``@context``: the first item is a VC base context (VC 1.1 §4.1, VC 2.0 §4.3); the
       rest are context URLs or context objects (VC 2.0 allows embedded contexts).
    """
    s = copy.deepcopy(schema)
    defs = s["$defs"]
    named = [("(root)", s), *defs.items()]
    for name, d in named:
        props = d.get("properties", {})
        if "issuanceDate" in props:
            _dates_by_version(d)
        if "@context" in props:
            _context_rule(d)
        groups = type_rules(name, d)
        if groups:
            _add_type_rules(props["type"], groups)
    defs["CredentialStatus"]["additionalProperties"] = True
    if "AchievementSubject" in defs:  # the CLR schema has no AchievementSubject
        defs["AchievementSubject"]["additionalProperties"] = True
    endorsement = defs["EndorsementCredential"]["properties"]
    endorsement["name"] = {"type": "string"}
    endorsement["description"] = {"type": "string"}
    endorsement["awardedDate"] = {"type": "string", "format": "date-time"}
    endorsement["termsOfUse"] = {"type": ["object", "array"]}
    return s


@cache
def ob_schema(*, official: bool = False) -> dict[str, Any]:
    raw = load(OB_SCHEMA)
    return raw if official else patched(raw)


@cache
def clr_schema(*, official: bool = False) -> dict[str, Any]:
    raw = load(CLR_SCHEMA)
    return raw if official else patched(raw)


def endorsement_schema(*, official: bool = False) -> dict[str, Any]:
    ob = ob_schema(official=official)
    return {"$schema": ob["$schema"], "$ref": "#/$defs/EndorsementCredential", "$defs": ob["$defs"]}


@cache
def ler_rs_schema(*, official: bool = False) -> dict[str, Any]:
    s = copy.deepcopy(load(LER_RS_SCHEMA))
    if not official:
        # VC 1.1 §4.3: "type ... MUST include VerifiableCredential" (the HR Open base
        # schema only asks for a non-empty array of strings).
        s.setdefault("allOf", []).append(
            {"properties": {"type": _contains(("VerifiableCredential",))}}
        )
    return s


@cache
def _ler_rs_registry() -> Registry:
    # The wrapper refers to its base by a relative URI (draft-4 ignores "$id").
    base = Resource.from_contents(load(LER_RS_BASE), default_specification=DRAFT4)
    return Registry().with_resource("ler-rs/ProvisionalVerifiableCredentialBaseType.json", base)


@dataclass(frozen=True)
class SchemaError:
    path: str
    message: str


def _path(parts: Any) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (p if not out else f".{p}")
    return out


def schema_validator(schema: dict[str, Any]) -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(schema, format_checker=FORMATS, registry=_ler_rs_registry())


def schema_errors(schema: dict[str, Any], doc: Any) -> list[SchemaError]:
    validator = schema_validator(schema)
    return [SchemaError(_path(e.absolute_path), e.message) for e in validator.iter_errors(doc)]
