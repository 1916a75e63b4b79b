"""Presentation shares: the records delivered as a verifiable presentation bound to one
recipient (``openler.credentials.presentations``).

The worker names the recipient's domain (its web origin or DID) and may give the challenge
the recipient asked for; otherwise a fresh one is made, for the worker to pass on with the
link. The presentation is signed by the worker's holder did:key when the link is opened, so
it always carries the records as they are now held; its proof ``expires`` with the share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from openler.credentials.presentations import new_challenge, present, verify_presentation
from openler.credentials.verify import VerificationReport
from openler.errors import ValidationError
from openler.services.context import Actor
from openler.services.wallet import holder
from openler.services.wallet.sources import LocalVerifier
from openler.store.models import WalletCredential, WalletShare


@dataclass(frozen=True)
class Binding:
    domain: str
    challenge: str


def binding(
    db: Session,
    actor: Actor,
    rows: Sequence[WalletCredential],
    domain: str,
    challenge: str,
    *,
    now: datetime,
) -> Binding:
    """Check a presentation share's request; make the holder key if it is the first."""
    domain, challenge = domain.strip(), challenge.strip()
    if not domain or len(domain) > 300 or any(c.isspace() for c in domain):
        raise ValidationError(
            "Name the recipient's domain, e.g. https://hiring.acme.example (no spaces, "
            "up to 300 characters).",
            field="domain",
        )
    if len(challenge) > 200 or any(c.isspace() for c in challenge):
        raise ValidationError(
            "The challenge is the code the recipient gave you (no spaces, up to 200 "
            "characters); leave it empty to have one made.",
            field="challenge",
        )
    jwt = [n for n, row in enumerate(rows, start=1) if row.format != "json"]
    if jwt:
        raise ValidationError(
            f"A presentation carries JSON credentials; record {jwt[0]} of your selection is "
            "a VC-JWT. Share it as a link instead.",
            field="credentials",
        )
    holder.holder_key(db, actor, now=now)
    return Binding(domain, challenge or new_challenge())


@dataclass(frozen=True)
class Presentation:
    document: dict[str, Any]
    report: VerificationReport


def presentation(
    db: Session,
    verifier: LocalVerifier,
    share: WalletShare,
    rows: Sequence[WalletCredential],
    *,
    now: datetime,
) -> Presentation:
    """The share's records as a presentation signed now, and its verification for the
    recipient's domain and challenge."""
    key = holder.stored_key(db, share.owner_user_id)
    assert key is not None  # made when the share was created
    assert share.domain is not None
    document = present(
        [row.credential for row in rows],
        key,
        domain=share.domain,
        challenge=share.challenge,
        expires=share.expires_at,
        now=now,
    )
    report = verify_presentation(
        document,
        resolver=verifier.resolver,
        fetch_status=verifier.fetch_status,
        now=now,
        domain=share.domain,
        challenge=share.challenge,
    )
    return Presentation(document, report)
