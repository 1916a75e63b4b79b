"""Verifiable presentations bound to a recipient: build, sign, verify.

A worker shares credentials with an employer or a college as a W3C Verifiable Presentation
(VC Data Model 2.0, section 4.13) signed by the worker's own key (the ``holder``) with an
eddsa-rdfc-2022 Data Integrity proof whose ``proofPurpose`` is ``authentication``. The proof
carries the Data Integrity options that bind it (VC Data Integrity 1.0, section 2.1):

- ``domain``: the recipient (its web origin, URL or DID); a verifier checks that the proof
  was made for it (section 4.3: ``INVALID_DOMAIN_ERROR`` when the sets of strings differ);
- ``challenge``: a nonce the recipient gave (or one generated and handed to it with the
  share); a verifier that holds the nonce checks it (``INVALID_CHALLENGE_ERROR``), which
  stops the replay of a presentation made for an earlier request;
- ``expires``: when the proof stops being acceptable (an XML Schema dateTimeStamp).

The expiry is the proof's ``expires``, not a ``validUntil`` of the presentation: VC 2.0
defines ``validFrom``/``validUntil`` for credentials only, and its context does not define
them inside a ``VerifiablePresentation``, so safe mode would rightly refuse them there.

``verify_presentation`` returns a :class:`~openler.credentials.verify.VerificationReport`
with the checks ``parse``, ``context``, ``schema``, ``proof``, ``holder_binding``,
``domain``, ``challenge``, ``expiry`` and ``credentials`` (one nested report per embedded
credential, each from :func:`openler.credentials.verify.verify`). Nothing raises on
malformed input. The clock, keys, resolver and loader are the caller's.
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from openler.credentials._coded import TableCodedError
from openler.credentials._strictjson import StrictJSONError, loads_object
from openler.credentials.contexts import BundledLoader, default_loader
from openler.credentials.dids import DidResolver, check_key_binding, did_key, did_key_method_id
from openler.credentials.keys import Ed25519KeyPair
from openler.credentials.models import CredentialSchemaError, VerifiablePresentation, validate_as
from openler.credentials.models import parse_date_time as _parse_date_time
from openler.credentials.proof_errors import ProofError
from openler.credentials.proofs import sign, verify_proofs
from openler.credentials.status import Fetch
from openler.credentials.suites import EDDSA_RDFC_2022
from openler.credentials.verify import (
    VC_V1,
    VC_V2,
    Check,
    Status,
    VerificationReport,
    verify,
)

PRESENTATION_CODES: dict[str, str] = {
    "PRESENTATION_INPUT_INVALID": "a presentation cannot be built from these arguments",
    "PRESENTATION_CREDENTIAL_UNSUPPORTED": (
        "a credential that cannot be embedded (only JSON credentials; a VC-JWT is not)"
    ),
    "PRESENTATION_HOLDER_MISSING": "the presentation names no holder to bind its proof to",
    "PRESENTATION_DOMAIN_MISMATCH": (
        "the proof's domain is not the verifier's (Data Integrity INVALID_DOMAIN_ERROR)"
    ),
    "PRESENTATION_CHALLENGE_MISMATCH": (
        "the proof's challenge is not the verifier's (Data Integrity INVALID_CHALLENGE_ERROR)"
    ),
    "PRESENTATION_DOMAIN_UNCHECKED": "warning: no expected domain was given, so none was checked",
    "PRESENTATION_CHALLENGE_UNCHECKED": (
        "warning: no expected challenge was given, so none was checked (replay not excluded)"
    ),
    "PRESENTATION_EXPIRES_MALFORMED": "the proof's expires is not an XML Schema dateTimeStamp",
    "PRESENTATION_EXPIRED": "the proof's expires is in the past (beyond the clock skew)",
    "PRESENTATION_CREDENTIAL_INVALID": "a credential in the presentation does not verify",
}

VP_TYPE = "VerifiablePresentation"
PURPOSE = "authentication"
PRESENTATION_ORDER = (
    "parse",
    "context",
    "schema",
    "proof",
    "holder_binding",
    "domain",
    "challenge",
    "expiry",
    "credentials",
)

# XML Schema 1.1 dateTimeStamp: a dateTime whose time zone is required (Data Integrity 2.1).
_DATETIME_STAMP = re.compile(
    r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?"
    r"(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)"
)


class PresentationError(TableCodedError):
    """A presentation could not be built; ``code`` is from :data:`PRESENTATION_CODES`."""

    codes = PRESENTATION_CODES
    default_field = "verifiableCredential"


# -- building ----------------------------------------------------------------------------


def new_challenge() -> str:
    """A fresh nonce for ``challenge`` (128 random bits, URL-safe)."""
    return secrets.token_urlsafe(16)


def _holder_key(key: Ed25519KeyPair) -> Ed25519KeyPair:
    # A key without a verification method id is the holder's did:key.
    if key.id is not None and key.controller is not None:
        return key
    return key.with_id(did_key_method_id(key.public_key), did_key(key.public_key))


def _domains(domain: str | Sequence[str]) -> str | list[str]:
    values = [domain] if isinstance(domain, str) else list(domain)
    if not values or not all(isinstance(v, str) and v for v in values):
        raise PresentationError(
            "domain must be a non-empty string or a non-empty list of them",
            code="PRESENTATION_INPUT_INVALID",
            field="domain",
        )
    return values[0] if isinstance(domain, str) else values


def unsigned_presentation(
    credentials: Sequence[Mapping[str, Any]],
    *,
    holder: str,
    presentation_id: str | None = None,
) -> dict[str, Any]:
    """A VC 2.0 presentation of ``credentials`` (JSON objects) by ``holder``, unsigned."""
    if not isinstance(holder, str) or ":" not in holder:
        raise PresentationError(
            f"holder must be a URL or DID, not {holder!r}",
            code="PRESENTATION_INPUT_INVALID",
            field="holder",
        )
    embedded: list[dict[str, Any]] = []
    for index, credential in enumerate(credentials):
        if not isinstance(credential, Mapping):
            # In VC 2.0 a VC-JWT travels as an EnvelopedVerifiableCredential (data: URL);
            # the verifier does not read those yet, so they are refused rather than mangled.
            raise PresentationError(
                f"credential {index} is not a JSON object (a VC-JWT cannot be embedded)",
                code="PRESENTATION_CREDENTIAL_UNSUPPORTED",
                field=f"verifiableCredential[{index}]",
            )
        embedded.append(dict(credential))
    presentation: dict[str, Any] = {
        "@context": [VC_V2],
        "id": presentation_id or f"urn:uuid:{uuid.uuid4()}",
        "type": [VP_TYPE],
        "holder": holder,
    }
    if embedded:
        presentation["verifiableCredential"] = embedded
    return presentation


def present(
    credentials: Sequence[Mapping[str, Any]],
    key: Ed25519KeyPair,
    *,
    domain: str | Sequence[str],
    now: datetime,
    challenge: str | None = None,
    expires: datetime | None = None,
    holder: str | None = None,
    presentation_id: str | None = None,
    loader: BundledLoader | None = None,
) -> dict[str, Any]:
    """A presentation of ``credentials`` signed by the holder's ``key`` for ``domain``.

    ``challenge`` defaults to a fresh nonce (read it back from ``proof.challenge`` to give
    it to the recipient); ``expires`` (timezone-aware, after ``now``) bounds the proof.
    ``holder`` defaults to the key's controller (its did:key when the key has no id).
    """
    if now.tzinfo is None or (expires is not None and expires.tzinfo is None):
        raise PresentationError(
            "now and expires must be timezone-aware",
            code="PRESENTATION_INPUT_INVALID",
            field="expires",
        )
    if expires is not None and expires <= now:
        raise PresentationError(
            f"expires {expires.isoformat()} is not after now {now.isoformat()}",
            code="PRESENTATION_INPUT_INVALID",
            field="expires",
        )
    if challenge is not None and not (isinstance(challenge, str) and challenge):
        raise PresentationError(
            "challenge must be a non-empty string",
            code="PRESENTATION_INPUT_INVALID",
            field="challenge",
        )
    key = _holder_key(key)
    assert key.controller is not None
    document = unsigned_presentation(
        credentials, holder=holder or key.controller, presentation_id=presentation_id
    )
    return sign(
        document,
        key,
        created=now,
        suite=EDDSA_RDFC_2022,
        proof_purpose=PURPOSE,
        domain=_domains(domain),
        challenge=challenge or new_challenge(),
        expires=expires,
        loader=loader,
    )


def is_presentation(data: bytes | str | Mapping[str, Any]) -> bool:
    """True when ``data`` is a JSON object whose ``type`` names a VerifiablePresentation."""
    if not isinstance(data, Mapping):
        try:
            data = loads_object(data.encode("utf-8") if isinstance(data, str) else data)
        except (StrictJSONError, ValueError):
            return False
    types = data.get("type")
    return types == VP_TYPE or (isinstance(types, list) and VP_TYPE in types)


# -- verifying ---------------------------------------------------------------------------


class _Checks:
    def __init__(self, report: VerificationReport) -> None:
        self.report = report

    def add(self, check_id: str, status: Status, code: str, message: str) -> None:
        self.report.checks.append(Check(check_id, status, code, message))

    def skip_after(self, check_id: str, reason: str) -> None:
        for later in PRESENTATION_ORDER[PRESENTATION_ORDER.index(check_id) + 1 :]:
            self.add(later, "skipped", "SKIPPED", reason)


def verify_presentation(
    data: bytes | str | Mapping[str, Any],
    *,
    resolver: DidResolver,
    now: datetime,
    domain: str | Sequence[str] | None,
    challenge: str | None,
    fetch_status: Fetch | None = None,
    clock_skew: timedelta = timedelta(minutes=5),
    loader: BundledLoader | None = None,
) -> VerificationReport:
    """Verify a presentation made for ``domain`` with ``challenge`` (None: not checked,
    with a warning), then every credential it carries (``report.nested``)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    report = VerificationReport("json")
    checks = _Checks(report)
    loader = loader or default_loader()
    try:
        _verify(checks, data, resolver, now, domain, challenge, fetch_status, clock_skew, loader)
    except Exception as error:  # the report, never a crash: fail closed
        checks.add(
            "internal",
            "failed",
            "INPUT_MALFORMED",
            f"verification stopped: {type(error).__name__}: {error}",
        )
    return report


def _verify(
    checks: _Checks,
    data: bytes | str | Mapping[str, Any],
    resolver: DidResolver,
    now: datetime,
    domain: str | Sequence[str] | None,
    challenge: str | None,
    fetch_status: Fetch | None,
    clock_skew: timedelta,
    loader: BundledLoader,
) -> None:
    # -- parse ---------------------------------------------------------------------------
    try:
        if isinstance(data, Mapping):
            vp = dict(data)
        else:
            vp = loads_object(data.encode("utf-8") if isinstance(data, str) else data)
    except (StrictJSONError, ValueError) as error:
        checks.add("parse", "failed", "INPUT_MALFORMED", f"not a strict JSON object: {error}")
        checks.skip_after("parse", "the input could not be parsed")
        return
    checks.report.credential = vp
    checks.add("parse", "passed", "OK", "a JSON presentation")
    _context(checks, vp, loader)
    try:
        validate_as(VerifiablePresentation, vp)
        checks.add("schema", "passed", "OK", "a valid VerifiablePresentation")
    except CredentialSchemaError as error:
        checks.add("schema", "failed", error.code, error.message)
    proofs = _proof(checks, vp, resolver, loader)
    if proofs is None:
        for later in ("holder_binding", "domain", "challenge", "expiry"):
            checks.add(later, "skipped", "SKIPPED", "the proof did not verify")
    else:
        _holder_binding(checks, vp, proofs, resolver)
        _domain(checks, proofs, domain)
        _challenge(checks, proofs, challenge)
        _expiry(checks, proofs, now, clock_skew)
    _credentials(checks, vp, resolver, now, fetch_status, clock_skew, loader)


def _context(checks: _Checks, vp: Mapping[str, Any], loader: BundledLoader) -> None:
    context = vp.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if context is None:
        checks.add("context", "failed", "CONTEXT_MISSING", "the presentation has no @context")
    elif contexts[0] not in (VC_V1, VC_V2):
        checks.add("context", "failed", "CONTEXT_NOT_VC", f"the first @context is {contexts[0]!r}")
    elif unknown := [c for c in contexts if isinstance(c, str) and not loader.knows(c)]:
        checks.add(
            "context",
            "failed",
            "CONTEXT_UNKNOWN",
            f"the context {unknown[0]} is not bundled (contexts are never fetched)",
        )
    elif not all(isinstance(c, str | dict) for c in contexts):
        checks.add("context", "failed", "CONTEXT_INVALID", "a context is not a URL or an object")
    elif contexts[0] == VC_V1:
        checks.report.warnings.append("a VC Data Model 1.1 presentation (VC_V1)")
        checks.add("context", "warning", "VC_V1", "a VC Data Model 1.1 presentation")
    else:
        checks.add("context", "passed", "OK", "the contexts are known and bundled")


def _proof(
    checks: _Checks, vp: Mapping[str, Any], resolver: DidResolver, loader: BundledLoader
) -> list[tuple[Mapping[str, Any], Any]] | None:
    """The (proof, result) pairs when every proof verifies for authentication."""
    results = verify_proofs(vp, resolver, loader=loader, purpose=PURPOSE)
    for result in results:
        checks.report.warnings.extend(result.warnings)
    failed = [r for r in results if not r.ok]
    if failed:
        first = failed[0]
        code = first.code or "PROOF_MALFORMED"
        checks.add("proof", "failed", code, f"proof {first.index}: {first.message}")
        return None
    raw = vp["proof"]
    proofs = raw if isinstance(raw, list) else [raw]
    checks.add("proof", "passed", "OK", f"{len(results)} authentication proof(s) verify")
    return list(zip(proofs, results, strict=True))


def _holder_id(vp: Mapping[str, Any]) -> str | None:
    holder = vp.get("holder")
    if isinstance(holder, Mapping):
        holder = holder.get("id")
    return holder if isinstance(holder, str) else None


def _holder_binding(
    checks: _Checks,
    vp: Mapping[str, Any],
    proofs: list[tuple[Mapping[str, Any], Any]],
    resolver: DidResolver,
) -> None:
    holder = _holder_id(vp)
    if holder is None:
        checks.add(
            "holder_binding",
            "failed",
            "PRESENTATION_HOLDER_MISSING",
            PRESENTATION_CODES["PRESENTATION_HOLDER_MISSING"],
        )
        return
    for _, result in proofs:
        try:
            check_key_binding(result.method, holder, resolver, purpose=PURPOSE)
        except ProofError as error:
            checks.add("holder_binding", "failed", error.code, error.message)
            return
    checks.add("holder_binding", "passed", "OK", f"the holder {holder} controls the key")


def _as_set(value: Any) -> set[Any] | None:
    values = value if isinstance(value, list) else [value]
    return set(values) if all(isinstance(v, str) for v in values) else None


def _domain(
    checks: _Checks,
    proofs: list[tuple[Mapping[str, Any], Any]],
    domain: str | Sequence[str] | None,
) -> None:
    if domain is None:
        given = sorted({str(p.get("domain")) for p, _ in proofs})
        checks.report.warnings.append(f"the domain was not checked (the proof names {given})")
        checks.add(
            "domain",
            "warning",
            "PRESENTATION_DOMAIN_UNCHECKED",
            PRESENTATION_CODES["PRESENTATION_DOMAIN_UNCHECKED"],
        )
        return
    # Data Integrity 4.3: the same strings, a single string read as a one-element set.
    expected = _as_set(list(domain) if not isinstance(domain, str) else domain)
    for proof, _ in proofs:
        got = _as_set(proof.get("domain")) if "domain" in proof else None
        if got is None or got != expected:
            checks.add(
                "domain",
                "failed",
                "PRESENTATION_DOMAIN_MISMATCH",
                f"the proof is for {proof.get('domain')!r}, not {domain!r}",
            )
            return
    checks.add("domain", "passed", "OK", f"made for {domain!r}")


def _challenge(
    checks: _Checks, proofs: list[tuple[Mapping[str, Any], Any]], challenge: str | None
) -> None:
    if challenge is None:
        checks.report.warnings.append("the challenge was not checked: a replay is not excluded")
        checks.add(
            "challenge",
            "warning",
            "PRESENTATION_CHALLENGE_UNCHECKED",
            PRESENTATION_CODES["PRESENTATION_CHALLENGE_UNCHECKED"],
        )
        return
    for proof, _ in proofs:
        if proof.get("challenge") != challenge:
            checks.add(
                "challenge",
                "failed",
                "PRESENTATION_CHALLENGE_MISMATCH",
                "the proof's challenge is not the one expected",
            )
            return
    checks.add("challenge", "passed", "OK", "the challenge matches")


def _date_time_stamp(value: Any) -> datetime | None:
    if not (isinstance(value, str) and _DATETIME_STAMP.fullmatch(value)):
        return None
    try:
        return _parse_date_time(value)
    except ValueError:  # e.g. a year past 9999, which a dateTimeStamp allows
        return None


def _expiry(
    checks: _Checks,
    proofs: list[tuple[Mapping[str, Any], Any]],
    now: datetime,
    clock_skew: timedelta,
) -> None:
    latest: datetime | None = None
    for proof, _ in proofs:
        value = proof.get("expires")
        if value is None:
            continue
        expires = _date_time_stamp(value)
        if expires is None:
            checks.add(
                "expiry",
                "failed",
                "PRESENTATION_EXPIRES_MALFORMED",
                f"expires {value!r} is not a dateTimeStamp (a time zone is required)",
            )
            return
        if expires + clock_skew < now:
            checks.add("expiry", "failed", "PRESENTATION_EXPIRED", f"the proof expired at {value}")
            return
        latest = expires if latest is None else min(latest, expires)
    skew = int(clock_skew.total_seconds())
    if latest is None:
        checks.add("expiry", "passed", "OK", "the proof has no expiry")
    else:
        message = f"the proof is valid until {latest.isoformat()} (clock skew {skew} s)"
        checks.add("expiry", "passed", "OK", message)


def _credentials(
    checks: _Checks,
    vp: Mapping[str, Any],
    resolver: DidResolver,
    now: datetime,
    fetch_status: Fetch | None,
    clock_skew: timedelta,
    loader: BundledLoader,
) -> None:
    raw = vp.get("verifiableCredential")
    items = [] if raw is None else raw if isinstance(raw, list) else [raw]
    if not items:
        checks.add("credentials", "skipped", "SKIPPED", "the presentation carries no credential")
        return
    failed = 0
    for item in items:
        if isinstance(item, Mapping | str):
            nested = verify(
                item,
                resolver=resolver,
                fetch_status=fetch_status,
                now=now,
                clock_skew=clock_skew,
                loader=loader,
            )
        else:
            nested = VerificationReport("unknown")
            nested.checks.append(Check("parse", "failed", "INPUT_UNRECOGNIZED", "not a credential"))
        checks.report.nested.append(nested)
        failed += not nested.verified
    if failed:
        message = f"{failed} of {len(items)} credential(s) do not verify"
        checks.add("credentials", "failed", "PRESENTATION_CREDENTIAL_INVALID", message)
    else:
        checks.add("credentials", "passed", "OK", f"{len(items)} credential(s) verify")
