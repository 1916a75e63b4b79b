"""Builders for wallet tests: a worker, credentials from elsewhere (did:key) and from here."""

from __future__ import annotations

import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from openler.credentials.baking import bake
from openler.credentials.dids import did_key, did_key_method_id
from openler.credentials.jwt import sign_vc_jwt
from openler.credentials.keys import Ed25519KeyPair
from openler.credentials.proofs import sign
from openler.services.context import Actor
from openler.services.issuer import badge_image, issuing
from openler.services.issuer.build import Recipient
from openler.services.wallet.sources import LocalVerifier
from openler.store.models import IssuedCredential, User
from tests.credentials.core_support import small_badge
from tests.issuing.helpers import SITE, IssuerSetup
from tests.services.helpers import make_user
from tests.support.clock import FakeClock

SEED = bytes(range(32))


def outside_key() -> Ed25519KeyPair:
    """An issuer elsewhere, with a did:key (resolvable offline, as the wallet requires)."""
    pair = Ed25519KeyPair.from_seed(SEED)
    return pair.with_id(did_key_method_id(pair.public_key), did_key(pair.public_key))


def outside_credential(**changes: Any) -> dict[str, Any]:
    key = outside_key()
    assert key.controller is not None
    badge = small_badge(key.controller)
    badge.update(changes)
    return sign(badge, key, created="2025-01-15T00:00:00Z")


def as_bytes(credential: dict[str, Any]) -> bytes:
    return json.dumps(credential).encode()


def outside_jwt() -> str:
    key = outside_key()
    assert key.seed is not None
    assert key.controller is not None
    badge = small_badge(key.controller)
    return sign_vc_jwt(badge, Ed25519PrivateKey.from_private_bytes(key.seed), kid=key.id)


def baked_png(credential: dict[str, Any]) -> bytes:
    return bake(badge_image.png(), credential)


def baked_svg(credential: dict[str, Any]) -> bytes:
    return bake(badge_image.svg("Forklift"), credential)


def worker(db: Session, clock: FakeClock, email: str = "ana@example.org") -> tuple[User, Actor]:
    user = make_user(db, clock, email=email)
    return user, Actor.for_user(user, "web", "worker")


def verifier(db: Session) -> LocalVerifier:
    return LocalVerifier(db, SITE)


def issue_to(db: Session, clock: FakeClock, s: IssuerSetup, email: str) -> IssuedCredential:
    recipient = Recipient(email=email, name="Ana Pérez")
    return issuing.issue_one(db, s.actor, SITE, s.org, s.achievement, recipient, now=clock())
