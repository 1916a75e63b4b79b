"""Issuer pages: achievements, issuing one credential or a CSV batch, what was issued (with
revoke, suspend, reinstate and downloads). Server-rendered; forms work without JavaScript."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from openler.credentials.models.ob3 import ACHIEVEMENT_TYPES
from openler.errors import ConflictError, OpenLERError, ValidationError
from openler.services.context import Actor
from openler.services.issuer import achievements, batch_runs, bulk, downloads, issuing, keys
from openler.services.issuer.build import Recipient
from openler.services.issuer.identity import Site, organization
from openler.store import repositories as repo
from openler.store.models import Organization
from openler.web.deps import DB, AppSettings, Now, require_role
from openler.web.i18n import gettext_ as _
from openler.web.issuer_deps import run_in_background
from openler.web.templating import render

router = APIRouter(prefix="/issuer/orgs")
Issuer = Annotated[Actor, Depends(require_role("issuer"))]
Text = Annotated[str, Form()]


@router.get("")
def organizations(request: Request, db: DB, actor: Issuer, rotated: str = "") -> Response:
    orgs = [o for o in repo.list_organizations(db) if o.id in actor.organization_ids]
    return render(request, "issuer_orgs.html", {"orgs": orgs, "rotated": rotated})


def _achievements_page(
    request: Request, db: DB, org: Organization, error: str = "", form: dict[str, str] | None = None
) -> Response:
    context = {
        "org": org,
        "achievements": achievements.of_org(db, org),
        "types": ACHIEVEMENT_TYPES,
        "error": error,
        "form": form or {},
    }
    return render(request, "issuer_achievements.html", context, 422 if error else 200)


@router.get("/{slug}/achievements")
def achievements_page(request: Request, slug: str, db: DB, actor: Issuer) -> Response:
    return _achievements_page(request, db, organization(db, actor, slug))


@router.post("/{slug}/achievements")
def define_achievement(
    request: Request,
    slug: str,
    db: DB,
    now: Now,
    actor: Issuer,
    name: Text = "",
    description: Text = "",
    criteria: Text = "",
    achievement_type: Text = "Certificate",
    target_name: Text = "",
    target_url: Text = "",
    target_code: Text = "",
    target_framework: Text = "",
) -> Response:
    org = organization(db, actor, slug)
    alignment = {
        "targetName": target_name,
        "targetUrl": target_url,
        "targetCode": target_code,
        "targetFramework": target_framework,
    }
    alignments = [alignment] if target_name or target_url else []
    try:
        achievements.define(
            db, actor, org, name=name, description=description, criteria=criteria,
            achievement_type=achievement_type, alignments=alignments, now=now,
        )  # fmt: skip
    except ValidationError as error:
        db.rollback()
        form = {"name": name, "description": description, "criteria": criteria, **alignment}
        return _achievements_page(request, db, org, error.message, form)
    return RedirectResponse(f"/issuer/orgs/{slug}/achievements", status_code=303)


def _issue_page(request: Request, db: DB, org: Organization, **extra: object) -> Response:
    status = 422 if extra.get("error") else 200
    context = {"org": org, "achievements": achievements.of_org(db, org), "form": {}, **extra}
    return render(request, "issuer_issue.html", context, status)


@router.get("/{slug}/issue")
def issue_page(request: Request, slug: str, db: DB, actor: Issuer) -> Response:
    return _issue_page(request, db, organization(db, actor, slug))


@router.post("/{slug}/issue")
def issue_one(
    request: Request,
    slug: str,
    db: DB,
    now: Now,
    actor: Issuer,
    settings: AppSettings,
    achievement_id: Annotated[int, Form()],
    email: Text = "",
    name: Text = "",
    issued_on: Text = "",
    result: Text = "",
) -> Response:
    org = organization(db, actor, slug)
    try:
        day = (
            datetime.combine(datetime.fromisoformat(issued_on), time(), UTC) if issued_on else None
        )
    except ValueError:
        return _issue_page(request, db, org, error=_("Enter the date as YYYY-MM-DD."), form={})
    try:
        achievement = achievements.get(db, org, achievement_id)
        who = Recipient(email, name, day, result or None)
        row = issuing.issue_one(
            db, actor, Site.from_settings(settings), org, achievement, who, now=now
        )
    except OpenLERError as error:
        db.rollback()
        form = {"email": email, "name": name, "issued_on": issued_on, "result": result}
        return _issue_page(request, db, org, error=error.message, form=form)
    return _issue_page(request, db, org, issued=row)


@router.post("/{slug}/batches")
def upload_batch(
    request: Request,
    slug: str,
    db: DB,
    now: Now,
    actor: Issuer,
    settings: AppSettings,
    background: BackgroundTasks,
    file: UploadFile,
    achievement_id: Annotated[int, Form()],
) -> Response:
    org = organization(db, actor, slug)
    site = Site.from_settings(settings)
    try:
        batch = bulk.create_batch(
            db, actor, site, org, achievements.get(db, org, achievement_id),
            source_name=file.filename or "upload.csv", data=file.file.read(), now=now,
        )  # fmt: skip
    except OpenLERError as error:
        db.rollback()
        return _issue_page(request, db, org, batch_error=error.message)
    if batch.state == "validated":
        run_in_background(background, request, actor, site, batch.id)
    return RedirectResponse(f"/issuer/orgs/{slug}/batches/{batch.id}", status_code=303)


def _batch_page(
    request: Request, db: DB, now: datetime, actor: Actor, org: Organization, batch_id: int,
    error: str = "",
) -> Response:  # fmt: skip
    batch = bulk.get_org_batch(db, actor, org, batch_id)
    context = {
        "org": org,
        "batch": batch,
        "running": batch_runs.is_running(batch, now),
        "resumable": batch_runs.resumable(batch, now),
        "error": error,
    }
    return render(request, "issuer_batch.html", context, 409 if error else 200)


@router.get("/{slug}/batches/{batch_id}")
def batch_page(
    request: Request, slug: str, batch_id: int, db: DB, now: Now, actor: Issuer
) -> Response:
    return _batch_page(request, db, now, actor, organization(db, actor, slug), batch_id)


@router.post("/{slug}/batches/{batch_id}/resume")
def resume_batch(
    request: Request,
    slug: str,
    batch_id: int,
    db: DB,
    now: Now,
    actor: Issuer,
    settings: AppSettings,
    background: BackgroundTasks,
) -> Response:
    """Resume an interrupted batch in the background (refused while it is being signed)."""
    org = organization(db, actor, slug)
    bulk.get_org_batch(db, actor, org, batch_id)
    try:
        runner = bulk.resume(db, actor, batch_id, now=now)
    except ConflictError as error:
        db.rollback()
        return _batch_page(request, db, now, actor, org, batch_id, error.message)
    run_in_background(background, request, actor, Site.from_settings(settings), batch_id, runner)
    return RedirectResponse(f"/issuer/orgs/{slug}/batches/{batch_id}", status_code=303)


@router.get("/{slug}/issued")
def issued_page(request: Request, slug: str, db: DB, now: Now, actor: Issuer) -> Response:
    org = organization(db, actor, slug)
    rows = issuing.list_issued(db, actor, org, now=now)
    names = {a.id: a.name for a in achievements.of_org(db, org)}
    context = {"org": org, "rows": rows, "names": names, "formats": list(downloads.FORMATS)}
    return render(request, "issuer_issued.html", context)


@router.post("/{slug}/issued/{uid}/{action}")
def change_status(
    request: Request,
    slug: str,
    uid: str,
    action: str,
    db: DB,
    now: Now,
    actor: Issuer,
    settings: AppSettings,
    reason: Text = "",
) -> Response:
    org = organization(db, actor, slug)
    site = Site.from_settings(settings)
    issuing.change_status(db, actor, site, org, uid, action, reason=reason, now=now)
    return RedirectResponse(f"/issuer/orgs/{slug}/issued", status_code=303)


@router.get("/{slug}/issued/{uid}/download/{fmt}")
def download(
    slug: str, uid: str, fmt: str, db: DB, now: Now, actor: Issuer, settings: AppSettings
) -> Response:
    org = organization(db, actor, slug)
    row = issuing.get_issued(db, org, uid)
    body = downloads.render(db, Site.from_settings(settings), org, row, fmt, now=now)
    headers = {"Content-Disposition": f'attachment; filename="{uid.rsplit(":", 1)[-1]}.{fmt}"'}
    return Response(body, media_type=downloads.FORMATS[fmt], headers=headers)


@router.post("/{slug}/keys/rotate")
def rotate_key(request: Request, slug: str, db: DB, now: Now, actor: Issuer) -> Response:
    """Retire the signing key (it stays published for old credentials) and make a new one."""
    keys.rotate(db, actor, organization(db, actor, slug), now=now)
    return RedirectResponse("/issuer/orgs?rotated=" + slug, status_code=303)
