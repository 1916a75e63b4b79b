"""The worker's "My records": list, detail with the verification report, add (upload or
paste) and check, remove, share a selection as a link, and the shares with their views."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from openler.errors import OpenLERError
from openler.services.wallet import building, records, shares
from openler.web.deps import DB, AppSettings, Now
from openler.web.templating import render
from openler.web.wallet_deps import (
    DURATIONS,
    UPLOAD_FORM_LIMITS,
    Verifier,
    Worker,
    duration,
    share_url,
    submitted,
)

router = APIRouter(prefix="/worker")

NO_STORE = {"Cache-Control": "no-store"}


def _page(
    request: Request, template: str, context: dict[str, object], status: int = 200
) -> Response:
    response = render(request, template, context, status)
    response.headers.update(NO_STORE)
    return response


def _records_page(
    request: Request, db: DB, now: Now, actor: Worker, verifier: Verifier,
    extra: Mapping[str, object] | None = None, status: int = 200,
) -> Response:  # fmt: skip
    context: dict[str, object] = {
        "records": records.list_mine(db, actor, verifier, now=now),
        "durations": list(DURATIONS),
        "chosen": [],
        "label": "",
        "duration": "7d",
        "kind": "link",
        "domain": "",
        "challenge": "",
    }
    context.update(extra or {})
    return _page(request, "wallet_records.html", context, status)


@router.get("/records")
def my_records(request: Request, db: DB, now: Now, actor: Worker, verifier: Verifier) -> Response:
    return _records_page(request, db, now, actor, verifier)


@router.get("/records/add")
def add_form(request: Request, actor: Worker) -> Response:
    return _page(request, "wallet_add.html", {"max_mb": records.MAX_UPLOAD_BYTES // 2**20})


@router.post("/records/add", form_limits=UPLOAD_FORM_LIMITS)
async def add(
    request: Request,
    db: DB,
    now: Now,
    actor: Worker,
    verifier: Verifier,
    file: UploadFile | None = None,
    text: Annotated[str, Form()] = "",
    action: Annotated[str, Form()] = "check",
) -> Response:
    """Check a credential (keep nothing), or check and keep it (``action=keep``)."""
    sent = await submitted(file, text)
    context: dict[str, object] = {"max_mb": records.MAX_UPLOAD_BYTES // 2**20}
    try:
        if action == "keep":
            upload = records.upload(db, actor, verifier, sent.data, now=now, field=sent.field)
            report, context["kept"] = upload.report, upload.kept.id
        else:
            report = records.check(verifier, sent.data, now=now, field=sent.field)
    except OpenLERError as exc:
        context.update(error=exc.message, error_field=exc.field)
        return _page(request, "wallet_add.html", context, exc.http_status)
    context.update(report=report, summary=records.summarize(report.credential))
    return _page(request, "wallet_add.html", context)


@router.get("/records/{credential_id}")
def record(
    request: Request, credential_id: int, db: DB, now: Now, actor: Worker, verifier: Verifier
) -> Response:
    view = records.get_mine(db, actor, verifier, credential_id, now=now)
    return _page(request, "wallet_record.html", {"record": view})


@router.get("/records/{credential_id}/download")
def download(credential_id: int, db: DB, actor: Worker) -> Response:
    body, media_type, extension = records.download(records.own_row(db, actor, credential_id))
    filename = f"record-{credential_id}.{extension}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"', **NO_STORE}
    return Response(body, media_type=media_type, headers=headers)


@router.post("/records/{credential_id}/remove")
def remove(credential_id: int, db: DB, now: Now, actor: Worker) -> Response:
    records.remove(db, actor, credential_id, now=now)
    return RedirectResponse("/worker/records", status_code=303)


@router.post("/records/share")
def share(
    request: Request,
    db: DB,
    now: Now,
    settings: AppSettings,
    actor: Worker,
    verifier: Verifier,
    credentials: Annotated[list[int], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    recipient_label: Annotated[str, Form()] = "",
    duration_choice: Annotated[str, Form(alias="duration")] = "7d",
    kind: Annotated[str, Form()] = "link",
    domain: Annotated[str, Form()] = "",
    challenge: Annotated[str, Form()] = "",
) -> Response:
    try:
        new = shares.create(
            db,
            actor,
            credentials,
            expires_at=now + duration(duration_choice),
            recipient_label=recipient_label,
            kind=kind,
            domain=domain,
            challenge=challenge,
            now=now,
        )
    except OpenLERError as exc:
        extra = {
            "share_error": exc.message,
            "error_field": exc.field,
            "chosen": credentials,
            "label": recipient_label,
            "duration": duration_choice,
            "kind": kind,
            "domain": domain,
            "challenge": challenge,
        }
        return _records_page(request, db, now, actor, verifier, extra, exc.http_status)
    context = {"share": new.share, "url": share_url(settings, new.token)}
    return _page(request, "wallet_share_created.html", context)


@router.post("/records/make")
def make(
    request: Request,
    db: DB,
    now: Now,
    actor: Worker,
    verifier: Verifier,
    credentials: Annotated[list[int], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    make_kind: Annotated[str, Form(alias="make")] = "",
    title: Annotated[str, Form()] = "",
) -> Response:
    """Make a CLR or a résumé from the ticked records, and open it."""
    try:
        row = building.make(db, actor, credentials, make_kind, title=title, now=now)
    except OpenLERError as exc:
        extra = {"share_error": exc.message, "error_field": exc.field, "chosen": credentials}
        return _records_page(request, db, now, actor, verifier, extra, exc.http_status)
    return RedirectResponse(f"/worker/records/{row.id}", status_code=303)


@router.get("/shares")
def my_shares(request: Request, db: DB, now: Now, actor: Worker) -> Response:
    return _page(request, "wallet_shares.html", {"shares": shares.list_mine(db, actor, now=now)})


@router.get("/shares/{share_id}")
def share_detail(
    request: Request, share_id: int, db: DB, now: Now, actor: Worker, verifier: Verifier
) -> Response:
    share = shares.own_share(db, actor, share_id)
    context = {
        "share": share,
        "state": shares.share_state(share, now),
        "views": shares.views(db, actor, share_id),
        "records": [records.view_of(r, verifier, now) for r in shares.shared_rows(db, share)],
    }
    return _page(request, "wallet_share.html", context)


@router.post("/shares/{share_id}/withdraw")
def withdraw(share_id: int, db: DB, now: Now, actor: Worker) -> Response:
    shares.withdraw(db, actor, share_id, now=now)
    return RedirectResponse(f"/worker/shares/{share_id}", status_code=303)
