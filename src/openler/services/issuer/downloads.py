"""A stored credential as JSON, as a VC-JWT, or baked into a badge image.

The Data Integrity credential is the one that was issued. The VC-JWT secures the same
credential (its ``proof`` removed) with EdDSA by the organization's current key, since a
retired key never signs again; its ``kid`` is that key's verification method in the DID.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from openler.credentials.baking import bake
from openler.credentials.jwt import sign_vc_jwt
from openler.errors import ValidationError
from openler.services.issuer import badge_image
from openler.services.issuer.identity import Site
from openler.services.issuer.keys import current_key, signing_pair
from openler.store.models import IssuedCredential, Organization

FORMATS = {
    "json": "application/vc+ld+json",
    "jwt": "application/vc+jwt",
    "png": "image/png",
    "svg": "image/svg+xml",
}


def as_json(row: IssuedCredential) -> bytes:
    return json.dumps(row.credential, indent=2, ensure_ascii=False).encode()


def as_jwt(
    db: Session, site: Site, org: Organization, row: IssuedCredential, *, now: datetime
) -> str:
    pair = signing_pair(db, site, org, current_key(db, org, now=now))
    assert pair.seed is not None
    unsigned: dict[str, Any] = {k: v for k, v in row.credential.items() if k != "proof"}
    return sign_vc_jwt(unsigned, Ed25519PrivateKey.from_private_bytes(pair.seed), kid=pair.id)


def render(
    db: Session, site: Site, org: Organization, row: IssuedCredential, fmt: str, *, now: datetime
) -> bytes:
    """The credential in ``fmt`` (json, jwt, png, svg)."""
    if fmt == "json":
        return as_json(row)
    if fmt == "jwt":
        return as_jwt(db, site, org, row, now=now).encode()
    if fmt == "png":
        return bake(badge_image.png(), row.credential)
    if fmt == "svg":
        return bake(badge_image.svg(str(row.credential.get("name", ""))), row.credential)
    raise ValidationError(f"Download as one of {', '.join(FORMATS)}, not {fmt!r}.", field="format")
