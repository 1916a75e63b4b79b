"""The credential data model: kinds, round trips, errors that name the field, value sets."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openler.credentials.models import (
    AchievementCredential,
    ClrCredential,
    CredentialSchemaError,
    EndorsementCredential,
    LerRsCredential,
    VerifiableCredential,
    VerifiablePresentation,
    is_extension_term,
    parse_credential,
    validate_as,
)
from openler.errors import ValidationError

from . import strategies as strat
from .conformance import VALIDATOR, clr_schema, load, ob_schema, schema_validator

OB30 = VALIDATOR / "inspector-vc/src/test/resources/ob30"
V2 = "https://www.w3.org/ns/credentials/v2"
V1 = "https://www.w3.org/2018/credentials/v1"


def simple() -> dict[str, Any]:
    """The Open Badges 3.0 specification's smallest credential shape (as in its examples)."""
    return {
        "@context": [V2, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "http://example.com/credentials/3527",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://example.com/issuers/876543", "type": ["Profile"]},
        "validFrom": "2010-01-01T00:00:00Z",
        "name": "Teamwork Badge",
        "credentialSubject": {
            "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.com/achievements/21st-century-skills/teamwork",
                "type": ["Achievement"],
                "criteria": {"narrative": "Nominated by peers."},
                "description": "Collaborates within a group.",
                "name": "Teamwork",
            },
        },
    }


def errors_of(doc: Any, model: Any = AchievementCredential) -> CredentialSchemaError:
    with pytest.raises(CredentialSchemaError) as caught:
        validate_as(model, doc)
    return caught.value


def key_order(x: Any) -> Any:
    """The document as text without sorting: equal only when key order is equal too."""
    return json.dumps(x, ensure_ascii=False)


# --- kinds ----------------------------------------------------------------------------


def test_parse_picks_the_kind_from_type() -> None:
    assert isinstance(parse_credential(simple()), AchievementCredential)
    ach = simple()
    ach["type"] = ["AchievementCredential", "VerifiableCredential"]
    assert isinstance(parse_credential(ach), AchievementCredential)


@pytest.mark.skipif(not OB30.is_dir(), reason="conformance fixtures absent")
@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("inspector-vc/src/test/resources/ob30/simple.json", AchievementCredential),
        ("inspector-vc/src/test/resources/ob30/simple_v1.json", AchievementCredential),
        ("inspector-vc/src/test/resources/ob30/endorsement-valid.json", EndorsementCredential),
        ("inspector-clr/src/test/resources/clr20/simple.json", ClrCredential),
        ("inspector-tcp-vc/src/test/resources/tcp/LER-RS_V2_VCwrapper.json", LerRsCredential),
        # type ["VerifiableCredential", "OtherCredential"]: a VC, just not a badge
        ("inspector-vc/src/test/resources/ob30/simple-err-type.json", VerifiableCredential),
    ],
)
def test_fixture_kinds(path: str, kind: type) -> None:
    doc = load(VALIDATOR / path)
    parsed = parse_credential(doc)
    assert type(parsed) is kind
    assert parsed.to_json() == doc
    assert key_order(parsed.to_json()) == key_order(doc)


@pytest.mark.skipif(not OB30.is_dir(), reason="conformance fixtures absent")
def test_clr_nested_credentials_parse_as_their_own_kind() -> None:
    clr = parse_credential(load(VALIDATOR / "inspector-clr/src/test/resources/clr20/simple.json"))
    assert isinstance(clr, ClrCredential)
    nested = clr.nested()
    assert [type(n) for n in nested] == [AchievementCredential]
    assert clr.credential_subject.association is not None
    assert clr.credential_subject.association[0].association_type == "isParentOf"


def test_unknown_kind_and_non_objects() -> None:
    with pytest.raises(CredentialSchemaError) as caught:
        parse_credential({"type": ["Thing"]})
    assert caught.value.code == "UNKNOWN_KIND"
    assert caught.value.field == "type"
    for bad in ([], "x", 3, None):
        with pytest.raises(CredentialSchemaError) as caught:
            parse_credential(bad)
        assert caught.value.code == "SCHEMA_INVALID"
    assert issubclass(CredentialSchemaError, ValidationError)


def test_presentation_and_generic_credential() -> None:
    vp = {
        "@context": [V2],
        "type": "VerifiablePresentation",
        "holder": "did:example:holder",
        "verifiableCredential": [simple(), "eyJhbGciOiJFZERTQSJ9.e30.sig"],
    }
    parsed = parse_credential(vp)
    assert isinstance(parsed, VerifiablePresentation)
    assert len(parsed.credentials) == 2
    assert parsed.to_json() == vp
    status_list = {
        "@context": [V2],
        "id": "https://example.com/status/3",
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": "did:example:12345",
        "validFrom": "2021-04-05T14:27:40Z",
        "name": {"@value": "Status list", "@language": "en"},
        "credentialSubject": {
            "id": "https://example.com/status/3#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",
        },
    }
    vc = parse_credential(status_list)
    assert isinstance(vc, VerifiableCredential)
    assert vc.issuer_id() == "did:example:12345"
    assert vc.to_json() == status_list
    assert vc.proof_objects() == []
    status_list["proof"] = proof = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022"}
    assert validate_as(VerifiableCredential, status_list).proof_objects() == [proof]
    status_list["issuer"] = {"name": "no id"}
    assert errors_of(status_list, VerifiableCredential).paths() == ["issuer"]


# --- errors name the field --------------------------------------------------------------


def test_missing_criteria_is_named_by_its_path() -> None:
    doc = simple()
    del doc["credentialSubject"]["achievement"]["criteria"]
    err = errors_of(doc)
    assert err.paths() == ["credentialSubject.achievement.criteria"]
    assert err.field == "credentialSubject.achievement.criteria"
    assert err.as_dict()["code"] == "SCHEMA_INVALID"
    assert "required" in err.message


def test_dates_follow_the_vc_version() -> None:
    doc = simple()
    del doc["validFrom"]
    assert errors_of(doc).paths() == ["validFrom"]
    doc["issuanceDate"] = "2010-01-01T00:00:00Z"  # a 1.1 date does not date a 2.0 credential
    assert errors_of(doc).paths() == ["validFrom"]
    doc["@context"][0] = V1
    parsed = validate_as(AchievementCredential, doc)
    assert parsed.version == 1
    start = parsed.not_before()
    assert start is not None
    assert start.isoformat() == "2010-01-01T00:00:00+00:00"
    assert parsed.not_after() is None
    del doc["issuanceDate"]
    assert errors_of(doc).paths() == ["issuanceDate"]


def test_first_context_must_be_a_vc_context() -> None:
    doc = simple()
    doc["@context"] = doc["@context"][1:]
    err = errors_of(doc)
    assert err.paths() == ["@context"]
    assert V2 in err.message
    assert V1 in err.message


@pytest.mark.parametrize(
    ("where", "value", "path", "allowed"),
    [
        (
            ("credentialSubject", "achievement", "achievementType"),
            "Diploma2",
            "achievementType",
            "ext:",
        ),
        (
            ("credentialSubject", "type"),
            ["Subject"],
            "credentialSubject.type",
            "'AchievementSubject'",
        ),
        (("issuer", "type"), "Issuer", "issuer.type", "'Profile'"),
        (
            ("credentialSubject", "achievement", "creditsAvailable"),
            "3",
            "creditsAvailable",
            "number",
        ),
        (("credentialSubject", "achievement", "name"), None, "achievement.name", "null"),
        (("credentialSubject", "achievement", "@language"), "english", "@language", "BCP 47"),
        (("validFrom",), "2010-01-01", "validFrom", "RFC 3339"),
        (("validFrom",), "2010-02-30T00:00:00Z", "validFrom", "RFC 3339"),
        (("name",), 7, "name", "string"),
    ],
)
def test_wrong_values_are_named_with_what_is_allowed(
    where: tuple[str, ...], value: Any, path: str, allowed: str
) -> None:
    doc = simple()
    node = doc
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    err = errors_of(doc)
    assert any(p.endswith(path) for p in err.paths()), err.paths()
    assert allowed in err.message


def test_value_sets_take_extension_terms() -> None:
    doc = simple()
    ach = doc["credentialSubject"]["achievement"]
    ach["achievementType"] = "ext:Apprenticeship.Registered"
    # An O*NET occupation as an alignment: the framework names O*NET, the code is the
    # O*NET-SOC code, and the target type is an extension term.
    ach["alignment"] = [
        {
            "type": ["Alignment"],
            "targetName": "Software Developers",
            "targetUrl": "https://www.onetonline.org/link/summary/15-1252.00",
            "targetFramework": "O*NET-SOC 2019",
            "targetCode": "15-1252.00",
            "targetType": "ext:OnetOccupation",
        },
        {
            "type": "Alignment",
            "targetName": "Collaboration",
            "targetUrl": "https://credentialengineregistry.org/resources/ce-1",
            "targetType": "ceasn:Competency",
        },
    ]
    assert validate_as(AchievementCredential, doc).to_json() == doc
    ach["alignment"][0]["targetType"] = "OnetOccupation"
    err = errors_of(doc)
    assert err.paths() == ["credentialSubject.achievement.alignment[0].targetType"]
    assert "CFItem" in err.message
    assert "ext:" in err.message
    assert is_extension_term("ext:a.b-c_1")
    assert not is_extension_term("ext:")
    assert not is_extension_term("xext:abc")


def test_closed_objects_refuse_unknown_properties_open_ones_keep_them() -> None:
    doc = simple()
    doc["credentialSubject"]["identifier"] = [
        {
            "type": "IdentityObject",
            "hashed": True,
            "identityHash": "sha256$"
            + "7a1a1b3f7d40552e4299180e346e3add12bf9a751a43d9c4ca4518febc2c60c6",
            "identityType": "emailAddress",
            "note": "x",
        }
    ]
    assert errors_of(doc).paths() == ["credentialSubject.identifier[0].note"]
    del doc["credentialSubject"]["identifier"][0]["note"]
    doc["credentialSubject"]["achievement"]["ext:level"] = {"@value": 3}
    doc["https://example.org/terms#extra"] = [1, 2.5, None, True]
    parsed = validate_as(AchievementCredential, doc)
    assert parsed.extensions == {"https://example.org/terms#extra": [1, 2.5, None, True]}
    assert parsed.to_json() == doc


def test_json_types_are_kept() -> None:
    doc = simple()
    doc["credentialSubject"]["achievement"]["creditsAvailable"] = 3
    doc["credentialSubject"]["creditsEarned"] = 2.5
    out = validate_as(AchievementCredential, doc).to_json()
    assert type(out["credentialSubject"]["achievement"]["creditsAvailable"]) is int
    assert type(out["credentialSubject"]["creditsEarned"]) is float
    doc["credentialSubject"]["creditsEarned"] = True  # a boolean is not a number
    assert errors_of(doc).paths() == ["credentialSubject.creditsEarned"]


def test_snake_case_keys_are_extensions_not_fields() -> None:
    doc = simple()
    doc["credential_subject"] = "not the subject"
    parsed = validate_as(AchievementCredential, doc)
    assert parsed.extensions == {"credential_subject": "not the subject"}
    assert parsed.to_json() == doc


def test_many_errors_all_reported() -> None:
    doc = simple()
    del doc["name"]
    del doc["issuer"]["id"]
    doc["credentialSubject"]["achievement"]["type"] = "Badge"
    err = errors_of(doc)
    assert set(err.paths()) == {"name", "issuer.id", "credentialSubject.achievement.type"}


# --- properties ---------------------------------------------------------------------------


def _key_paths(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield (*path, k)
            yield from _key_paths(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _key_paths(v, (*path, i))


def _dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (p if not out else f".{p}")
    return out


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(strat.achievement_credentials())
def test_random_valid_badges_round_trip_exactly(doc: dict[str, Any]) -> None:
    parsed = parse_credential(copy.deepcopy(doc))
    assert isinstance(parsed, AchievementCredential)
    assert key_order(parsed.to_json()) == key_order(doc)
    if VALIDATOR.is_dir():  # and the official schema agrees that they are valid
        assert schema_validator(ob_schema()).is_valid(doc)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strat.clr_credentials())
def test_random_valid_clrs_round_trip_exactly(doc: dict[str, Any]) -> None:
    parsed = parse_credential(copy.deepcopy(doc))
    assert isinstance(parsed, ClrCredential)
    assert key_order(parsed.to_json()) == key_order(doc)
    if VALIDATOR.is_dir():
        assert schema_validator(clr_schema()).is_valid(doc)


def _removals_named(
    model: type[AchievementCredential | ClrCredential],
    schema: dict[str, Any],
    doc: dict[str, Any],
    data: st.DataObject,
) -> None:
    """Which fields are required is the official schema's word, not the model's."""
    validator = schema_validator(schema)
    paths = list(_key_paths(doc))
    for path in data.draw(st.lists(st.sampled_from(paths), min_size=1, max_size=12)):
        changed = copy.deepcopy(doc)
        node = changed
        for p in path[:-1]:
            node = node[p]
        del node[path[-1]]
        if validator.is_valid(changed):
            validate_as(model, changed)  # an optional field: still valid
        else:
            with pytest.raises(CredentialSchemaError) as caught:
                validate_as(model, changed)
            assert _dotted(path) in caught.value.paths(), (path, caught.value.paths())


@pytest.mark.skipif(not VALIDATOR.is_dir(), reason="the official schemas are needed")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strat.achievement_credentials(), st.data())
def test_removing_a_required_field_names_it(doc: dict[str, Any], data: st.DataObject) -> None:
    _removals_named(AchievementCredential, ob_schema(), doc, data)


@pytest.mark.skipif(not VALIDATOR.is_dir(), reason="the official schemas are needed")
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strat.clr_credentials(), st.data())
def test_removing_a_required_field_of_a_clr_names_it(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    _removals_named(ClrCredential, clr_schema(), doc, data)


@pytest.mark.skipif(not VALIDATOR.is_dir(), reason="conformance fixtures absent")
@pytest.mark.parametrize(
    ("change", "path", "allowed"),
    [
        (lambda d: d["@context"].reverse(), "@context", "https://www.w3.org/2018/credentials/v1"),
        (lambda d: d.update(issuer={"id": "did:example:1"}), "issuer", "string"),
        (lambda d: d.update(type="VerifiableCredential"), "type", "array"),
        (lambda d: d.update(type=["LER-RS VC"]), "type", "'VerifiableCredential'"),
        (lambda d: d.pop("issuanceDate"), "issuanceDate", "required"),
        (lambda d: d["proof"][0].update(jws=""), "proof[0].jws", "empty"),
        (lambda d: d.update(proof=d["proof"][0]), "proof", "array"),
    ],
)
def test_ler_rs_errors_name_the_field(change: Any, path: str, allowed: str) -> None:
    doc = load(VALIDATOR / "inspector-tcp-vc/src/test/resources/tcp/LER-RS_V2_VCwrapper.json")
    change(doc)
    err = errors_of(doc, LerRsCredential)
    assert path in err.paths()
    assert allowed in err.message
