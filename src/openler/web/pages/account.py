"""A person's own account: second factor, API tokens, who saw their data, export, delete."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from openler.errors import AuthenticationError, ValidationError
from openler.services import audit, privacy, tokens
from openler.services.login import requires_second_factor
from openler.store.models import ROLES
from openler.web import security
from openler.web.deps import DB, AppSettings, Now, SignedIn
from openler.web.i18n import gettext_ as _
from openler.web.templating import render

router = APIRouter(prefix="/account")


def _account_page(
    request: Request,
    db: DB,
    actor: SignedIn,
    extra: dict[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    caller = request.state.caller
    context: dict[str, object] = {
        "tokens": tokens.list_mine(db, actor),
        "token_roles": [r for r in ROLES if r in actor.roles],
        "second_factor": caller.user.totp_confirmed_at is not None,
        "second_factor_required": requires_second_factor(caller.user),
    }
    context.update(extra or {})
    return render(request, "account.html", context, status_code)


@router.get("")
def account(request: Request, db: DB, actor: SignedIn) -> Response:
    return _account_page(request, db, actor)


@router.post("/tokens")
def create_token(
    request: Request,
    db: DB,
    now: Now,
    actor: SignedIn,
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    days: Annotated[int, Form()] = 90,
) -> Response:
    try:
        new = tokens.create(db, actor, name=name, role=role, days=days, now=now)
    except ValidationError as exc:
        return _account_page(request, db, actor, {"token_error": exc.message}, 422)
    return _account_page(
        request, db, actor, {"new_token": new.secret, "new_token_name": new.token.name}
    )


@router.post("/tokens/{token_id}/revoke")
def revoke_token(db: DB, now: Now, actor: SignedIn, token_id: int) -> Response:
    tokens.revoke(db, actor, token_id, now=now)
    return RedirectResponse("/account", status_code=303)


@router.get("/audit")
def my_audit(request: Request, db: DB, actor: SignedIn, page: int = 1) -> Response:
    page = max(page, 1)
    entries = audit.my_log(db, actor, limit=100, offset=(page - 1) * 100)
    return render(request, "my_audit.html", {"entries": entries, "page": page})


@router.get("/data")
def my_data(request: Request, actor: SignedIn) -> Response:
    return render(request, "my_data.html", {})


@router.post("/data/export")
def export_data(db: DB, now: Now, actor: SignedIn) -> Response:
    document = privacy.export(db, actor, now=now)
    filename = f"openler-my-data-{now.date().isoformat()}.json"
    return Response(
        json.dumps(document, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/data/delete")
def delete_account(
    request: Request,
    db: DB,
    settings: AppSettings,
    now: Now,
    actor: SignedIn,
    password: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    if confirm != "DELETE":
        error = _("Type DELETE in capitals to confirm.")
        return render(request, "my_data.html", {"delete_error": error}, 422)
    try:
        privacy.delete_account(db, actor, password, now=now)
    except AuthenticationError as exc:
        return render(request, "my_data.html", {"delete_error": exc.message}, 401)
    response = render(request, "deleted.html", {})
    security.clear_session_cookie(response, settings)
    return response
