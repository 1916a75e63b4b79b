"""Administration: people, roles, organizations and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from openler.errors import ConflictError, ValidationError
from openler.services import accounts, audit, resets
from openler.services.context import Actor
from openler.services.login import is_locked
from openler.store import repositories as repo
from openler.store.models import ORGANIZATION_KINDS, ROLES
from openler.web.deps import DB, AppSettings, Now, require_role
from openler.web.pages.resetlinks import deliver
from openler.web.templating import render

router = APIRouter(prefix="/admin")
Admin = Annotated[Actor, Depends(require_role("admin"))]
PAGE_SIZE = 50


def _users_page(
    request: Request,
    db: DB,
    actor: Admin,
    now: Now,
    q: str = "",
    extra: dict[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    users = accounts.list_users(db, actor, query=q, limit=PAGE_SIZE, now=now)
    context: dict[str, object] = {
        "users": users,
        "q": q,
        "roles": ROLES,
        "organizations": repo.list_organizations(db),
        "form": {},
        "now": now,
        "is_locked": is_locked,
    }
    context.update(extra or {})
    return render(request, "admin_users.html", context, status_code)


@router.get("/users")
def users(request: Request, db: DB, actor: Admin, now: Now, q: str = "") -> Response:
    return _users_page(request, db, actor, now, q)


@router.post("/users")
def create_user(
    request: Request,
    db: DB,
    actor: Admin,
    now: Now,
    email: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    roles: Annotated[list[str] | None, Form()] = None,
    organization: Annotated[str, Form()] = "",
) -> Response:
    try:
        user = accounts.create_user(
            db,
            actor,
            email=email,
            password=password,
            roles=roles or [],
            display_name=display_name,
            organizations=[organization] if organization else [],
            now=now,
        )
    except (ValidationError, ConflictError) as exc:
        form = {
            "email": email,
            "display_name": display_name,
            "roles": roles or [],
            "organization": organization,
        }
        db.rollback()
        return _users_page(
            request,
            db,
            actor,
            now,
            extra={"error": exc.message, "form": form},
            status_code=exc.http_status,
        )
    return RedirectResponse(f"/admin/users/{user.id}", status_code=303)


@router.get("/users/{user_id}")
def user_detail(request: Request, db: DB, actor: Admin, now: Now, user_id: int) -> Response:
    user = accounts.get_user(db, actor, user_id, now=now)
    return render(
        request,
        "admin_user.html",
        {"person": user, "locked": is_locked(user, now), "tokens": repo.tokens_of(db, user.id)},
    )


@router.post("/users/{user_id}/unlock")
def unlock(db: DB, actor: Admin, now: Now, user_id: int) -> Response:
    accounts.unlock(db, actor, user_id, now=now)
    return RedirectResponse(f"/admin/users/{user_id}", status_code=303)


@router.post("/users/{user_id}/reset")
def issue_reset(
    request: Request, db: DB, settings: AppSettings, actor: Admin, now: Now, user_id: int
) -> Response:
    user = accounts.get_user(db, actor, user_id, now=now)
    link = resets.issue(db, actor, user, now=now)
    return render(request, "reset_issued.html", deliver(settings, link))


@router.get("/organizations")
def organizations(request: Request, db: DB, actor: Admin) -> Response:
    return render(
        request,
        "admin_organizations.html",
        {"organizations": repo.list_organizations(db), "kinds": ORGANIZATION_KINDS, "form": {}},
    )


@router.post("/organizations")
def create_organization(
    request: Request,
    db: DB,
    actor: Admin,
    now: Now,
    slug: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
) -> Response:
    try:
        accounts.create_organization(db, actor, slug=slug, name=name, kind=kind, now=now)
    except (ValidationError, ConflictError) as exc:
        return render(
            request,
            "admin_organizations.html",
            {
                "organizations": repo.list_organizations(db),
                "kinds": ORGANIZATION_KINDS,
                "error": exc.message,
                "form": {"slug": slug, "name": name, "kind": kind},
            },
            exc.http_status,
        )
    return RedirectResponse("/admin/organizations", status_code=303)


def _day(value: str, field: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.combine(datetime.strptime(value, "%Y-%m-%d").date(), time(), UTC)
    except ValueError:
        raise ValidationError(f"{field} must be a date like 2026-01-31.", field=field) from None


@router.get("/audit")
def audit_search(
    request: Request,
    db: DB,
    actor: Admin,
    now: Now,
    email: str = "",
    action: str = "",
    since: str = "",
    until: str = "",
    page: int = 1,
) -> Response:
    page = max(page, 1)
    until_day = _day(until, "until")
    entries = audit.search(
        db,
        actor,
        now=now,
        person_email=email or None,
        action=action or None,
        since=_day(since, "since"),
        until=until_day + timedelta(days=1) if until_day else None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    query = {"email": email, "action": action, "since": since, "until": until}
    return render(request, "admin_audit.html", {"entries": entries, "query": query, "page": page})
