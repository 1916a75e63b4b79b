"""/api/v1/wallet: a worker's credentials and shares; /api/v1/shared: a share, for anyone.

Every credential comes with a verification report made at the time of the request.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, Response, UploadFile
from pydantic import BaseModel, Field

from openler.credentials.verify import VerificationReport
from openler.services.wallet import building, records, shares
from openler.services.wallet.records import CredentialView
from openler.web.api.v1.schemas import ERRORS
from openler.web.deps import DB, AppSettings, Now, public
from openler.web.wallet_deps import Verifier, Worker, open_share, read_upload, share_url

router = APIRouter(tags=["wallet"], responses=ERRORS)
SHARED_PATH = "/shared/"  # a share for anyone; rate-limited per client (app.py)


class CheckOut(BaseModel):
    id: str
    status: str
    code: str
    message: str


class ReportOut(BaseModel):
    verified: bool
    input_kind: str
    checks: list[CheckOut]
    warnings: list[str]
    nested: list[ReportOut]

    @classmethod
    def of(cls, report: VerificationReport) -> ReportOut:
        return cls(
            verified=report.verified,
            input_kind=report.input_kind,
            checks=[CheckOut(**c.to_json()) for c in report.checks],
            warnings=list(report.warnings),
            nested=[cls.of(n) for n in report.nested],
        )


class WalletCredentialOut(BaseModel):
    id: int
    source: str = Field(description="issued (by an organization in OpenLER) or uploaded")
    format: str = Field(description="json (Data Integrity) or jwt (VC-JWT)")
    added_at: datetime
    name: str
    issuer: str
    achievement: str
    valid_from: str
    valid_until: str
    state: str = Field(description="verified, revoked, suspended, expired or not_verified")
    report: ReportOut
    credential: Any = Field(None, description="the credential as held (in detail views)")

    @classmethod
    def of(cls, view: CredentialView, credential: Any = None) -> WalletCredentialOut:
        s = view.summary
        return cls(
            id=view.id,
            source=view.source,
            format=view.format,
            added_at=view.added_at,
            name=s.name,
            issuer=s.issuer,
            achievement=s.achievement,
            valid_from=s.valid_from,
            valid_until=s.valid_until,
            state=view.state,
            report=ReportOut.of(view.report),
            credential=credential,
        )


@router.get("/wallet/credentials", response_model=list[WalletCredentialOut])
def list_credentials(db: DB, now: Now, actor: Worker, verifier: Verifier) -> Any:
    return [WalletCredentialOut.of(v) for v in records.list_mine(db, actor, verifier, now=now)]


@router.get("/wallet/credentials/{credential_id}", response_model=WalletCredentialOut)
def get_credential(
    credential_id: int, db: DB, now: Now, actor: Worker, verifier: Verifier
) -> WalletCredentialOut:
    view = records.get_mine(db, actor, verifier, credential_id, now=now)
    return WalletCredentialOut.of(view, records.own_row(db, actor, credential_id).credential)


class UploadOut(BaseModel):
    id: int
    report: ReportOut


@router.post("/wallet/credentials", response_model=UploadOut, status_code=201)
async def upload_credential(
    db: DB, now: Now, actor: Worker, verifier: Verifier, file: Annotated[UploadFile, File()]
) -> UploadOut:
    """Verify a credential (JSON, VC-JWT, baked PNG or SVG; up to 5 MB) and keep it."""
    upload = records.upload(db, actor, verifier, await read_upload(file), now=now)
    return UploadOut(id=upload.kept.id, report=ReportOut.of(upload.report))


@router.post("/wallet/verify", response_model=ReportOut)
async def verify_credential(
    now: Now, actor: Worker, verifier: Verifier, file: Annotated[UploadFile, File()]
) -> ReportOut:
    """Verify a credential without keeping it."""
    return ReportOut.of(records.check(verifier, await read_upload(file), now=now))


class MakeIn(BaseModel):
    credentials: list[int] = Field(description="ids of your wallet credentials to build from")
    kind: str = Field(description="clr (a CLR 2.0 bundle) or resume (an LER-RS VC-JWT)")
    title: str = Field("", description="the CLR's name")


@router.post("/wallet/make", response_model=WalletCredentialOut, status_code=201)
def make_credential(
    body: MakeIn, db: DB, now: Now, actor: Worker, verifier: Verifier
) -> WalletCredentialOut:
    """Make a CLR or a résumé from your credentials, signed by your did:key, and keep it."""
    row = building.make(db, actor, body.credentials, body.kind, title=body.title, now=now)
    view = records.view_of(row, verifier, now)
    return WalletCredentialOut.of(view, row.credential)


@router.delete("/wallet/credentials/{credential_id}", status_code=204)
def remove_credential(credential_id: int, db: DB, now: Now, actor: Worker) -> Response:
    records.remove(db, actor, credential_id, now=now)
    return Response(status_code=204)


class NewShareIn(BaseModel):
    credentials: list[int] = Field(description="ids of your wallet credentials, in order")
    expires_at: datetime = Field(description="when the link stops working (1 hour to 1 year)")
    recipient_label: str = Field("", description="who it is for, for you (e.g. 'Acme hiring')")
    kind: str = Field("link", description="link, or presentation (also a signed VP)")
    domain: str = Field("", description="a presentation's recipient: web origin or DID")
    challenge: str = Field(
        "", description="the recipient's challenge for a presentation; empty: one is made"
    )


class ShareOut(BaseModel):
    id: int
    kind: str
    state: str = Field(description="active, expired or withdrawn")
    recipient_label: str | None
    domain: str | None
    challenge: str | None
    credentials: list[int]
    created_at: datetime
    expires_at: datetime
    withdrawn_at: datetime | None
    views: int

    @classmethod
    def of(cls, summary: shares.ShareSummary) -> ShareOut:
        share = summary.share
        return cls(
            id=share.id,
            kind=share.kind,
            state=summary.state,
            recipient_label=share.recipient_label,
            domain=share.domain,
            challenge=share.challenge,
            credentials=[i.wallet_credential_id for i in share.items],
            created_at=share.created_at,
            expires_at=share.expires_at,
            withdrawn_at=share.withdrawn_at,
            views=summary.views,
        )


class NewShareOut(ShareOut):
    url: str = Field(description="the link to give the recipient; shown this once only")


@router.get("/wallet/shares", response_model=list[ShareOut])
def list_shares(db: DB, now: Now, actor: Worker) -> list[ShareOut]:
    return [ShareOut.of(s) for s in shares.list_mine(db, actor, now=now)]


@router.post("/wallet/shares", response_model=NewShareOut, status_code=201)
def create_share(
    body: NewShareIn, db: DB, now: Now, settings: AppSettings, actor: Worker
) -> NewShareOut:
    new = shares.create(
        db,
        actor,
        body.credentials,
        expires_at=body.expires_at,
        recipient_label=body.recipient_label,
        kind=body.kind,
        domain=body.domain,
        challenge=body.challenge,
        now=now,
    )
    summary = shares.ShareSummary(new.share, "active", 0)
    return NewShareOut(**ShareOut.of(summary).model_dump(), url=share_url(settings, new.token))


def _summary(db: DB, actor: Worker, share_id: int, now: datetime) -> shares.ShareSummary:
    return next(s for s in shares.list_mine(db, actor, now=now) if s.share.id == share_id)


@router.delete("/wallet/shares/{share_id}", response_model=ShareOut)
def withdraw_share(share_id: int, db: DB, now: Now, actor: Worker) -> ShareOut:
    """Withdraw a share: its link stops working at once."""
    shares.withdraw(db, actor, share_id, now=now)
    return ShareOut.of(_summary(db, actor, share_id, now))


class ShareViewOut(BaseModel):
    at: datetime
    channel: str = Field(description="page, json, or download N")
    agent: str = Field(description="the viewer's browser family (nothing more is recorded)")


@router.get("/wallet/shares/{share_id}/views", response_model=list[ShareViewOut])
def share_views(share_id: int, db: DB, actor: Worker) -> list[ShareViewOut]:
    return [ShareViewOut(**v.__dict__) for v in shares.views(db, actor, share_id)]


class RecordOut(BaseModel):
    """A credential as a person reads it: what it says, its state and how it was checked."""

    name: str
    issuer: str
    achievement: str
    valid_from: str
    valid_until: str
    state: str = Field(description="verified, revoked, suspended, expired or not_verified")
    report: ReportOut

    @classmethod
    def fields_of(cls, report: VerificationReport) -> dict[str, Any]:
        summary = records.summarize(report.credential)
        return dict(**asdict(summary), state=records.state_of(report), report=ReportOut.of(report))


class SharedCredentialOut(RecordOut):
    credential: Any


class SharedOut(BaseModel):
    expires_at: datetime
    credentials: list[SharedCredentialOut]
    presentation: dict[str, Any] | None = Field(
        None, description="a presentation share: the VP, signed now by the worker's did:key"
    )
    presentation_report: ReportOut | None = Field(
        None, description="the VP verified for its recipient's domain and challenge"
    )


@router.get(
    SHARED_PATH + "{token}",
    response_model=SharedOut,
    responses={
        404: {"description": "No such share"},
        410: {"description": "Withdrawn or expired"},
        429: {"description": "`RATE_LIMITED`: too many views from this client address"},
    },
    dependencies=[Depends(public)],
)
def shared(
    token: str,
    request: Request,
    response: Response,
    db: DB,
    now: Now,
    verifier: Verifier,
) -> SharedOut:
    """A share's credentials, each verified now (no account needed; the view is logged for
    the worker who shared them, without saying who viewed)."""
    opened = open_share(request, db, verifier, token, "json", now)
    rows = {r.id: r.credential for r in shares.shared_rows(db, opened.share)}
    response.headers["Cache-Control"] = "no-store"
    vp = opened.presentation
    return SharedOut(
        expires_at=opened.share.expires_at,
        presentation=vp.document if vp else None,
        presentation_report=ReportOut.of(vp.report) if vp else None,
        credentials=[
            SharedCredentialOut(**RecordOut.fields_of(v.report), credential=rows.get(v.id))
            for v in opened.credentials
        ],
    )
