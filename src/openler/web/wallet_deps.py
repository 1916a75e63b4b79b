"""What the wallet's pages and API share: the worker actor, the verifier, share links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

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
from openler.web.security import MAX_FORM_BYTES

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


# Forms that take a credential as a file or as pasted text. Starlette keeps a text field to
# 1 MB and answers a larger one with a bare 400; a pasted credential may be up to
# MAX_UPLOAD_BYTES, and a larger one must get the service's error naming the field and the
# limit. So a text field may be as large as the whole form (MAX_FORM_BYTES, checked first).
UPLOAD_FORM_LIMITS: Any = {"max_part_size": MAX_FORM_BYTES}


@dataclass(frozen=True)
class Submitted:
    """A credential as sent: its bytes and the form field they came from."""

    data: bytes
    field: str


async def submitted(file: UploadFile | None, text: str) -> Submitted:
    """Pasted text if there is any, else the file (so a stale file choice does not win)."""
    if text.strip():
        return Submitted(text.encode(), "text")
    return Submitted(await read_upload(file), "file")
