"""Hypothesis strategies for valid credentials, built from the specs' rules.

Each strategy draws a JSON document that the Open Badges 3.0 / CLR 2.0 data model allows:
required properties always, optional ones sometimes, ``type`` as a string or an array in
any order with extra members, extension properties on open classes, numbers as integers
or floats, value-set terms or ``ext:`` terms, and keys in any order.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from openler.credentials.models import (
    ACHIEVEMENT_TYPES,
    ALIGNMENT_TARGET_TYPES,
    ASSOCIATION_TYPES,
    IDENTIFIER_TYPES,
    RESULT_STATUS_TYPES,
    RESULT_TYPES,
)

V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = {1: "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"}
OB_CONTEXT[2] = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"

iris = st.sampled_from(
    [
        "https://example.edu/issuers/565049",
        "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
        "did:example:ebfeb1f712ebc6f1c276e12ec21",
        "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
        "https://example.edu/achievements/Ω/1?x=ü",
    ]
)
texts = st.text(max_size=12)
numbers = st.integers(-(10**6), 10**6) | st.floats(allow_nan=False, allow_infinity=False)
# No "-" here: see test_extension_terms_where_we_differ_from_the_schema_regex.
ext_terms = st.from_regex(r"ext:[A-Za-z0-9._]{1,10}", fullmatch=True)
jws = st.from_regex(r"[a-zA-Z0-9_-]{1,8}\.[a-zA-Z0-9_-]{0,8}\.[a-zA-Z0-9_-]{1,8}", fullmatch=True)


@st.composite
def date_times(draw: st.DrawFn) -> str:
    dt = draw(st.datetimes(min_value=__import__("datetime").datetime(1000, 1, 1)))
    frac = draw(st.sampled_from(["", ".5", ".123456"]))
    offset = draw(st.sampled_from(["Z", "+00:00", "-05:00", "+14:00"]))
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + frac + offset


json_values = st.recursive(
    st.none() | st.booleans() | numbers | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)
# Extension properties: names no class of the model declares.
extensions = st.dictionaries(
    st.sampled_from(["myExtension", "schema:keywords", "https://example.org/terms#level"]),
    json_values,
    max_size=2,
)


def type_value(*groups: tuple[str, ...] | str, single_ok: bool = True) -> st.SearchStrategy[Any]:
    """A type holding one IRI of each group, as a string (one group) or an array."""
    norm = [(g,) if isinstance(g, str) else g for g in groups]

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        members = [draw(st.sampled_from(g)) for g in norm]
        if single_ok and len(members) == 1 and draw(st.booleans()):
            return members[0]
        extra = draw(st.lists(st.sampled_from(["ExtraType", "ext:Kind"]), max_size=2, unique=True))
        return draw(st.permutations(members + extra))

    return build()


def ext_enum(values: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(values) | ext_terms


def shuffled(d: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.permutations(list(d.items())).map(dict)


def obj(
    required: dict[str, st.SearchStrategy[Any]],
    optional: dict[str, st.SearchStrategy[Any]] | None = None,
    *,
    open_: bool = True,
) -> st.SearchStrategy[dict[str, Any]]:
    base = st.fixed_dictionaries(required, optional=optional or {})
    if open_:
        base = st.tuples(base, extensions).map(lambda t: {**t[1], **t[0]})
    return base.flatmap(shuffled)


def few(s: st.SearchStrategy[Any], min_size: int = 0) -> st.SearchStrategy[list[Any]]:
    return st.lists(s, min_size=min_size, max_size=2)


image = obj({"id": iris, "type": st.just("Image")}, {"caption": texts}, open_=False)
identifier_entry = obj(
    {
        "type": st.just("IdentifierEntry"),
        "identifier": texts,
        "identifierType": ext_enum(IDENTIFIER_TYPES),
    },
    open_=False,
)
geo = obj(
    {"type": st.just("GeoCoordinates"), "latitude": numbers, "longitude": numbers}, open_=False
)
address = obj(
    {"type": type_value("Address")},
    {"addressCountry": texts, "addressCountryCode": texts, "postalCode": texts, "geo": geo},
    open_=False,
)
_profile_optional: dict[str, st.SearchStrategy[Any]] = {
    "name": texts,
    "url": iris,
    "email": texts,
    "phone": texts,
    "description": texts,
    "image": image,
    "address": address,
    "otherIdentifier": few(identifier_entry),
    "endorsementJwt": few(jws),
    "official": texts,
    "givenName": texts,
    "familyName": texts,
    "dateOfBirth": texts,
}
leaf_profile = obj({"id": iris, "type": type_value("Profile")}, _profile_optional)
profile = obj(
    {"id": iris, "type": type_value("Profile")}, {**_profile_optional, "parentOrg": leaf_profile}
)
alignment = obj(
    {"type": type_value("Alignment"), "targetName": texts, "targetUrl": iris},
    {
        "targetCode": st.sampled_from(["15-1252.00", "2.A.1.a", "degree"]),
        "targetFramework": st.sampled_from(["O*NET-SOC 2019", "CTDL", "CASE"]),
        "targetType": ext_enum(ALIGNMENT_TARGET_TYPES),
        "targetDescription": texts,
    },
)
rubric_level = obj(
    {"id": iris, "type": type_value("RubricCriterionLevel"), "name": texts},
    {"level": texts, "points": texts, "description": texts, "alignment": few(alignment)},
)
result_description = obj(
    {
        "id": iris,
        "type": type_value("ResultDescription"),
        "name": texts,
        "resultType": ext_enum(RESULT_TYPES),
    },
    {
        "allowedValue": few(texts),
        "requiredValue": texts,
        "valueMin": texts,
        "valueMax": texts,
        "rubricCriterionLevel": few(rubric_level),
    },
)
related = obj(
    {"id": iris},
    {"@language": st.sampled_from(["en", "en-US", "zh-Hant-TW", "es-419"]), "version": texts},
    open_=False,
)
proof = obj(
    {"type": st.sampled_from(["DataIntegrityProof", "Ed25519Signature2020"])},
    {
        "cryptosuite": st.sampled_from(["eddsa-rdfc-2022", "eddsa-jcs-2022"]),
        "created": date_times(),
        "verificationMethod": iris,
        "proofPurpose": st.just("assertionMethod"),
        "proofValue": texts,
    },
)


def dates(version: int) -> tuple[dict[str, Any], dict[str, Any]]:
    if version == 2:
        return {"validFrom": date_times()}, {"validUntil": date_times()}
    return {"issuanceDate": date_times()}, {"expirationDate": date_times()}


def endorsement(version: int) -> st.SearchStrategy[dict[str, Any]]:
    start, end = dates(version)
    return obj(
        {
            "@context": st.just([V1 if version == 1 else V2, OB_CONTEXT[version]]),
            "id": iris,
            "type": type_value("VerifiableCredential", "EndorsementCredential"),
            "issuer": leaf_profile,
            "credentialSubject": obj(
                {"id": iris, "type": type_value("EndorsementSubject")},
                {"endorsementComment": texts},
                open_=False,
            ),
            **start,
        },
        {"name": texts, "description": texts, **end, "proof": proof},
        open_=False,
    )


def achievement(version: int) -> st.SearchStrategy[dict[str, Any]]:
    return obj(
        {
            "id": iris,
            "type": type_value("Achievement"),
            "criteria": obj({}, {"id": iris, "narrative": texts}),
            "description": texts,
            "name": texts,
        },
        {
            "alignment": few(alignment),
            "achievementType": ext_enum(ACHIEVEMENT_TYPES),
            "creator": leaf_profile,
            "creditsAvailable": numbers,
            "endorsement": few(endorsement(version)),
            "fieldOfStudy": texts,
            "humanCode": texts,
            "image": image,
            "@language": st.just("en-US"),
            "otherIdentifier": few(identifier_entry),
            "related": few(related),
            "resultDescription": few(result_description),
            "tag": few(texts),
            "version": texts,
        },
    )


identity = obj(
    {
        "type": st.just("IdentityObject"),
        "hashed": st.booleans(),
        "identityHash": texts,
        "identityType": ext_enum(IDENTIFIER_TYPES),
    },
    {"salt": texts},
    open_=False,
)
result = obj(
    {"type": type_value("Result")},
    {
        "value": texts,
        "status": st.sampled_from(RESULT_STATUS_TYPES),
        "resultDescription": iris,
        "achievedLevel": iris,
        "alignment": few(alignment),
    },
)
evidence = obj(
    {"type": type_value("Evidence")},
    {"id": iris, "name": texts, "narrative": texts, "genre": texts, "audience": texts},
)


def subject(version: int) -> st.SearchStrategy[dict[str, Any]]:
    return obj(
        {"type": type_value("AchievementSubject"), "achievement": achievement(version)},
        {
            "id": iris,
            "identifier": few(identity),
            "result": few(result),
            "activityStartDate": date_times(),
            "creditsEarned": numbers,
            "role": texts,
            "term": texts,
            "source": leaf_profile,
            "image": image,
        },
    )


def _common(version: int) -> tuple[dict[str, Any], dict[str, Any]]:
    start, end = dates(version)
    required = {"id": iris, "name": texts, "issuer": profile, **start}
    optional = {
        **end,
        "proof": proof | few(proof),
        "credentialStatus": obj({"id": iris, "type": st.just("BitstringStatusListEntry")}),
        "credentialSchema": few(
            obj({"id": iris, "type": st.just("1EdTechJsonSchemaValidator2019")}, open_=False)
        ),
        "refreshService": obj({"id": iris, "type": st.just("1EdTechCredentialRefresh")}),
        "endorsementJwt": few(jws),
    }
    return required, optional


@st.composite
def achievement_credentials(draw: st.DrawFn, version: int | None = None) -> dict[str, Any]:
    v = version or draw(st.sampled_from([1, 2]))
    required, optional = _common(v)
    doc: dict[str, Any] = draw(
        obj(
            {
                "@context": st.just([V1 if v == 1 else V2, OB_CONTEXT[v]]),
                "type": type_value(
                    "VerifiableCredential", ("AchievementCredential", "OpenBadgeCredential")
                ),
                "credentialSubject": subject(v),
                **required,
            },
            {
                **optional,
                "description": texts,
                "image": image,
                "evidence": few(evidence),
                "endorsement": few(endorsement(v)),
                "awardedDate": date_times(),
            },
        )
    )
    return doc


@st.composite
def clr_credentials(draw: st.DrawFn) -> dict[str, Any]:
    v = draw(st.sampled_from([1, 2]))
    required, optional = _common(v)
    association = obj(
        {
            "type": st.just("Association"),
            "associationType": st.sampled_from(ASSOCIATION_TYPES),
            "sourceId": iris,
            "targetId": iris,
        },
        open_=False,
    )
    doc: dict[str, Any] = draw(
        obj(
            {
                "@context": st.just([V1 if v == 1 else V2, CLR_CONTEXT]),
                "type": type_value("VerifiableCredential", "ClrCredential"),
                "credentialSubject": obj(
                    {
                        "type": type_value("ClrSubject"),
                        "verifiableCredential": few(achievement_credentials(v), min_size=1),
                    },
                    {
                        "id": iris,
                        "identifier": few(identity),
                        "achievement": few(achievement(v)),
                        "association": few(association),
                    },
                ),
                **required,
            },
            {**optional, "partial": st.booleans(), "image": image},
        )
    )
    return doc
