"""The unsigned Open Badges 3.0 credential for one recipient (pure: no database).

Kept apart from the services so that the signing processes of a bulk issue import little.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    issued_on: datetime | None = None  # validFrom; the issue time when None
    result: str | None = None
    result_status: str | None = None


@lru_cache(maxsize=4096)  # a batch repeats a few dates thousands of times
def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def hashed_email(email: str, salt: str) -> str:
    """OB 3.0 IdentityHash: ``sha256$`` + hex SHA-256 of the identity followed by the salt."""
    return "sha256$" + hashlib.sha256((email.lower() + salt).encode()).hexdigest()


def _subject(achievement: dict[str, Any], who: Recipient) -> dict[str, Any]:
    salt = secrets.token_hex(8)
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        # The email is hashed (salted) so a shared credential does not publish it; the
        # holder proves it is theirs by showing the address and the salt.
        "identifier": [
            {
                "type": "IdentityObject",
                "hashed": True,
                "identityHash": hashed_email(who.email, salt),
                "identityType": "emailAddress",
                "salt": salt,
            },
            {
                "type": "IdentityObject",
                "hashed": False,
                "identityHash": who.name,
                "identityType": "ext:name",
            },
        ],
        "achievement": achievement,
    }
    if who.result is not None or who.result_status is not None:
        result: dict[str, Any] = {"type": ["Result"]}
        if who.result is not None:
            result["value"] = who.result
        if who.result_status is not None:
            result["status"] = who.result_status
        subject["result"] = [result]
    return subject


def unsigned_credential(
    *,
    uid: str,
    issuer: dict[str, Any],
    achievement: dict[str, Any],
    recipient: Recipient,
    issued_at: datetime,
    status: dict[str, Any],
) -> dict[str, Any]:
    """An OpenBadgeCredential. OB 3.0 allows one ``credentialStatus`` (0..1), so it names
    the revocation list entry only."""
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": uid,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement["name"],
        "issuer": issuer,
        "validFrom": iso(recipient.issued_on or issued_at),
        "credentialSubject": _subject(achievement, recipient),
        "credentialStatus": status,
    }
