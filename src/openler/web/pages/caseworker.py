"""Caseworker tools that belong to the platform: a reset link for a worker who is locked out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from openler.errors import NotFoundError, PermissionDenied, ValidationError
from openler.services import accounts, resets
from openler.services.context import Actor
from openler.web.deps import DB, AppSettings, Now, require_role
from openler.web.pages.resetlinks import deliver
from openler.web.templating import render

router = APIRouter(prefix="/caseworker")
Caseworker = Annotated[Actor, Depends(require_role("caseworker"))]


@router.get("/reset")
def reset_form(request: Request, actor: Caseworker) -> Response:
    return render(request, "caseworker_reset.html", {})


@router.post("/reset")
def reset_issue(
    request: Request,
    db: DB,
    settings: AppSettings,
    now: Now,
    actor: Caseworker,
    email: Annotated[str, Form()] = "",
) -> Response:
    try:
        user = accounts.find_by_email(db, email)
        link = resets.issue(db, actor, user, now=now)
    except (NotFoundError, ValidationError, PermissionDenied) as exc:
        return render(
            request,
            "caseworker_reset.html",
            {"error": exc.message, "email": email},
            exc.http_status,
        )
    return render(request, "reset_issued.html", deliver(settings, link))
