"""VC-JWT: the 1EdTech fixtures, round trips, tampering, algorithm confusion, claims."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from openler.credentials import baking
from openler.credentials.jwt import (
    JWT_ERROR_CODES,
    JwtError,
    jwk_from_public_key,
    public_key_from_jwk,
    sign_compact,
    sign_vc_jwt,
    verify_vc_jwt,
)
from tests.credentials.conformance import CLR20, OB30, need

NOW = datetime(2026, 1, 1, tzinfo=UTC)
# RFC 8037 Appendix A.1: the Ed25519 test key (d and x), so signatures are reproducible.
RFC8037_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
RFC8037_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
ED_KEY = ed25519.Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(RFC8037_D + "="))
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())

CREDENTIAL_V2: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "urn:uuid:2f1c9a4e-7d2b-4c1e-9f3a-5b6c7d8e9f00",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "did:example:issuer", "type": ["Profile"], "name": "Example College"},
    "validFrom": "2025-06-01T12:00:00Z",
    "validUntil": "2030-06-01T12:00:00Z",
    "name": "Welding I",
    "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"]},
}
CREDENTIAL_V1: dict[str, Any] = {
    **{k: v for k, v in CREDENTIAL_V2.items() if k not in ("validFrom", "validUntil")},
    "@context": ["https://www.w3.org/2018/credentials/v1"],
    "issuanceDate": "2025-06-01T12:00:00.250Z",
}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _code(token: str, **kw: Any) -> str:
    with pytest.raises(JwtError) as caught:
        verify_vc_jwt(token, now=kw.pop("now", NOW), **kw)
    assert caught.value.code in JWT_ERROR_CODES
    return caught.value.code


# -- the 1EdTech validator's fixtures ------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["simple-jwt.png", "simple-jwt.svg", "simple-jwt_v1.png", "simple-jwt_v1.svg"]
)
def test_baked_jwt_fixtures_verify(name: str) -> None:
    # OB30Tests.testSimplePNGJWTValid / testSimpleJsonSVGJWTValid: VALID; the _v1 ones:
    # WARNING (VCDM 1.1 context, schema), which the full verifier adds; the JWS itself is valid.
    token = baking.extract(need(OB30 / name).read_bytes())
    assert isinstance(token, str)
    verified = verify_vc_jwt(token, now=NOW)
    assert verified.alg == "RS256"
    assert verified.key_source == "jwk"
    assert verified.vc_claim == ("_v1" in name)
    assert "OpenBadgeCredential" in verified.credential["type"]
    # The payload's JWT claims are not credential terms: none stays in the credential.
    assert not {"iss", "jti", "nbf", "iat", "aud", "sub", "exp"} & set(verified.credential)
    assert verified.warnings == ("the JWT has no sub claim (OB 3.0 requires one)",)


def test_baked_vcdm2_credential_is_the_payload_without_claims() -> None:
    token = baking.extract(need(OB30 / "simple-jwt.png").read_bytes())
    assert isinstance(token, str)
    payload = json.loads(_unb64(token.split(".")[1]))
    verified = verify_vc_jwt(token, now=NOW)
    claims = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"}  # RFC 7519 §4.1
    assert verified.credential == {k: v for k, v in payload.items() if k not in claims}
    assert verified.credential["name"] == "Teamwork Badge"
    assert verified.payload["iss"] == verified.credential["issuer"]["id"]


def test_simple_jwt_names_no_key() -> None:
    # No upstream test runs ob30/simple.jwt; its header is {"alg":"RS256","typ":"JWT"}, with
    # neither jwk nor kid. OB 3.0 §8.2.2 requires one of them, and the validator's
    # ExternalProofProbe fails it ("Key must present in either jwk or kid value"): INVALID.
    assert _code(need(OB30 / "simple.jwt").read_text()) == "JWT_KEY_MISSING"


def test_velocity_jwt_key_is_not_resolvable_offline() -> None:
    # OB30Tests.testVelocityJWTValid asserts INVALID because the Velocity extension context
    # is missing; that reason belongs to the full verifier's context check. Here its kid,
    # a did:velocity key, has no resolver, so the JWS fails closed: also INVALID.
    token = need(OB30 / "velocity.jwt").read_text()
    assert _code(token) == "JWT_KEY_UNRESOLVED"
    assert _code(token, resolve_key=lambda kid: None) == "JWT_KEY_UNRESOLVED"


def test_clr_simple_jwt_and_its_nested_credentials_verify() -> None:
    # CLR20Tests.testSimpleJWTValid is @Disabled upstream. Stated outcome: its JWS and the
    # JWS of each nested AchievementCredential verify with their header jwk, and every
    # claim agrees with its credential (VALID at the VC-JWT layer).
    verified = verify_vc_jwt(need(CLR20 / "simple.jwt").read_text(), now=NOW)
    assert "ClrCredential" in verified.credential["type"]
    nested = verified.credential["credentialSubject"]["verifiableCredential"]
    assert len(nested) >= 1
    for token in nested:
        inner = verify_vc_jwt(token, now=NOW)
        assert "AchievementCredential" in inner.credential["type"]
        assert inner.warnings == ()


# -- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", [ED_KEY, RSA_KEY, EC_KEY], ids=["EdDSA", "RS256", "ES256"])
@pytest.mark.parametrize("credential", [CREDENTIAL_V2, CREDENTIAL_V1], ids=["vcdm2", "vcdm1"])
def test_sign_then_verify(key: Any, credential: dict[str, Any]) -> None:
    token = sign_vc_jwt(credential, key)
    verified = verify_vc_jwt(token, now=NOW)
    assert verified.credential == credential
    assert verified.vc_claim == (credential is CREDENTIAL_V1)
    assert verified.warnings == ()
    assert verified.payload["sub"] == "did:example:learner"


def test_eddsa_signature_is_deterministic_and_uses_rfc8037_key() -> None:
    assert jwk_from_public_key(ED_KEY.public_key()) == {
        "crv": "Ed25519",
        "kty": "OKP",
        "x": RFC8037_X,
    }
    assert sign_vc_jwt(CREDENTIAL_V2, ED_KEY) == sign_vc_jwt(CREDENTIAL_V2, ED_KEY)


def test_rfc8037_example_jws_verifies_with_our_signature_code() -> None:
    # RFC 8037 Appendix A.4: the Ed25519 signature of the payload "Example of Ed25519 signing".
    head = "eyJhbGciOiJFZERTQSJ9"
    body = "RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
    signature = (
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
    )
    assert _b64(ED_KEY.sign(f"{head}.{body}".encode())) == signature


def test_kid_is_resolved_by_the_caller() -> None:
    kid = "did:example:issuer#key-1"
    token = sign_vc_jwt(CREDENTIAL_V2, ED_KEY, kid=kid)
    keys = {kid: jwk_from_public_key(ED_KEY.public_key())}
    verified = verify_vc_jwt(token, now=NOW, resolve_key=keys.get)
    assert (verified.key_source, verified.kid) == ("kid", kid)
    assert verify_vc_jwt(token, now=NOW, resolve_key=lambda _: ED_KEY.public_key()).kid == kid
    assert _code(token) == "JWT_KEY_UNRESOLVED"
    assert _code(token, resolve_key={}.get) == "JWT_KEY_UNRESOLVED"
    other = ed25519.Ed25519PrivateKey.generate().public_key()
    assert _code(token, resolve_key=lambda _: other) == "JWT_SIGNATURE_INVALID"


def test_jwk_and_kid_must_be_the_same_key() -> None:
    token = sign_vc_jwt(CREDENTIAL_V2, ED_KEY, kid="k", embed_jwk=True)
    assert verify_vc_jwt(token, now=NOW, resolve_key=lambda _: ED_KEY.public_key()).kid == "k"
    other = ed25519.Ed25519PrivateKey.generate().public_key()
    assert _code(token, resolve_key=lambda _: other) == "JWT_KEY_MISMATCH"


# -- tampering and algorithm attacks -------------------------------------------------------


def test_tampered_payload_fails() -> None:
    head, body, sig = sign_vc_jwt(CREDENTIAL_V2, ED_KEY).split(".")
    payload = json.loads(_unb64(body))
    payload["name"] = "Welding II"
    assert _code(f"{head}.{_b64(json.dumps(payload).encode())}.{sig}") == "JWT_SIGNATURE_INVALID"


@pytest.mark.parametrize("key", [ED_KEY, RSA_KEY, EC_KEY], ids=["EdDSA", "RS256", "ES256"])
def test_tampered_signature_fails(key: Any) -> None:
    head, body, sig = sign_vc_jwt(CREDENTIAL_V2, key).split(".")
    raw = bytearray(_unb64(sig))
    raw[len(raw) // 2] ^= 0x01
    assert _code(f"{head}.{body}.{_b64(bytes(raw))}") == "JWT_SIGNATURE_INVALID"


def test_fixture_with_tampered_payload_fails() -> None:
    token = baking.extract(need(OB30 / "simple-jwt.png").read_bytes())
    assert isinstance(token, str)
    head, body, sig = token.split(".")
    payload = json.loads(_unb64(body))
    payload["name"] = "Forged Badge"
    assert _code(f"{head}.{_b64(json.dumps(payload).encode())}.{sig}") == "JWT_SIGNATURE_INVALID"


def test_alg_none_is_refused() -> None:
    _, body, _ = sign_vc_jwt(CREDENTIAL_V2, ED_KEY).split(".")
    header = {"alg": "none", "jwk": jwk_from_public_key(ED_KEY.public_key())}
    assert _code(f"{_b64(json.dumps(header).encode())}.{body}.") == "JWT_ALG_UNSUPPORTED"


def test_hs256_keyed_with_the_public_key_is_refused() -> None:
    # The classic confusion: an HMAC over the token, keyed with the issuer's public key
    # bytes, presented with the issuer's public key in the header.
    public = RSA_KEY.public_key()
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "jwk": jwk_from_public_key(public)}
    head = _b64(json.dumps(header).encode())
    body = _b64(json.dumps({**CREDENTIAL_V2, "iss": "did:example:issuer"}).encode())
    mac = hmac.new(pem, f"{head}.{body}".encode(), hashlib.sha256).digest()
    assert _code(f"{head}.{body}.{_b64(mac)}") == "JWT_ALG_UNSUPPORTED"


@pytest.mark.parametrize(
    ("alg", "key"), [("EdDSA", RSA_KEY), ("RS256", ED_KEY), ("ES256", ED_KEY), ("RS256", EC_KEY)]
)
def test_key_must_fit_the_alg(alg: str, key: Any) -> None:
    _, body, sig = sign_vc_jwt(CREDENTIAL_V2, key).split(".")
    header = {"alg": alg, "jwk": jwk_from_public_key(key.public_key())}
    assert _code(f"{_b64(json.dumps(header).encode())}.{body}.{sig}") == "JWT_KEY_INVALID"


def test_small_rsa_keys_are_refused() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - on purpose
    assert _code(sign_vc_jwt(CREDENTIAL_V2, small)) == "JWT_KEY_INVALID"


def test_algorithms_can_be_narrowed() -> None:
    token = sign_vc_jwt(CREDENTIAL_V2, ED_KEY)
    assert _code(token, algorithms=("RS256",)) == "JWT_ALG_UNSUPPORTED"


def _with_header(extra: Mapping[str, Any], key: Any = ED_KEY) -> str:
    header = {"alg": "EdDSA", "jwk": jwk_from_public_key(key.public_key()), **extra}
    payload = {
        **CREDENTIAL_V2,
        "iss": "did:example:issuer",
        "jti": CREDENTIAL_V2["id"],
        "sub": "did:example:learner",
        "nbf": 1748779200,
        "exp": 1906545600,
    }
    return sign_compact(header, payload, key)


def test_header_rules() -> None:
    assert verify_vc_jwt(_with_header({}), now=NOW).warnings == ()
    private = {
        "jwk": {**jwk_from_public_key(ED_KEY.public_key()), "d": RFC8037_D},
    }
    assert _code(_with_header(private)) == "JWT_HEADER_INVALID"
    assert _code(_with_header({"crit": ["exp"]})) == "JWT_HEADER_INVALID"
    assert _code(_with_header({"kid": 7})) == "JWT_HEADER_INVALID"
    assert _code(_with_header({"jwk": "x"})) == "JWT_HEADER_INVALID"
    warned = verify_vc_jwt(_with_header({"typ": "vc+jwt", "cty": "vc"}), now=NOW)
    assert len(warned.warnings) == 2


# -- claims --------------------------------------------------------------------------------


def _claims_token(**changes: Any) -> str:
    payload: dict[str, Any] = {
        **CREDENTIAL_V2,
        "iss": "did:example:issuer",
        "jti": CREDENTIAL_V2["id"],
        "sub": "did:example:learner",
        "nbf": 1748779200,  # 2025-06-01T12:00:00Z
        "exp": 1906545600,  # 2030-06-01T12:00:00Z
    }
    for name, value in changes.items():
        if value is None:
            payload.pop(name, None)
        else:
            payload[name] = value
    header = {"alg": "EdDSA", "jwk": jwk_from_public_key(ED_KEY.public_key())}
    return sign_compact(header, payload, ED_KEY)


def test_claims_that_agree_verify() -> None:
    verified = verify_vc_jwt(_claims_token(), now=NOW)
    assert verified.not_before == datetime(2025, 6, 1, 12, tzinfo=UTC)
    assert verified.expires == datetime(2030, 6, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"iss": "did:example:other"}, "JWT_CLAIM_MISMATCH"),
        ({"jti": "urn:uuid:other"}, "JWT_CLAIM_MISMATCH"),
        ({"sub": "did:example:other"}, "JWT_CLAIM_MISMATCH"),
        ({"nbf": 1748779201}, "JWT_CLAIM_MISMATCH"),
        ({"exp": 1906545601}, "JWT_CLAIM_MISMATCH"),
        ({"iss": None}, "JWT_CLAIM_MISSING"),
        ({"jti": None}, "JWT_CLAIM_MISSING"),
        ({"nbf": None}, "JWT_CLAIM_MISSING"),
        ({"exp": None}, "JWT_CLAIM_MISSING"),  # the credential has validUntil
        ({"nbf": "1748779200"}, "JWT_MALFORMED"),
        ({"nbf": 1e300}, "JWT_MALFORMED"),
        ({"jti": 0}, "JWT_MALFORMED"),
        ({"validFrom": None}, "JWT_CLAIM_MISMATCH"),
        ({"@context": None}, "JWT_MALFORMED"),
        ({"vc": "not an object"}, "JWT_MALFORMED"),
    ],
)
def test_claims_that_disagree_fail(changes: dict[str, Any], code: str) -> None:
    assert _code(_claims_token(**changes)) == code


def test_null_claims_do_not_match_missing_members() -> None:
    # {"iss": null} with no issuer, {"jti": null} with no id: equal in Python, refused here.
    payload = {k: v for k, v in CREDENTIAL_V2.items() if k not in ("issuer", "id")}
    payload |= {"iss": None, "jti": None, "nbf": 1748779200, "exp": 1906545600}
    header = {"alg": "EdDSA", "jwk": jwk_from_public_key(ED_KEY.public_key())}
    assert _code(sign_compact(header, payload, ED_KEY)) == "JWT_MALFORMED"


def test_validity_window() -> None:
    token = _claims_token()
    assert _code(token, now=datetime(2025, 5, 1, tzinfo=UTC)) == "JWT_NOT_YET_VALID"
    assert _code(token, now=datetime(2031, 1, 1, tzinfo=UTC)) == "JWT_EXPIRED"
    almost = datetime(2025, 6, 1, 11, 58, tzinfo=UTC)  # within the 5-minute skew
    assert verify_vc_jwt(token, now=almost).credential["name"] == "Welding I"
    assert _code(token, now=almost, clock_skew=timedelta(0)) == "JWT_NOT_YET_VALID"


def test_missing_sub_is_a_warning() -> None:
    assert verify_vc_jwt(_claims_token(sub=None), now=NOW).warnings == (
        "the JWT has no sub claim (OB 3.0 requires one)",
    )


def test_public_key_from_jwk_refuses_bad_keys() -> None:
    for jwk in (
        {"kty": "OKP", "crv": "Ed448", "x": RFC8037_X},
        {"kty": "OKP", "crv": "Ed25519", "x": RFC8037_X[:-2]},
        {"kty": "EC", "crv": "P-256", "x": _b64(bytes(32)), "y": _b64(bytes(32))},  # off-curve
        {"kty": "RSA", "n": "AQAB"},
        {"kty": "oct", "k": "c2VjcmV0"},
        {"kty": "OKP", "crv": "Ed25519", "x": RFC8037_X, "use": "enc"},
    ):
        with pytest.raises(JwtError) as caught:
            public_key_from_jwk(jwk)
        assert caught.value.code == "JWT_KEY_INVALID"


# -- malformed input never crashes ----------------------------------------------------------


@pytest.mark.parametrize(
    "token", ["", "a.b", "a.b.c.d", "!!.!!.!!", "e30.e30.", "W10.e30.AA", "eyJhbGciOiJFZERTQSJ9.."]
)
def test_malformed_tokens_have_codes(token: str) -> None:
    assert _code(token) in ("JWT_MALFORMED", "JWT_ALG_UNSUPPORTED", "JWT_KEY_MISSING")


_SEED = sign_vc_jwt(CREDENTIAL_V2, ED_KEY)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(_SEED) - 1), st.sampled_from("AQgw_-.=x!"))
def test_any_single_character_change_is_rejected(at: int, char: str) -> None:
    changed = _SEED[:at] + char + _SEED[at + 1 :]
    if changed == _SEED:
        return
    code = None
    try:
        verify_vc_jwt(changed, now=NOW)
    except JwtError as exc:
        code = exc.code
    assert code in JWT_ERROR_CODES


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text: str) -> None:
    code = None
    try:
        verify_vc_jwt(text, now=NOW)
    except JwtError as exc:
        code = exc.code
    assert code in JWT_ERROR_CODES


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
_CLAIM_NAMES = [
    "iss",
    "jti",
    "sub",
    "nbf",
    "exp",
    "vc",
    "@context",
    "issuer",
    "id",
    "validFrom",
    "validUntil",
    "issuanceDate",
    "credentialSubject",
]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(_CLAIM_NAMES), _JSONISH))
def test_any_signed_payload_gives_a_credential_or_a_coded_error(changes: dict[str, Any]) -> None:
    payload = {**json.loads(_unb64(_SEED.split(".")[1])), **changes}
    header = {"alg": "EdDSA", "jwk": jwk_from_public_key(ED_KEY.public_key())}
    try:
        token = sign_compact(header, payload, ED_KEY)
    except ValueError:  # NaN and infinities cannot be written as JSON
        return
    code = None
    try:
        verify_vc_jwt(token, now=NOW)
    except JwtError as exc:
        code = exc.code
    assert code is None or code in JWT_ERROR_CODES


# -- the report's key binding for a VC-JWT -------------------------------------------------


def _binding(token: str) -> tuple[str, str]:
    from openler.credentials.dids import DidResolver
    from openler.credentials.verify import verify

    check = verify(token, resolver=DidResolver(), now=NOW).check("key_binding")
    assert check is not None
    return check.status, check.code


def test_a_kid_must_be_a_key_the_issuer_controls() -> None:
    from openler.credentials.dids import did_key, did_key_method_id

    public = ED_KEY.public_key().public_bytes_raw()
    issuer = did_key(public)
    own = {**CREDENTIAL_V2, "issuer": {**CREDENTIAL_V2["issuer"], "id": issuer}}
    assert _binding(sign_vc_jwt(own, ED_KEY, kid=did_key_method_id(public))) == ("passed", "OK")
    # Another did:key signs in the issuer's name: its signature verifies, the binding fails.
    other = ed25519.Ed25519PrivateKey.generate()
    forged = sign_vc_jwt(own, other, kid=did_key_method_id(other.public_key().public_bytes_raw()))
    assert _binding(forged) == ("failed", "KEY_NOT_AUTHORIZED")


def test_a_header_jwk_is_bound_only_to_its_own_did_key() -> None:
    from openler.credentials.dids import did_key

    public = ED_KEY.public_key().public_bytes_raw()
    own = {**CREDENTIAL_V2, "issuer": {**CREDENTIAL_V2["issuer"], "id": did_key(public)}}
    assert _binding(sign_vc_jwt(own, ED_KEY)) == ("passed", "OK")
    other = ed25519.Ed25519PrivateKey.generate()
    assert _binding(sign_vc_jwt(own, other)) == ("failed", "KEY_NOT_AUTHORIZED")
    # Any other issuer (here did:example, like the 1EdTech fixtures' https issuers): nothing
    # offline ties a header key to it, which the report states as a warning.
    assert _binding(sign_vc_jwt(CREDENTIAL_V2, ED_KEY)) == ("warning", "KEY_BINDING_UNCHECKED")
