"""/api/v1/users: accounts, for administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from openler.services import accounts
from openler.services.context import Actor
from openler.web.api.v1.schemas import ERRORS, UserOut
from openler.web.deps import DB, Now, require_role

router = APIRouter(tags=["users"], responses=ERRORS)
Admin = Annotated[Actor, Depends(require_role("admin"))]


class NewUserIn(BaseModel):
    email: str
    password: str = Field(min_length=1)
    roles: list[str]
    display_name: str = ""
    organizations: list[str] = Field(default_factory=list, description="organization short names")


@router.get("/users", response_model=list[UserOut])
def list_users(
    db: DB, now: Now, actor: Admin, q: str = "", limit: int = 50, offset: int = 0
) -> list[UserOut]:
    """Accounts matching ``q``. Each person listed gets an entry in the audit log."""
    users = accounts.list_users(
        db, actor, query=q, limit=min(max(limit, 1), 500), offset=max(offset, 0), now=now
    )
    return [UserOut.of(u) for u in users]


@router.post("/users", response_model=UserOut, status_code=201)
def create_user(body: NewUserIn, db: DB, now: Now, actor: Admin) -> UserOut:
    user = accounts.create_user(
        db,
        actor,
        email=body.email,
        password=body.password,
        roles=body.roles,
        display_name=body.display_name,
        organizations=body.organizations,
        now=now,
    )
    return UserOut.of(user)


@router.get("/users/{user_id}", response_model=UserOut)
def get_user(user_id: int, db: DB, now: Now, actor: Admin) -> UserOut:
    return UserOut.of(accounts.get_user(db, actor, user_id, now=now))


@router.post("/users/{user_id}/unlock", response_model=UserOut)
def unlock(user_id: int, db: DB, now: Now, actor: Admin) -> UserOut:
    return UserOut.of(accounts.unlock(db, actor, user_id, now=now))
