"""/api/v1/tokens: the caller's API tokens."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from openler.services import tokens
from openler.web.api.v1.schemas import ERRORS, NewTokenOut, TokenOut
from openler.web.deps import DB, Now, SignedIn

router = APIRouter(tags=["tokens"], responses=ERRORS)


class NewTokenIn(BaseModel):
    name: str = Field(description="What the token is for, e.g. 'payroll sync'")
    role: str = Field(description="The one role the token acts as; must be one of yours")
    days: int | None = Field(90, description="Lifetime in days (1 to 366); null for no expiry")


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(db: DB, actor: SignedIn) -> list[TokenOut]:
    return [TokenOut.of(t) for t in tokens.list_mine(db, actor)]


@router.post("/tokens", response_model=NewTokenOut, status_code=201)
def create_token(body: NewTokenIn, db: DB, now: Now, actor: SignedIn) -> NewTokenOut:
    """Make a token (from a browser session). The secret is in this response only."""
    new = tokens.create(db, actor, name=body.name, role=body.role, days=body.days, now=now)
    return NewTokenOut(**TokenOut.of(new.token).model_dump(), token=new.secret)


@router.delete("/tokens/{token_id}", response_model=TokenOut)
def revoke_token(token_id: int, db: DB, now: Now, actor: SignedIn) -> TokenOut:
    return TokenOut.of(tokens.revoke(db, actor, token_id, now=now))
