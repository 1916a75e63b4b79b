"""/api/v1/audit: search the audit log (administrators)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends

from openler.services import audit
from openler.services.context import Actor
from openler.web.api.v1.schemas import ERRORS, AuditEntryOut
from openler.web.deps import DB, Now, require_role

router = APIRouter(tags=["audit"], responses=ERRORS)
Admin = Annotated[Actor, Depends(require_role("admin"))]


@router.get("/audit", response_model=list[AuditEntryOut])
def search(
    db: DB,
    now: Now,
    actor: Admin,
    email: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AuditEntryOut]:
    views = audit.search(
        db,
        actor,
        now=now,
        person_email=email,
        action=action,
        since=since,
        until=until,
        limit=min(max(limit, 1), 1000),
        offset=max(offset, 0),
    )
    return [AuditEntryOut.of(v) for v in views]
