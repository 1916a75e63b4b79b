"""/api/v1/me: who the caller is, their audit log and their data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from openler.services import audit, privacy
from openler.web.api.v1.schemas import ERRORS, AuditEntryOut, MeOut, UserOut
from openler.web.deps import DB, Now, SignedIn

router = APIRouter(tags=["me"], responses=ERRORS)


@router.get("/me", response_model=MeOut)
def me(request: Request, actor: SignedIn) -> MeOut:
    user = request.state.caller.user
    return MeOut(**UserOut.of(user).model_dump(), acting_role=actor.role, via=actor.via)


@router.get("/me/audit", response_model=list[AuditEntryOut])
def my_audit(db: DB, actor: SignedIn, limit: int = 100, offset: int = 0) -> list[AuditEntryOut]:
    """Who read or changed the caller's data, newest first."""
    views = audit.my_log(db, actor, limit=min(max(limit, 1), 1000), offset=max(offset, 0))
    return [AuditEntryOut.of(v) for v in views]


@router.get("/me/export")
def export(db: DB, now: Now, actor: SignedIn) -> dict[str, Any]:
    """Everything OpenLER holds about the caller (the export is itself logged)."""
    return privacy.export(db, actor, now=now)
