"""What the wallet's pages and API share: the worker actor, the verifier, share links."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request, UploadFile
from sqlalchemy.orm import Session

from openler.config import Settings
from openler.errors import ValidationError
from openler.services.context import Actor
from openler.services.issuer.identity import Site
from openler.services.wallet import shares
from openler.services.wallet.records import MAX_UPLOAD_BYTES
from openler.services.wallet.sources import LocalVerifier
from openler.web.deps import DB, AppSettings, require_role

Worker = Annotated[Actor, Depends(require_role("worker"))]

SHARE_PATH = "/s/"

# The expiries offered on the share form (the API takes any moment from 1 hour to 1 year).
DURATIONS = {
    "1h": timedelta(hours=1),
    "1d": timedelta(days=1),
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
    "90d": timedelta(days=90),
    "365d": timedelta(days=365),
}


def get_verifier(db: DB, settings: AppSettings) -> LocalVerifier:
    return LocalVerifier(db, Site.from_settings(settings))


Verifier = Annotated[LocalVerifier, Depends(get_verifier)]


def share_url(settings: Settings, token: str) -> str:
    return f"{settings.public_url.rstrip('/')}{SHARE_PATH}{token}"


def duration(value: str) -> timedelta:
    if value not in DURATIONS:
        raise ValidationError(
            f"Choose how long the link works: one of {', '.join(DURATIONS)}.", field="duration"
        )
    return DURATIONS[value]


def open_share(
    request: Request, db: Session, verifier: LocalVerifier, token: str, channel: str, now: datetime
) -> shares.OpenedShare:
    """A live share opened by whoever holds the link (the view goes to the owner's log)."""
    agent = request.headers.get("user-agent")
    return shares.open_shared(db, verifier, token, channel=channel, user_agent=agent, now=now)


async def read_upload(file: UploadFile | None) -> bytes:
    """The uploaded bytes, read no further than the limit (a larger file is refused)."""
    if file is None:
        return b""
    return await file.read(MAX_UPLOAD_BYTES + 1)
