"""Verify a credential from its bytes: every check, in order, with a stable code.

``verify(data, resolver=..., now=...)`` detects the kind of input from the content (a JSON
object, a compact JWT, a baked PNG or SVG), then runs, in this order: ``parse``,
``context``, ``schema``, ``proof``, ``key_binding``, ``validity``, ``status`` and, for a
ClrCredential, ``nested`` (one nested report per credential it bundles). Each check is
recorded as passed, failed, skipped or warning with a code from :data:`VERIFY_CODES` or
from the module that made the check (all listed in ``codes.ALL_CODES``). Nothing raises on
malformed input: it is a failed ``parse`` check. ``report.verified`` is true only when no
check failed. The network is never used: keys come from the caller's ``resolver`` and
status lists from the caller's ``fetch_status``; with no fetcher a credential that has a
status fails closed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from openler.credentials._strictjson import StrictJSONError, loads_object
from openler.credentials.baking import BakingError, extract, image_kind
from openler.credentials.contexts import BundledLoader, default_loader
from openler.credentials.dids import DidResolver, did_key, issuer_id
from openler.credentials.jwt import JwtError, VerifiedJwt, verify_vc_jwt
from openler.credentials.models import (
    HR_OPEN_LER_RS_CONTEXT,
    CredentialSchemaError,
    parse_credential,
    parse_date_time,
)
from openler.credentials.proof_errors import ProofError
from openler.credentials.proofs import (
    ProofResult,
    key_binding_error,
    method_binding_error,
    verify_proofs,
)
from openler.credentials.status import Fetch, StatusError, check_status

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"

BOUND = "the issuer controls the key for assertionMethod"

VERIFY_CODES: dict[str, str] = {
    "OK": "the check passed",
    "SKIPPED": "the check was not run (an earlier check it depends on failed, or nothing to do)",
    "INPUT_UNRECOGNIZED": "the content is not a JSON object, a compact JWT, a PNG or an SVG",
    "INPUT_MALFORMED": "the content looks like JSON but is not one strict JSON object",
    "CONTEXT_MISSING": "the credential has no @context",
    "CONTEXT_NOT_VC": "the first @context is not the VC Data Model 1.1 or 2.0 context",
    "VC_V1": "warning: a VC Data Model 1.1 credential (accepted for older credentials)",
    "CONTEXT_OLD_VERSION": "warning: an Open Badges 3.0 context older than the current 3.0.3",
    "CONTEXT_NOT_JSONLD": (
        "warning: a VC-JWT names HR Open's LER-RS schema URL as @context (not JSON-LD; the JWS "
        "signs the bytes, so nothing is read through it)"
    ),
    "KEY_BINDING_UNCHECKED": (
        "warning: a VC-JWT's key is only in its header (jwk) and the issuer is not a did:key, "
        "so nothing offline ties the key to the issuer"
    ),
    "VALIDITY_MALFORMED": "a validity date is not an RFC 3339 date-time",
    "CREDENTIAL_EXPIRED": "validUntil (expirationDate in VC 1.1) is in the past",
    "CREDENTIAL_NOT_YET_VALID": "validFrom (issuanceDate in VC 1.1) is in the future",
    "STATUS_NO_FETCHER": "the credential has a status but no way to read status lists was given",
    "NESTED_INVALID": "a credential bundled in a ClrCredential does not verify",
    "NESTED_MALFORMED": "a bundled credential is neither a JSON object nor a compact JWT",
}

Status = Literal["passed", "failed", "skipped", "warning"]
InputKind = Literal["json", "jwt", "png", "svg", "unknown"]


@dataclass(frozen=True)
class Check:
    id: str
    status: Status
    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "status": self.status, "code": self.code, "message": self.message}


@dataclass
class VerificationReport:
    """The checks in order; ``nested`` holds a report per credential a CLR bundles."""

    input_kind: InputKind
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    nested: list[VerificationReport] = field(default_factory=list)
    credential: dict[str, Any] | None = None

    @property
    def verified(self) -> bool:
        return all(c.status != "failed" for c in self.checks)

    def check(self, check_id: str) -> Check | None:
        return next((c for c in self.checks if c.id == check_id), None)

    def codes(self) -> list[str]:
        """The codes of the failed checks, in order."""
        return [c.code for c in self.checks if c.status == "failed"]

    def to_json(self) -> dict[str, Any]:
        return {
            "verified": self.verified,
            "checks": [c.to_json() for c in self.checks],
            "warnings": list(self.warnings),
            "nested": [n.to_json() for n in self.nested],
        }


ORDER = ("parse", "context", "schema", "proof", "key_binding", "validity", "status", "nested")


def _detect(data: bytes | str | Mapping[str, Any]) -> tuple[InputKind, Any]:
    """The input kind and its decoded form (a dict, a JWT string, or image bytes)."""
    if isinstance(data, Mapping):
        return "json", dict(data)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    kind = image_kind(raw)
    if kind is not None:
        return kind, raw
    text = raw.decode("utf-8", errors="replace").strip().lstrip("\ufeff")
    if text.startswith("{"):
        return "json", text
    parts = text.split(".")
    if len(parts) == 3 and all(p and _is_b64url(p) for p in parts):
        return "jwt", text
    return "unknown", raw


def _is_b64url(part: str) -> bool:
    return all(c.isascii() and (c.isalnum() or c in "-_") for c in part)


def _key_resolver(resolver: DidResolver) -> Callable[[str], Ed25519PublicKey | None]:
    """A VC-JWT ``kid`` resolved through the DID resolver (Ed25519 keys)."""

    def resolve(kid: str) -> Ed25519PublicKey | None:
        try:
            method = resolver.verification_method(kid)
        except ProofError:
            return None
        return Ed25519PublicKey.from_public_bytes(method.public_key)

    return resolve


class _Run:
    """One verification: accumulates the checks of the report."""

    def __init__(
        self,
        report: VerificationReport,
        resolver: DidResolver,
        fetch_status: Fetch | None,
        now: datetime,
        clock_skew: timedelta,
        loader: BundledLoader,
    ) -> None:
        self.report = report
        self.resolver = resolver
        self.fetch_status = fetch_status
        self.now = now
        self.clock_skew = clock_skew
        self.loader = loader

    def add(self, check_id: str, status: Status, code: str, message: str) -> None:
        self.report.checks.append(Check(check_id, status, code, message))

    def skip_rest(self, after: str, reason: str) -> None:
        for check_id in ORDER[ORDER.index(after) + 1 :]:
            if check_id != "nested":
                self.add(check_id, "skipped", "SKIPPED", reason)

    def warn(self, message: str) -> None:
        self.report.warnings.append(message)


def verify(
    data: bytes | str | Mapping[str, Any],
    *,
    resolver: DidResolver,
    fetch_status: Fetch | None = None,
    now: datetime,
    clock_skew: timedelta = timedelta(minutes=5),
    loader: BundledLoader | None = None,
) -> VerificationReport:
    """Verify a credential (JSON object or text, compact JWT, baked PNG/SVG)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    kind, decoded = _detect(data)
    report = VerificationReport(kind)
    run = _Run(report, resolver, fetch_status, now, clock_skew, loader or default_loader())
    try:
        _verify(run, kind, decoded)
    except Exception as error:  # the report, never a crash: fail closed
        run.add(
            "internal",
            "failed",
            "INPUT_MALFORMED",
            f"verification stopped: {type(error).__name__}: {error}",
        )
    return report


def _verify(run: _Run, kind: InputKind, decoded: Any) -> None:
    jwt: str | None = None
    credential: dict[str, Any] | None = None
    # -- parse -------------------------------------------------------------------------
    try:
        if kind in ("png", "svg"):
            baked = extract(decoded)
            if isinstance(baked, str):
                jwt = baked
            else:
                credential = dict(baked)
        elif kind == "jwt":
            jwt = decoded
        elif kind == "json":
            credential = decoded if isinstance(decoded, dict) else loads_object(decoded)
        else:
            run.add("parse", "failed", "INPUT_UNRECOGNIZED", VERIFY_CODES["INPUT_UNRECOGNIZED"])
            run.skip_rest("parse", "the input could not be parsed")
            return
    except BakingError as error:
        run.add("parse", "failed", error.code, error.message)
        run.skip_rest("parse", "the input could not be parsed")
        return
    except (StrictJSONError, ValueError) as error:
        run.add("parse", "failed", "INPUT_MALFORMED", f"not a strict JSON object: {error}")
        run.skip_rest("parse", "the input could not be parsed")
        return
    jwt_error: JwtError | None = None
    if jwt is not None:
        # A VC-JWT's credential is read (and its signature checked) in one step; a bad token
        # is a parse failure when nothing can be read, a proof failure otherwise.
        try:
            verified = verify_vc_jwt(
                jwt,
                now=run.now,
                resolve_key=_key_resolver(run.resolver),
                clock_skew=run.clock_skew,
            )
            credential = verified.credential
            run.report.warnings.extend(verified.warnings)
        except JwtError as error:
            jwt_error = error
            credential = _unverified_jwt_payload(jwt)
            if credential is None:
                run.add("parse", "failed", error.code, error.message)
                run.skip_rest("parse", "the input could not be parsed")
                return
    assert credential is not None
    run.report.credential = credential
    run.add("parse", "passed", "OK", f"a {kind.upper()} credential")
    _context(run, credential)
    _schema(run, credential)
    if jwt is None:
        _proof(run, credential)
    elif jwt_error is not None:
        run.add("proof", "failed", jwt_error.code, jwt_error.message)
        run.add("key_binding", "skipped", "SKIPPED", "the JWT did not verify")
    else:
        run.add("proof", "passed", "OK", "the VC-JWT signature verifies")
        _jwt_key_binding(run, credential, verified)
    _validity(run, credential)
    _status(run, credential)
    _nested(run, credential)


def _jwt_key_binding(run: _Run, credential: Mapping[str, Any], verified: VerifiedJwt) -> None:
    """The JWT's key must be the issuer's, as for a Data Integrity proof.

    A ``kid`` is a verification method: it must belong to the issuer and be listed under
    ``assertionMethod`` (otherwise any resolvable key could sign in the issuer's name). A key
    carried only in the header (``jwk``, which OB 3.0 §8.2.2 allows and the 1EdTech
    validator accepts) can be tied to the issuer only when the issuer is a did:key; for any
    other issuer nothing offline binds it, which the report says as a warning.
    """
    if verified.kid is not None:
        try:
            method = run.resolver.verification_method(verified.kid)
        except ProofError as error:
            run.add("key_binding", "failed", error.code, error.message)
            return
        unbound = method_binding_error(credential, method, run.resolver)
        if unbound is not None:
            run.add("key_binding", "failed", unbound.code, unbound.message)
        else:
            run.add("key_binding", "passed", "OK", BOUND)
        return
    issuer = issuer_id(credential)
    if issuer is None:
        run.add("key_binding", "failed", "KEY_NOT_AUTHORIZED", "the credential names no issuer")
        return
    if issuer.startswith("did:key:"):
        if (
            isinstance(verified.key, Ed25519PublicKey)
            and did_key(verified.key.public_bytes_raw()) == issuer
        ):
            run.add("key_binding", "passed", "OK", "the header's key is the issuer's did:key")
        else:
            run.add(
                "key_binding",
                "failed",
                "KEY_NOT_AUTHORIZED",
                f"the key in the JWT header is not the key of the issuer {issuer}",
            )
        return
    message = (
        f"the JWT carries its key in the header (jwk) and names no kid: nothing offline binds "
        f"that key to the issuer {issuer}; confirm the issuer's key another way"
    )
    run.add("key_binding", "warning", "KEY_BINDING_UNCHECKED", message)
    run.warn(message)


def _unverified_jwt_payload(token: str) -> dict[str, Any] | None:
    """The credential a JWT carries, read without trusting it (for the later checks)."""
    import base64

    try:
        part = token.split(".")[1]
        payload = loads_object(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except Exception:
        return None
    vc = payload.get("vc")
    return dict(vc) if isinstance(vc, Mapping) else payload


def _context(run: _Run, credential: Mapping[str, Any]) -> None:
    context = credential.get("@context")
    if context is None:
        run.add("context", "failed", "CONTEXT_MISSING", VERIFY_CODES["CONTEXT_MISSING"])
        return
    contexts = context if isinstance(context, list) else [context]
    first = contexts[0] if contexts else None
    if first not in (VC_V1, VC_V2):
        run.add("context", "failed", "CONTEXT_NOT_VC", f"the first @context is {first!r}")
        return
    not_jsonld = []
    for entry in contexts:
        if entry in NOT_JSONLD_CONTEXTS and run.report.input_kind == "jwt":
            # HR Open's LER-RS puts a JSON Schema URL in @context; a VC-JWT is verified on
            # its bytes, not through JSON-LD, so this one is tolerated there (and only there).
            not_jsonld.append(entry)
            continue
        if isinstance(entry, str) and not run.loader.knows(entry):
            run.add(
                "context",
                "failed",
                "CONTEXT_UNKNOWN",
                f"the context {entry} is not bundled (contexts are never fetched)",
            )
            return
        if not isinstance(entry, str | dict):
            run.add("context", "failed", "CONTEXT_INVALID", "a context is not a URL or an object")
            return
    old = [c for c in contexts if isinstance(c, str) and _old_ob_context(c)]
    if first == VC_V2 and old:
        run.warn(f"an older Open Badges context: {old[0]} (CONTEXT_OLD_VERSION)")
        run.add("context", "warning", "CONTEXT_OLD_VERSION", f"{old[0]} is not the current 3.0.3")
        return
    if not_jsonld:
        if first == VC_V1:
            run.warn("a VC Data Model 1.1 credential (VC_V1)")
        run.warn(f"{not_jsonld[0]} is not a JSON-LD context (CONTEXT_NOT_JSONLD)")
        run.add("context", "warning", "CONTEXT_NOT_JSONLD", VERIFY_CODES["CONTEXT_NOT_JSONLD"])
        return
    if first == VC_V1:
        run.warn("a VC Data Model 1.1 credential (VC_V1)")
        run.add("context", "warning", "VC_V1", VERIFY_CODES["VC_V1"])
        return
    run.add("context", "passed", "OK", "the contexts are known and bundled")


# @context entries that are not JSON-LD contexts but are tolerated in a VC-JWT.
NOT_JSONLD_CONTEXTS = frozenset({HR_OPEN_LER_RS_CONTEXT})

OB_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context-"
OB_CONTEXT_CURRENT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def _old_ob_context(url: str) -> bool:
    # 1EdTech's validator warns on an older 3.0.x context (OB30Tests: context version).
    return url.startswith(OB_CONTEXT_PREFIX) and url != OB_CONTEXT_CURRENT


def _schema(run: _Run, credential: Mapping[str, Any]) -> None:
    try:
        model = parse_credential(dict(credential))
    except CredentialSchemaError as error:
        run.add("schema", "failed", error.code, error.message)
        return
    run.add("schema", "passed", "OK", f"a valid {type(model).__name__}")


def _proof(run: _Run, credential: Mapping[str, Any]) -> None:
    results = verify_proofs(credential, run.resolver, loader=run.loader)
    failed = [r for r in results if not r.ok]
    for result in results:
        run.report.warnings.extend(result.warnings)
    if failed:
        first = failed[0]
        run.add("proof", "failed", first.code or "PROOF_MALFORMED", _proof_message(first))
        run.add("key_binding", "skipped", "SKIPPED", "no proof verified")
        return
    run.add("proof", "passed", "OK", f"{len(results)} proof(s) verify")
    for result in results:
        error = key_binding_error(credential, result, run.resolver)
        if error is not None:
            run.add("key_binding", "failed", error.code, error.message)
            return
    run.add("key_binding", "passed", "OK", BOUND)


def _proof_message(result: ProofResult) -> str:
    return f"proof {result.index}: {result.message}"


def _validity(run: _Run, credential: Mapping[str, Any]) -> None:
    v1 = _first_context(credential) == VC_V1
    start_field, end_field = (
        ("issuanceDate", "expirationDate") if v1 else ("validFrom", "validUntil")
    )
    try:
        start = _date(credential, start_field)
        end = _date(credential, end_field)
    except ValueError as error:
        run.add("validity", "failed", "VALIDITY_MALFORMED", str(error))
        return
    if start is not None and start - run.clock_skew > run.now:
        message = f"{start_field} {credential[start_field]} is in the future"
        run.add("validity", "failed", "CREDENTIAL_NOT_YET_VALID", message)
        return
    if end is not None and end + run.clock_skew < run.now:
        message = f"{end_field} {credential[end_field]} is in the past"
        run.add("validity", "failed", "CREDENTIAL_EXPIRED", message)
        return
    skew = int(run.clock_skew.total_seconds())
    run.add("validity", "passed", "OK", f"within its validity period (clock skew {skew} s)")


def _first_context(credential: Mapping[str, Any]) -> Any:
    context = credential.get("@context")
    return context[0] if isinstance(context, list) and context else context


def _date(credential: Mapping[str, Any], name: str) -> datetime | None:
    value = credential.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} is not a date-time string")
    try:
        return parse_date_time(value)
    except ValueError:
        raise ValueError(f"{name} {value!r} is not an RFC 3339 date-time") from None


def _status(run: _Run, credential: Mapping[str, Any]) -> None:
    if not credential.get("credentialStatus"):
        run.add("status", "skipped", "SKIPPED", "the credential has no credentialStatus")
        return
    if run.fetch_status is None:
        run.add(
            "status",
            "failed",
            "STATUS_NO_FETCHER",
            "the credential has a credentialStatus but no status list can be read "
            "(supply it, or allow the network)",
        )
        return

    def verify_list(list_credential: Mapping[str, Any]) -> None:
        results = verify_proofs(list_credential, run.resolver, loader=run.loader)
        bad = [r for r in results if not r.ok]
        if bad:
            raise ProofError(bad[0].code or "PROOF_MALFORMED", bad[0].message)
        for result in results:  # the list's key must be its issuer's, as for any credential
            error = key_binding_error(list_credential, result, run.resolver)
            if error is not None:
                raise error

    try:
        results = check_status(
            credential,
            fetch=run.fetch_status,
            verify_list_credential=verify_list,
            now=run.now,
            clock_skew=run.clock_skew,
        )
    except StatusError as error:
        run.add("status", "failed", error.code, error.message)
        return
    for result in results:
        run.report.warnings.extend(result.warnings)
        if not result.valid:
            run.add("status", "failed", result.code, f"{result.purpose}: {result.code}")
            return
    run.add("status", "passed", results[0].code if results else "OK", "the status is active")


def _nested(run: _Run, credential: Mapping[str, Any]) -> None:
    types = credential.get("type")
    if not (isinstance(types, list) and "ClrCredential" in types):
        return
    subject = credential.get("credentialSubject")
    bundled = subject.get("verifiableCredential") if isinstance(subject, Mapping) else None
    items = bundled if isinstance(bundled, list) else [] if bundled is None else [bundled]
    failed = 0
    for item in items:
        if isinstance(item, Mapping | str):
            data: Mapping[str, Any] | str = item
            nested = verify(
                data,
                resolver=run.resolver,
                fetch_status=run.fetch_status,
                now=run.now,
                clock_skew=run.clock_skew,
                loader=run.loader,
            )
        else:
            nested = VerificationReport("unknown")
            nested.checks.append(
                Check("parse", "failed", "NESTED_MALFORMED", VERIFY_CODES["NESTED_MALFORMED"])
            )
        run.report.nested.append(nested)
        failed += not nested.verified
    if failed:
        run.add("nested", "failed", "NESTED_INVALID", f"{failed} of {len(items)} do not verify")
    else:
        run.add("nested", "passed", "OK", f"{len(items)} nested credential(s) verify")


def report_text(report: VerificationReport, indent: str = "") -> str:
    """A human-readable report (the CLI's text format)."""
    lines = [f"{indent}{'VERIFIED' if report.verified else 'NOT VERIFIED'} ({report.input_kind})"]
    for c in report.checks:
        lines.append(f"{indent}  {c.status:8} {c.id:12} {c.code}: {c.message}")
    for w in report.warnings:
        lines.append(f"{indent}  warning: {w}")
    for n, nested in enumerate(report.nested):
        lines.append(f"{indent}  nested credential {n}:")
        lines.append(report_text(nested, indent + "    "))
    return "\n".join(lines)


def dumps(report: VerificationReport) -> str:
    return json.dumps(report.to_json(), indent=2)


def offline_sources(
    documents: Mapping[str, Mapping[str, Any]],
    fetcher: Callable[[str], Mapping[str, Any]] | None = None,
) -> tuple[DidResolver, Fetch]:
    """A resolver and a status fetcher that read ``documents`` (URL or DID -> JSON) first,
    then call ``fetcher`` (only when the caller gives one: the network is opt-in).

    Keys are matched without their fragment. A did:web document may be given under its DID
    or its https URL (the resolver tries both); status list credentials under their URL.
    Contexts are not looked up here: they are only ever the bundled ones.
    """
    table = {url.split("#", 1)[0]: dict(doc) for url, doc in documents.items()}

    def fetch(url: str) -> Mapping[str, Any] | None:
        found = table.get(url.split("#", 1)[0])
        if found is None and fetcher is not None:
            return fetcher(url)
        return found

    return DidResolver(table, fetcher=fetcher), fetch
