"""VC-JWT: Open Badges 3.0 / CLR 2.0 credentials secured as a compact JWS (OB 3.0 §8.2).

Verification follows OB 3.0 "Verify a Credential" (§8.2.4): decode the JOSE header, take the
public key from its ``jwk`` or resolve its ``kid`` through the caller's resolver, verify the
signature (RFC 7515 §5.2), then read the credential and check that the JWT claims agree
with it. The credential is the ``vc`` claim when there is one (VCDM 1.1 credentials), else
the payload itself minus the registered JWT claim names (VCDM 2.0 credentials).

Rules where the text is loose, decided here (see docs/credentials.md, "VC-JWT"):

- Algorithms: RS256 (the OB minimum, RSA keys of 2048 bits or more), ES256 (P-256, which the
  1EdTech validator also takes) and EdDSA (Ed25519). ``none``, every HMAC algorithm and
  anything else are refused before a key is even looked at, which closes the classic
  "HS256 keyed with the RSA public key" confusion. The key type must fit the algorithm.
- ``crit`` is refused (we understand no extension). Other headers beyond alg/kid/jwk/typ,
  and a ``typ`` other than ``JWT``, are warnings: OB 3.0 disallows them, the signature is
  unaffected.
- A header ``jwk`` must not hold private members (``d`` and the rest). With both ``jwk`` and
  ``kid``, the resolved key must be the same key.
- ``iss``, ``jti`` and ``nbf`` are required and must match ``issuer.id``, ``id`` and
  ``validFrom`` (``issuanceDate`` under VCDM 1.1), compared to the second. ``sub`` must
  match ``credentialSubject.id`` when present; when absent it is a warning, not an error,
  because the 1EdTech validator's own VALID baked fixtures have no ``sub``. ``exp`` must
  match ``validUntil``/``expirationDate`` and is required when the credential has one.
- ``nbf`` in the future or ``exp`` in the past (beyond ``clock_skew``) fail.

A key from the header ``jwk`` proves integrity only: anyone can sign with a key of their own
and embed it. :class:`VerifiedJwt` says where the key came from (``key_source``) so that the
full verifier can check that the key belongs to the issuer.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from openler.credentials._coded import TableCodedError
from openler.credentials._strictjson import StrictJSONError, loads_object
from openler.credentials.keys import verify_signature

JWT_ERROR_CODES: dict[str, str] = {
    "JWT_MALFORMED": "Not a compact JWS with a JSON header and a JSON credential payload.",
    "JWT_ALG_UNSUPPORTED": "The alg is not RS256, ES256 or EdDSA (none and HMAC are refused).",
    "JWT_HEADER_INVALID": "The JOSE header breaks a rule (crit, private key material, types).",
    "JWT_KEY_MISSING": "The header names no key: neither jwk nor kid.",
    "JWT_KEY_UNRESOLVED": "The kid could not be resolved to a public key.",
    "JWT_KEY_INVALID": "The key is not a usable public key for the algorithm.",
    "JWT_KEY_MISMATCH": "The header's jwk and the key its kid resolves to differ.",
    "JWT_SIGNATURE_INVALID": "The signature does not verify with the key.",
    "JWT_CLAIM_MISSING": "A required claim is missing (iss, jti, nbf; exp if the credential "
    "expires).",
    "JWT_CLAIM_MISMATCH": "A JWT claim disagrees with the credential it carries.",
    "JWT_NOT_YET_VALID": "The nbf claim is in the future.",
    "JWT_EXPIRED": "The exp claim is in the past.",
}

ALGORITHMS = ("RS256", "ES256", "EdDSA")
REGISTERED_CLAIMS = frozenset({"iss", "sub", "aud", "exp", "nbf", "iat", "jti"})
"""RFC 7519 §4.1 claim names: in a VCDM 2.0 payload they are JWT claims, not credential terms."""

VCDM_1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
_KNOWN_HEADERS = frozenset({"alg", "kid", "jwk", "typ"})
_PRIVATE_JWK_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
_B64URL = re.compile(r"[A-Za-z0-9_-]*")

PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
KeyResolver = Callable[[str], Mapping[str, Any] | PublicKey | None]
"""Maps a ``kid`` to its public key (a JWK or a key object); None or an exception: unknown."""


class JwtError(TableCodedError):
    """A VC-JWT does not verify; ``code`` is one of :data:`JWT_ERROR_CODES`."""

    codes = JWT_ERROR_CODES
    default_field = "jwt"


@dataclass(frozen=True)
class VerifiedJwt:
    """A VC-JWT whose signature verified and whose claims agree with its credential."""

    credential: dict[str, Any]
    header: dict[str, Any]
    payload: dict[str, Any]
    alg: str
    key: PublicKey
    key_source: Literal["jwk", "kid"]
    kid: str | None
    vc_claim: bool
    not_before: datetime
    expires: datetime | None
    warnings: tuple[str, ...] = ()


# -- encoding -----------------------------------------------------------------------------


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _b64decode(text: str, what: str, *, code: str = "JWT_MALFORMED") -> bytes:
    """Strict base64url without padding; a non-canonical spelling (stray low bits) is refused,
    so a token has exactly one encoding."""
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise JwtError(f"the {what} is not base64url", code=code)
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise JwtError(f"the {what} is not base64url", code=code) from None
    if _b64encode(data) != text:
        raise JwtError(f"the {what} is not canonical base64url", code=code)
    return data


def _json_object(data: bytes, what: str) -> dict[str, Any]:
    try:
        return loads_object(data.decode("utf-8"))
    except (StrictJSONError, UnicodeDecodeError) as exc:
        raise JwtError(f"the {what} is not a JSON object: {exc}", code="JWT_MALFORMED") from None


# -- keys ---------------------------------------------------------------------------------


def _jwk_int(jwk: Mapping[str, Any], name: str) -> int:
    value = jwk.get(name)
    if not isinstance(value, str) or not value:
        raise JwtError(f"the JWK has no '{name}'", code="JWT_KEY_INVALID")
    return int.from_bytes(_b64decode(value, f"JWK member '{name}'", code="JWT_KEY_INVALID"), "big")


def _jwk_bytes(jwk: Mapping[str, Any], name: str, size: int) -> bytes:
    value = jwk.get(name)
    raw = (
        _b64decode(value, f"JWK member '{name}'", code="JWT_KEY_INVALID")
        if isinstance(value, str)
        else b""
    )
    if len(raw) != size:
        raise JwtError(f"the JWK member '{name}' is not {size} bytes", code="JWT_KEY_INVALID")
    return raw


def public_key_from_jwk(
    jwk: Mapping[str, Any], *, private_code: str = "JWT_KEY_INVALID"
) -> PublicKey:
    """The public key of an RSA, EC P-256 or OKP Ed25519 JWK (RFC 7517/7518/8037)."""
    private = _PRIVATE_JWK_MEMBERS & set(jwk)
    if private:
        raise JwtError(
            f"the JWK holds private key members {sorted(private)}; a public JWK never does",
            code=private_code,
        )
    if jwk.get("use", "sig") != "sig":
        raise JwtError("the JWK is not for signatures ('use')", code="JWT_KEY_INVALID")
    kty = jwk.get("kty")
    try:
        if kty == "RSA":
            return rsa.RSAPublicNumbers(_jwk_int(jwk, "e"), _jwk_int(jwk, "n")).public_key()
        if kty == "EC" and jwk.get("crv") == "P-256":
            x = int.from_bytes(_jwk_bytes(jwk, "x", 32), "big")
            y = int.from_bytes(_jwk_bytes(jwk, "y", 32), "big")
            return ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
        if kty == "OKP" and jwk.get("crv") == "Ed25519":
            return ed25519.Ed25519PublicKey.from_public_bytes(_jwk_bytes(jwk, "x", 32))
    except ValueError as exc:
        raise JwtError(
            f"the JWK is not a valid public key: {exc}", code="JWT_KEY_INVALID"
        ) from None
    raise JwtError(f"unsupported JWK (kty {kty!r}, crv {jwk.get('crv')!r})", code="JWT_KEY_INVALID")


def jwk_from_public_key(key: PublicKey) -> dict[str, str]:
    """The public JWK of ``key`` (members in the RFC 7638 thumbprint order)."""
    if isinstance(key, rsa.RSAPublicKey):
        numbers = key.public_numbers()
        return {
            "e": _b64encode(numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")),
            "kty": "RSA",
            "n": _b64encode(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
        }
    if isinstance(key, ec.EllipticCurvePublicKey):
        if not isinstance(key.curve, ec.SECP256R1):
            raise ValueError("only P-256 EC keys are supported")
        point = key.public_numbers()
        return {
            "crv": "P-256",
            "kty": "EC",
            "x": _b64encode(point.x.to_bytes(32, "big")),
            "y": _b64encode(point.y.to_bytes(32, "big")),
        }
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"crv": "Ed25519", "kty": "OKP", "x": _b64encode(raw)}


def _spki(key: PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _check_key_fits(key: PublicKey, alg: str) -> None:
    if alg == "RS256" and isinstance(key, rsa.RSAPublicKey):
        if key.key_size < 2048:
            raise JwtError(
                f"RS256 needs an RSA key of 2048 bits or more, not {key.key_size}",
                code="JWT_KEY_INVALID",
            )
        return
    if (
        alg == "ES256"
        and isinstance(key, ec.EllipticCurvePublicKey)
        and isinstance(key.curve, ec.SECP256R1)
    ):
        return
    if alg == "EdDSA" and isinstance(key, ed25519.Ed25519PublicKey):
        return
    raise JwtError(f"the key is not a {alg} key", code="JWT_KEY_INVALID")


def _header_key(
    header: Mapping[str, Any], resolve_key: KeyResolver | None
) -> tuple[PublicKey, Literal["jwk", "kid"], str | None]:
    jwk, kid = header.get("jwk"), header.get("kid")
    embedded: PublicKey | None = None
    if jwk is not None:
        if not isinstance(jwk, Mapping):
            raise JwtError("the header's jwk is not an object", code="JWT_HEADER_INVALID")
        embedded = public_key_from_jwk(jwk, private_code="JWT_HEADER_INVALID")
    if kid is None:
        if embedded is None:
            raise JwtError("the JOSE header has neither jwk nor kid", code="JWT_KEY_MISSING")
        return embedded, "jwk", None
    if not isinstance(kid, str) or not kid:
        raise JwtError("the header's kid is not a non-empty string", code="JWT_HEADER_INVALID")
    if resolve_key is None:
        raise JwtError(f"no key resolver was given for kid {kid}", code="JWT_KEY_UNRESOLVED")
    try:
        found = resolve_key(kid)
    except Exception as exc:  # the resolver is the caller's; any failure means "not resolved"
        raise JwtError(
            f"kid {kid} could not be resolved: {exc}", code="JWT_KEY_UNRESOLVED"
        ) from None
    if found is None:
        raise JwtError(f"kid {kid} could not be resolved", code="JWT_KEY_UNRESOLVED")
    resolved = public_key_from_jwk(found) if isinstance(found, Mapping) else found
    if not isinstance(
        resolved, rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey
    ):
        raise JwtError(
            f"kid {kid} resolved to something that is not a public key", code="JWT_KEY_INVALID"
        )
    if embedded is not None and _spki(embedded) != _spki(resolved):
        raise JwtError(f"the header's jwk is not the key of kid {kid}", code="JWT_KEY_MISMATCH")
    return resolved, "kid", kid


# -- signatures ---------------------------------------------------------------------------


def _verify_signature(key: PublicKey, alg: str, signature: bytes, signing_input: bytes) -> None:
    try:
        if alg == "RS256" and isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
        elif alg == "ES256" and isinstance(key, ec.EllipticCurvePublicKey):
            if len(signature) != 64:  # JWS ES256 is r || s, 32 bytes each (RFC 7518 §3.4)
                raise InvalidSignature
            der = encode_dss_signature(
                int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            )
            key.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
        elif alg == "EdDSA" and isinstance(key, ed25519.Ed25519PublicKey):
            # the one Ed25519 verifier of the package (keys.verify_signature)
            if not verify_signature(key.public_bytes_raw(), signature, signing_input):
                raise InvalidSignature
        else:  # pragma: no cover - _check_key_fits has already matched key and alg
            raise InvalidSignature
    except InvalidSignature:
        raise JwtError("the JWS signature does not verify", code="JWT_SIGNATURE_INVALID") from None


def _sign(key: PrivateKey, signing_input: bytes) -> tuple[str, bytes]:
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "EdDSA", key.sign(signing_input)
    if isinstance(key, rsa.RSAPrivateKey):
        return "RS256", key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    if isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, ec.SECP256R1):
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        return "ES256", r.to_bytes(32, "big") + s.to_bytes(32, "big")
    raise ValueError("signing keys are Ed25519, RSA or EC P-256")


def _alg_of(key: PrivateKey) -> str:
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "EdDSA"
    if isinstance(key, rsa.RSAPrivateKey):
        return "RS256"
    return "ES256"


def sign_compact(header: Mapping[str, Any], payload: Mapping[str, Any], key: PrivateKey) -> str:
    """A compact JWS of ``payload`` under ``header`` (whose ``alg`` must fit ``key``)."""
    if header.get("alg") != _alg_of(key):
        raise ValueError(f"header alg {header.get('alg')!r} does not fit the key")
    head = _b64encode(json.dumps(dict(header), separators=(",", ":")).encode("utf-8"))
    body = _b64encode(
        json.dumps(
            dict(payload), separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode("utf-8")
    )
    _, signature = _sign(key, f"{head}.{body}".encode("ascii"))
    return f"{head}.{body}.{_b64encode(signature)}"


# -- the credential and its claims -------------------------------------------------------


def _is_vcdm1(credential: Mapping[str, Any]) -> bool:
    context = credential.get("@context")
    contexts = context if isinstance(context, list) else [context]
    return VCDM_1_CONTEXT in contexts


def _issuer_id(credential: Mapping[str, Any]) -> Any:
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, Mapping) else issuer


def _subject_ids(credential: Mapping[str, Any]) -> list[Any]:
    subject = credential.get("credentialSubject")
    subjects = subject if isinstance(subject, list) else [subject]
    return [s.get("id") for s in subjects if isinstance(s, Mapping)]


def _date_time(value: Any, field: str) -> datetime:
    if not isinstance(value, str):
        raise JwtError(f"{field} is not a date-time string", code="JWT_CLAIM_MISMATCH", field=field)
    try:
        moment = datetime.fromisoformat(re.sub(r"[zZ]$", "+00:00", value))
    except ValueError:
        raise JwtError(
            f"{field} is not a date-time: {value!r}", code="JWT_CLAIM_MISMATCH", field=field
        ) from None
    if moment.tzinfo is None:
        raise JwtError(f"{field} has no time zone", code="JWT_CLAIM_MISMATCH", field=field)
    return moment


def _numeric_date(payload: Mapping[str, Any], claim: str) -> datetime:
    value = payload[claim]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise JwtError(f"the {claim} claim is not a NumericDate", code="JWT_MALFORMED", field=claim)
    try:
        return datetime.fromtimestamp(math.floor(value), UTC)
    except (OverflowError, OSError, ValueError):
        raise JwtError(
            f"the {claim} claim is out of range", code="JWT_MALFORMED", field=claim
        ) from None


def _same_second(claim: datetime, credential_time: datetime) -> bool:
    return math.floor(claim.timestamp()) == math.floor(credential_time.timestamp())


def _credential_of(payload: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    if "vc" in payload:
        vc = payload["vc"]
        if not isinstance(vc, dict):
            raise JwtError("the vc claim is not an object", code="JWT_MALFORMED", field="vc")
        return vc, True
    credential = {k: v for k, v in payload.items() if k not in REGISTERED_CLAIMS}
    if "@context" not in credential:
        raise JwtError(
            "the payload has no vc claim and is not a credential (no @context)",
            code="JWT_MALFORMED",
        )
    return credential, False


def _check_claims(
    payload: Mapping[str, Any],
    credential: Mapping[str, Any],
    *,
    now: datetime,
    clock_skew: timedelta,
    warnings: list[str],
) -> tuple[datetime, datetime | None]:
    for claim in ("iss", "jti", "nbf"):
        if claim not in payload:
            raise JwtError(
                f"the required {claim} claim is missing", code="JWT_CLAIM_MISSING", field=claim
            )
    for claim in ("iss", "jti", "sub"):
        # Claims are URIs (strings); a null iss must not "match" a credential without issuer.
        if claim in payload and (not isinstance(payload[claim], str) or not payload[claim]):
            raise JwtError(
                f"the {claim} claim is not a non-empty string", code="JWT_MALFORMED", field=claim
            )
    if payload["iss"] != _issuer_id(credential):
        raise JwtError(
            "iss is not the credential's issuer.id", code="JWT_CLAIM_MISMATCH", field="iss"
        )
    if payload["jti"] != credential.get("id"):
        raise JwtError("jti is not the credential's id", code="JWT_CLAIM_MISMATCH", field="jti")
    if "sub" not in payload:
        warnings.append("the JWT has no sub claim (OB 3.0 requires one)")
    elif payload["sub"] not in _subject_ids(credential):
        raise JwtError(
            "sub is not the credential's credentialSubject.id",
            code="JWT_CLAIM_MISMATCH",
            field="sub",
        )
    vcdm1 = _is_vcdm1(credential)
    start_field, end_field = (
        ("issuanceDate", "expirationDate") if vcdm1 else ("validFrom", "validUntil")
    )
    not_before = _numeric_date(payload, "nbf")
    if start_field not in credential or not _same_second(
        not_before, _date_time(credential[start_field], start_field)
    ):
        raise JwtError(
            f"nbf is not the credential's {start_field}", code="JWT_CLAIM_MISMATCH", field="nbf"
        )
    if not_before > now + clock_skew:
        raise JwtError(
            f"the credential is not valid before {not_before.isoformat()}",
            code="JWT_NOT_YET_VALID",
            field="nbf",
        )
    expires = None
    if "exp" in payload:
        expires = _numeric_date(payload, "exp")
        if end_field in credential and not _same_second(
            expires, _date_time(credential[end_field], end_field)
        ):
            raise JwtError(
                f"exp is not the credential's {end_field}", code="JWT_CLAIM_MISMATCH", field="exp"
            )
        if expires < now - clock_skew:
            raise JwtError(
                f"the credential expired at {expires.isoformat()}", code="JWT_EXPIRED", field="exp"
            )
    elif end_field in credential:
        raise JwtError(
            f"the credential has {end_field} but the JWT has no exp claim",
            code="JWT_CLAIM_MISSING",
            field="exp",
        )
    return not_before, expires


# -- public API ---------------------------------------------------------------------------


def verify_vc_jwt(
    token: str,
    *,
    now: datetime,
    resolve_key: KeyResolver | None = None,
    clock_skew: timedelta = timedelta(minutes=5),
    algorithms: tuple[str, ...] = ALGORITHMS,
) -> VerifiedJwt:
    """Verify a VC-JWT and return its credential, or raise :class:`JwtError`."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if not isinstance(token, str):
        raise JwtError("a VC-JWT is a string", code="JWT_MALFORMED")
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise JwtError(f"a compact JWS has 3 parts, this has {len(parts)}", code="JWT_MALFORMED")
    header = _json_object(_b64decode(parts[0], "JOSE header"), "JOSE header")
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in algorithms or alg not in ALGORITHMS:
        raise JwtError(
            f"alg {alg!r} is not accepted (only {', '.join(algorithms)})",
            code="JWT_ALG_UNSUPPORTED",
            field="alg",
        )
    if "crit" in header:
        raise JwtError(
            "the header has crit extensions, which are not understood", code="JWT_HEADER_INVALID"
        )
    warnings = [
        f"JOSE header {name!r} is not allowed by OB 3.0"
        for name in sorted(set(header) - _KNOWN_HEADERS)
    ]
    if "typ" in header and header["typ"] != "JWT":
        warnings.append(f"typ is {header['typ']!r}; OB 3.0 says JWT")
    key, source, kid = _header_key(header, resolve_key)
    _check_key_fits(key, alg)
    signature = _b64decode(parts[2], "JWS signature")
    _verify_signature(key, alg, signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    payload = _json_object(_b64decode(parts[1], "JWT payload"), "JWT payload")
    credential, vc_claim = _credential_of(payload)
    not_before, expires = _check_claims(
        payload, credential, now=now, clock_skew=clock_skew, warnings=warnings
    )
    return VerifiedJwt(
        credential=credential,
        header=header,
        payload=payload,
        alg=alg,
        key=key,
        key_source=source,
        kid=kid,
        vc_claim=vc_claim,
        not_before=not_before,
        expires=expires,
        warnings=tuple(warnings),
    )


def _claims_for(credential: Mapping[str, Any]) -> dict[str, Any]:
    vcdm1 = _is_vcdm1(credential)
    start_field, end_field = (
        ("issuanceDate", "expirationDate") if vcdm1 else ("validFrom", "validUntil")
    )
    claims: dict[str, Any] = {}
    issuer, identifier = _issuer_id(credential), credential.get("id")
    if not isinstance(issuer, str) or not isinstance(identifier, str):
        raise ValueError("a VC-JWT needs the credential's issuer id and id (iss, jti)")
    claims["iss"] = issuer
    claims["jti"] = identifier
    subjects = [s for s in _subject_ids(credential) if isinstance(s, str)]
    if len(subjects) == 1:
        claims["sub"] = subjects[0]
    if start_field not in credential:
        raise ValueError(f"a VC-JWT needs the credential's {start_field} (nbf)")
    claims["nbf"] = math.floor(_date_time(credential[start_field], start_field).timestamp())
    if end_field in credential:
        claims["exp"] = math.floor(_date_time(credential[end_field], end_field).timestamp())
    return claims


def sign_vc_jwt(
    credential: Mapping[str, Any],
    key: PrivateKey,
    *,
    kid: str | None = None,
    embed_jwk: bool | None = None,
    vc_claim: bool | None = None,
) -> str:
    """Secure ``credential`` as a VC-JWT (EdDSA for Ed25519 keys, RS256, ES256).

    The header names the key by ``kid`` when given, else embeds its public ``jwk``
    (``embed_jwk=True`` does both). The credential goes in a ``vc`` claim under VCDM 1.1 and
    is the payload itself under VCDM 2.0, unless ``vc_claim`` says otherwise.
    """
    if vc_claim is None:
        vc_claim = _is_vcdm1(credential)
    clash = REGISTERED_CLAIMS & set(credential)
    if clash and not vc_claim:
        raise ValueError(f"the credential uses JWT claim names {sorted(clash)}")
    header: dict[str, Any] = {"alg": _alg_of(key), "typ": "JWT"}
    if kid is not None:
        header["kid"] = kid
    if embed_jwk or (embed_jwk is None and kid is None):
        header["jwk"] = jwk_from_public_key(key.public_key())
    claims = _claims_for(credential)
    payload = {"vc": dict(credential), **claims} if vc_claim else {**credential, **claims}
    return sign_compact(header, payload, key)
