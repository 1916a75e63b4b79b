"""The home page and one page per role listing what that role can do."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import text

from openler.store.migrate import is_current
from openler.web.deps import Caller, public, require_role
from openler.web.navigation import CAPABILITIES, ROLE_LABELS, ROLE_ORDER
from openler.web.templating import render

router = APIRouter()


@router.get("/healthz", dependencies=[Depends(public)])
def healthz(request: Request) -> Response:
    """Liveness and readiness: the database answers and its schema is current."""
    engine = request.app.state.engine
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        migrated = is_current(engine)
    except Exception:
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    if not migrated:
        return JSONResponse(
            {"status": "error", "database": "needs migration: run openler db upgrade"},
            status_code=503,
        )
    return JSONResponse({"status": "ok", "database": "ok"})


@router.get("/")
def home(request: Request, caller: Annotated[Caller, Depends(public)]) -> Response:
    if caller.user is None or caller.pending_second_factor:
        return RedirectResponse("/login", status_code=303)
    roles = [r for r in ROLE_ORDER if r in caller.user.role_names]
    if len(roles) == 1:
        return RedirectResponse(f"/{roles[0]}", status_code=303)
    sections = [(r, ROLE_LABELS[r], CAPABILITIES[r]) for r in roles]
    return render(request, "home.html", {"sections": sections})


def _role_page(role: str) -> None:
    def page(request: Request) -> Response:
        return render(
            request,
            "role_home.html",
            {"role": role, "role_label": ROLE_LABELS[role], "capabilities": CAPABILITIES[role]},
        )

    router.add_api_route(
        f"/{role}",
        page,
        methods=["GET"],
        name=f"{role}_home",
        dependencies=[Depends(require_role(role))],
    )


for _role in ROLE_ORDER:
    _role_page(_role)
