"""Bundle chosen credentials into a 1EdTech Comprehensive Learner Record (CLR 2.0).

``build_clr`` makes the unsigned ``ClrCredential``: the publisher's Profile as ``issuer``,
the learner as ``credentialSubject.id``, the chosen signed credentials, unchanged, in
``credentialSubject.verifiableCredential`` (each keeps its own issuer's proof, so each is
verified on its own: see ``verify``'s ``nested`` check), and, optionally, the achievements
they award and the associations between those achievements. The result is validated by the
project's ``ClrCredential`` model. ``sign_clr`` adds the publisher's eddsa-rdfc-2022 proof
with :func:`openler.credentials.proofs.sign`.

The CLR context is 2.0.1 (``context-2.0.1.json``): the only CLR 2.0 context bundled (see
docs/credentials.md). The library does not verify the bundled credentials itself (that
needs the caller's resolver and status lists): the wallet verifies what it bundles.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from openler.credentials._coded import TableCodedError
from openler.credentials.contexts import BundledLoader, default_loader
from openler.credentials.keys import Ed25519KeyPair
from openler.credentials.models import ASSOCIATION_TYPES, ClrCredential, validate_as
from openler.credentials.proofs import sign
from openler.credentials.suites import EDDSA_RDFC_2022
from openler.credentials.verify import VC_V2

CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# Defines the credentialSchema type 1EdTechJsonSchemaValidator2019 (as 1EdTech's CLR samples).
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CLR_SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}

BUNDLE_CODES: dict[str, str] = {
    "CLR_INPUT_INVALID": "a CLR cannot be built from these arguments (the message names which)",
    "CLR_CREDENTIAL_UNSUPPORTED": "a credential that cannot go in a CLR (unsigned, or not JSON)",
    "CLR_CONTEXT_MISSING": "the CLR 2.0 context is not bundled, so a CLR cannot be signed",
    "CLR_KEY_NOT_PUBLISHER": "the signing key is not controlled by the CLR's issuer (publisher)",
}


class BundleError(TableCodedError):
    """A CLR could not be built or signed; ``code`` is from :data:`BUNDLE_CODES`."""

    codes = BUNDLE_CODES
    default_field = "credentialSubject.verifiableCredential"


def _timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise BundleError("the time must be timezone-aware", code="CLR_INPUT_INVALID")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _subject_ids(credential: Mapping[str, Any]) -> list[Any]:
    subject = credential.get("credentialSubject")
    subjects = subject if isinstance(subject, list) else [subject]
    return [s.get("id") for s in subjects if isinstance(s, Mapping)]


def _achievement(credential: Mapping[str, Any]) -> dict[str, Any] | None:
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    return dict(achievement) if isinstance(achievement, Mapping) else None


def _checked_credentials(credentials: Sequence[Any]) -> list[dict[str, Any]]:
    if not credentials:
        raise BundleError("a CLR bundles at least one credential", code="CLR_INPUT_INVALID")
    out = []
    for index, credential in enumerate(credentials):
        field = f"credentialSubject.verifiableCredential[{index}]"
        if not isinstance(credential, Mapping):
            raise BundleError(
                f"credential {index} is not a JSON object (a VC-JWT cannot be bundled here)",
                code="CLR_CREDENTIAL_UNSUPPORTED",
                field=field,
            )
        if not credential.get("proof"):
            raise BundleError(
                f"credential {index} has no proof: a CLR bundles signed credentials",
                code="CLR_CREDENTIAL_UNSUPPORTED",
                field=field,
            )
        out.append(dict(credential))
    return out


def _learner(credentials: list[dict[str, Any]], learner: str | None) -> str:
    if learner is not None:
        return learner
    ids = {i for c in credentials for i in _subject_ids(c)}
    if len(ids) != 1 or not isinstance(next(iter(ids)), str):
        raise BundleError(
            f"the credentials name {len(ids)} different subjects: say who the learner is",
            code="CLR_INPUT_INVALID",
            field="credentialSubject.id",
        )
    only: str = next(iter(ids))
    return only


def _associations(
    associations: Sequence[Mapping[str, str]], achievement_ids: set[str]
) -> list[dict[str, str]]:
    out = []
    for index, item in enumerate(associations):
        field = f"credentialSubject.association[{index}]"
        kind, source, target = (item.get(k) for k in ("associationType", "sourceId", "targetId"))
        if kind not in ASSOCIATION_TYPES:
            raise BundleError(
                f"associationType {kind!r} is not one of {', '.join(ASSOCIATION_TYPES)}",
                code="CLR_INPUT_INVALID",
                field=field,
            )
        # CLR 2.0: sourceId and targetId are ids of achievements in the CLR.
        missing = [i for i in (source, target) if i not in achievement_ids]
        if missing:
            raise BundleError(
                f"the association names achievements the CLR does not carry: {missing}",
                code="CLR_INPUT_INVALID",
                field=field,
            )
        out.append(
            {
                "type": "Association",
                "associationType": str(kind),
                "sourceId": str(source),
                "targetId": str(target),
            }
        )
    return out


def build_clr(
    publisher: Mapping[str, Any],
    credentials: Sequence[Mapping[str, Any]],
    *,
    name: str,
    now: datetime,
    learner: str | None = None,
    associations: Sequence[Mapping[str, str]] = (),
    include_achievements: bool = True,
    clr_id: str | None = None,
    partial: bool | None = None,
    loader: BundledLoader | None = None,
) -> dict[str, Any]:
    """An unsigned ClrCredential bundling ``credentials`` (signed JSON credentials).

    ``publisher`` is the issuer's Profile (``{"id", "type": ["Profile"], "name", ...}``).
    ``learner`` defaults to the one subject id the credentials share. With
    ``include_achievements`` the achievements the credentials award are listed in
    ``credentialSubject.achievement`` (once each), which ``associations`` (dicts with
    ``associationType``, ``sourceId``, ``targetId``) may then relate.
    """
    if not (loader or default_loader()).knows(CLR_CONTEXT):
        raise BundleError(
            f"the CLR 2.0 context {CLR_CONTEXT} is not bundled (contexts are never fetched)",
            code="CLR_CONTEXT_MISSING",
            field="@context",
        )
    if not (isinstance(name, str) and name):
        raise BundleError("a CLR needs a name", code="CLR_INPUT_INVALID", field="name")
    bundled = _checked_credentials(credentials)
    achievements: dict[str, dict[str, Any]] = {}
    for credential in bundled:
        achievement = _achievement(credential)
        if achievement is not None and isinstance(achievement.get("id"), str):
            achievements.setdefault(achievement["id"], achievement)
    subject: dict[str, Any] = {
        "id": _learner(bundled, learner),
        "type": ["ClrSubject"],
        "verifiableCredential": bundled,
    }
    if include_achievements and achievements:
        subject["achievement"] = list(achievements.values())
    if associations:
        known = set(achievements) if include_achievements else set()
        subject["association"] = _associations(associations, known)
    clr: dict[str, Any] = {
        "@context": [VC_V2, CLR_CONTEXT, OB_CONTEXT, OB_EXTENSIONS],
        "id": clr_id or f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": dict(publisher),
        "validFrom": _timestamp(now),
        "name": name,
        "credentialSubject": subject,
        "credentialSchema": [dict(CLR_SCHEMA)],
    }
    if partial is not None:
        clr["partial"] = partial
    validate_as(ClrCredential, clr)  # CredentialSchemaError names any broken field
    return clr


def sign_clr(
    clr: Mapping[str, Any],
    key: Ed25519KeyPair,
    *,
    now: datetime,
    loader: BundledLoader | None = None,
) -> dict[str, Any]:
    """``clr`` with the publisher's eddsa-rdfc-2022 proof (assertionMethod) by ``key``."""
    issuer = clr.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if key.controller is None or key.controller != issuer_id:
        raise BundleError(
            f"the key is controlled by {key.controller!r}, not by the issuer {issuer_id!r}",
            code="CLR_KEY_NOT_PUBLISHER",
            field="issuer",
        )
    return sign(clr, key, created=now, suite=EDDSA_RDFC_2022, loader=loader)
