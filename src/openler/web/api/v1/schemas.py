"""Response shapes of the JSON API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from openler.services.audit import AuditView
from openler.store.models import ApiToken, User


class OrganizationOut(BaseModel):
    slug: str
    name: str
    kind: str


class UserOut(BaseModel):
    id: int
    email: str | None
    display_name: str | None
    roles: list[str]
    organizations: list[OrganizationOut]
    second_factor_enabled: bool
    locked_until: datetime | None = None

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            email=user.email,
            display_name=user.display_name,
            roles=sorted(user.role_names),
            organizations=[
                OrganizationOut(
                    slug=m.organization.slug, name=m.organization.name, kind=m.organization.kind
                )
                for m in user.memberships
            ],
            second_factor_enabled=user.totp_confirmed_at is not None,
            locked_until=user.locked_until,
        )


class MeOut(UserOut):
    acting_role: str | None
    via: str


class TokenOut(BaseModel):
    id: int
    name: str
    role: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None

    @classmethod
    def of(cls, token: ApiToken) -> TokenOut:
        return cls(
            id=token.id,
            name=token.name,
            role=token.role,
            created_at=token.created_at,
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
            last_used_at=token.last_used_at,
        )


class NewTokenOut(TokenOut):
    token: str


class AuditEntryOut(BaseModel):
    at: datetime
    action: str
    actor: str
    actor_role: str | None
    via: str
    subject: str
    consent_id: str | None
    detail: dict[str, Any]

    @classmethod
    def of(cls, view: AuditView) -> AuditEntryOut:
        return cls(**view.__dict__)


class ErrorBody(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorOut(BaseModel):
    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "No valid API token or session"},
    403: {"model": ErrorOut, "description": "The caller's role does not allow this"},
}
