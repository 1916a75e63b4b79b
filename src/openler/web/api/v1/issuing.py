"""/api/v1/orgs/{slug}/...: an issuer's achievements, credentials, status changes, keys and
bulk batches. The caller must hold the issuer role and belong to the organization."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from openler.services.context import Actor
from openler.services.issuer import achievements, bulk, downloads, issuing, keys
from openler.services.issuer.build import Recipient
from openler.services.issuer.identity import Site, organization
from openler.store.models import Achievement, IssueBatch, IssuedCredential
from openler.web.api.v1.schemas import ERRORS, ErrorOut
from openler.web.deps import DB, AppSettings, Now, require_role
from openler.web.issuer_deps import run_in_background

router = APIRouter(prefix="/orgs/{slug}", tags=["issuing"], responses=ERRORS)
Issuer = Annotated[Actor, Depends(require_role("issuer"))]


class AlignmentIn(BaseModel):
    targetName: str  # noqa: N815 (the Open Badges names)
    targetUrl: str  # noqa: N815
    targetCode: str | None = None  # noqa: N815
    targetFramework: str | None = None  # noqa: N815
    targetType: str | None = None  # noqa: N815


class AchievementIn(BaseModel):
    name: str
    description: str
    criteria: str = Field(description="What earns it (criteria narrative)")
    achievement_type: str = Field("Certificate", description="OB 3.0 achievementType")
    alignments: list[AlignmentIn] = []


class AchievementOut(BaseModel):
    id: int
    uid: str
    name: str
    description: str
    criteria: str
    achievement_type: str
    alignments: list[dict[str, Any]]

    @classmethod
    def of(cls, a: Achievement) -> AchievementOut:
        return cls(
            id=a.id, uid=a.uid, name=a.name, description=a.description,
            criteria=a.criteria_narrative, achievement_type=a.achievement_type,
            alignments=a.alignments,
        )  # fmt: skip


class IssueIn(BaseModel):
    achievement_id: int
    email: str
    name: str
    issued_on: date | None = None
    result: str | None = None
    result_status: str | None = None


class IssuedOut(BaseModel):
    uid: str
    achievement_id: int
    recipient: str
    state: str
    revoked_reason: str | None
    issued_at: datetime
    batch_id: int | None

    @classmethod
    def of(cls, c: IssuedCredential) -> IssuedOut:
        return cls(
            uid=c.uid, achievement_id=c.achievement_id, recipient=c.recipient_identifier,
            state=c.state, revoked_reason=c.revoked_reason, issued_at=c.issued_at,
            batch_id=c.batch_id,
        )  # fmt: skip


class ReasonIn(BaseModel):
    reason: str = ""


class BatchOut(BaseModel):
    id: int
    state: str
    row_count: int
    rows_done: int
    source_name: str
    errors: list[dict[str, Any]]
    created_at: datetime
    completed_at: datetime | None

    @classmethod
    def of(cls, b: IssueBatch) -> BatchOut:
        return cls(
            id=b.id, state=b.state, row_count=b.row_count, rows_done=b.rows_done,
            source_name=b.source_name, errors=b.error_report or [], created_at=b.created_at,
            completed_at=b.completed_at,
        )  # fmt: skip


@router.get("/achievements", response_model=list[AchievementOut])
def list_achievements(slug: str, db: DB, actor: Issuer) -> list[AchievementOut]:
    return [AchievementOut.of(a) for a in achievements.of_org(db, organization(db, actor, slug))]


@router.post("/achievements", response_model=AchievementOut, status_code=201)
def define_achievement(
    slug: str, body: AchievementIn, db: DB, now: Now, actor: Issuer
) -> AchievementOut:
    row = achievements.define(
        db, actor, organization(db, actor, slug), name=body.name, description=body.description,
        criteria=body.criteria, achievement_type=body.achievement_type,
        alignments=[a.model_dump(exclude_none=True) for a in body.alignments], now=now,
    )  # fmt: skip
    return AchievementOut.of(row)


@router.post("/credentials", response_model=IssuedOut, status_code=201)
def issue_credential(
    slug: str, body: IssueIn, db: DB, now: Now, actor: Issuer, settings: AppSettings
) -> IssuedOut:
    """Issue one credential; it reaches the recipient's wallet if their email has an account."""
    org = organization(db, actor, slug)
    issued_on = datetime.combine(body.issued_on, time(), UTC) if body.issued_on else None
    who = Recipient(body.email, body.name, issued_on, body.result, body.result_status)
    achievement = achievements.get(db, org, body.achievement_id)
    row = issuing.issue_one(db, actor, Site.from_settings(settings), org, achievement, who, now=now)
    return IssuedOut.of(row)


@router.get("/credentials", response_model=list[IssuedOut])
def list_credentials(
    slug: str,
    db: DB,
    now: Now,
    actor: Issuer,
    state: Literal["active", "revoked", "suspended"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[IssuedOut]:
    rows = issuing.list_issued(
        db, actor, organization(db, actor, slug), now=now, state=state, limit=limit, offset=offset
    )
    return [IssuedOut.of(r) for r in rows]


@router.get(
    "/credentials/{uid}",
    response_class=Response,
    responses={200: {"content": {t: {} for t in downloads.FORMATS.values()}}},
)
def download_credential(
    slug: str,
    uid: str,
    db: DB,
    now: Now,
    actor: Issuer,
    settings: AppSettings,
    format: Literal["json", "jwt", "png", "svg"] = "json",
) -> Response:
    """The credential as JSON, VC-JWT, or baked into a PNG or SVG badge."""
    org = organization(db, actor, slug)
    row = issuing.get_issued(db, org, uid)
    body = downloads.render(db, Site.from_settings(settings), org, row, format, now=now)
    name = uid.rsplit(":", 1)[-1]
    disposition = f'attachment; filename="{name}.{format}"'
    headers = {"Content-Disposition": disposition}
    return Response(body, media_type=downloads.FORMATS[format], headers=headers)


@router.post("/credentials/{uid}/{action}", response_model=IssuedOut)
def change_status(
    slug: str,
    uid: str,
    action: Literal["revoke", "suspend", "reinstate"],
    body: ReasonIn,
    db: DB,
    now: Now,
    actor: Issuer,
    settings: AppSettings,
) -> IssuedOut:
    """Revoke (final; give a reason), suspend or reinstate; the status list is re-signed."""
    site = Site.from_settings(settings)
    row = issuing.change_status(
        db, actor, site, organization(db, actor, slug), uid, action, reason=body.reason, now=now
    )
    return IssuedOut.of(row)


@router.post("/keys/rotate")
def rotate_key(slug: str, db: DB, now: Now, actor: Issuer) -> dict[str, str]:
    """Retire the signing key (it stays in the DID document) and start signing with a new one."""
    new = keys.rotate(db, actor, organization(db, actor, slug), now=now)
    return {"key_id": new.key_id, "publicKeyMultibase": new.public_key_multibase}


@router.post("/batches", response_model=BatchOut, status_code=202)
def create_batch(
    slug: str,
    achievement_id: int,
    file: UploadFile,
    request: Request,
    background: BackgroundTasks,
    db: DB,
    now: Now,
    actor: Issuer,
    settings: AppSettings,
) -> BatchOut:
    """Upload a CSV (columns in docs/credentials.md). Every row is checked first: a bad file
    gives a ``failed`` batch with the per-row errors; a good one is signed in the background
    (poll ``GET /batches/{id}``)."""
    # A body over 64 MB never gets here (security.MAX_FORM_BYTES, answered as
    # REQUEST_TOO_LARGE); a sync handler, so the read runs in the thread pool.
    data = file.file.read()
    org = organization(db, actor, slug)
    site = Site.from_settings(settings)
    batch = bulk.create_batch(
        db, actor, site, org, achievements.get(db, org, achievement_id),
        source_name=file.filename or "upload.csv", data=data, now=now,
    )  # fmt: skip
    if batch.state == "validated":
        run_in_background(background, request, actor, site, batch.id)
    return BatchOut.of(batch)


@router.get("/batches/{batch_id}", response_model=BatchOut)
def batch_status(slug: str, batch_id: int, db: DB, actor: Issuer) -> BatchOut:
    org = organization(db, actor, slug)
    return BatchOut.of(bulk.get_org_batch(db, actor, org, batch_id))


@router.post(
    "/batches/{batch_id}/resume",
    response_model=BatchOut,
    status_code=202,
    responses={409: {"model": ErrorOut, "description": "Being signed now, or nothing to resume"}},
)
def resume_batch(
    slug: str,
    batch_id: int,
    request: Request,
    background: BackgroundTasks,
    db: DB,
    now: Now,
    actor: Issuer,
    settings: AppSettings,
) -> BatchOut:
    """Resume an interrupted batch: the rows not stored yet are signed in the background
    (poll ``GET /batches/{id}``), none twice. Refused (409) while another runner signs it."""
    batch = bulk.get_org_batch(db, actor, organization(db, actor, slug), batch_id)
    runner = bulk.resume(db, actor, batch_id, now=now)
    run_in_background(background, request, actor, Site.from_settings(settings), batch_id, runner)
    return BatchOut.of(batch)
