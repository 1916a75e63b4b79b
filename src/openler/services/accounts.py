"""People, organizations and roles."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from openler.errors import ConflictError, NotFoundError, ValidationError
from openler.services import audit, throttle
from openler.services.context import Actor
from openler.services.passwords import check_policy, hash_password
from openler.store import repositories as repo
from openler.store.models import (
    ORGANIZATION_KINDS,
    ROLES,
    Membership,
    Organization,
    User,
    UserRole,
)

# Roles whose holders act for an organization and so must belong to one.
ORGANIZATION_ROLES = frozenset({"issuer", "employer", "college", "analyst"})
# Roles that must use a second factor (an authenticator app) at login.
SECOND_FACTOR_ROLES = frozenset({"admin", "issuer"})

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$")


def normalize_email(email: str, field: str = "email") -> str:
    email = email.strip().lower()
    if not _EMAIL.match(email) or len(email) > 320:
        raise ValidationError(
            f"{email!r} is not an email address (expected name@example.org).", field=field
        )
    return email


def check_roles(roles: Iterable[str]) -> list[str]:
    roles = list(dict.fromkeys(roles))
    if not roles:
        raise ValidationError(
            f"Give at least one role. Allowed roles: {', '.join(ROLES)}.", field="roles"
        )
    for role in roles:
        if role not in ROLES:
            raise ValidationError(
                f"Unknown role {role!r}. Allowed roles: {', '.join(ROLES)}.", field="roles"
            )
    return roles


def create_organization(
    db: Session, actor: Actor, *, slug: str, name: str, kind: str, now: datetime
) -> Organization:
    actor = actor.require("admin")
    if not _SLUG.match(slug):
        raise ValidationError(
            "The short name must be 3 to 80 lowercase letters, digits or hyphens "
            f"(like 'lake-college'), not {slug!r}.",
            field="slug",
        )
    if kind not in ORGANIZATION_KINDS:
        raise ValidationError(
            f"Unknown kind {kind!r}. Allowed kinds: {', '.join(ORGANIZATION_KINDS)}.", field="kind"
        )
    if not name.strip():
        raise ValidationError("The organization needs a name.", field="name")
    if repo.organization_by_slug(db, slug) is not None:
        raise ConflictError(f"An organization with the short name {slug!r} exists.", field="slug")
    org = Organization(slug=slug, name=name.strip(), kind=kind, created_at=now)
    db.add(org)
    db.flush()
    audit.record(db, actor, "organization.created", now=now, detail={"organization": slug})
    return org


def create_user(
    db: Session,
    actor: Actor,
    *,
    email: str,
    password: str,
    roles: Iterable[str],
    display_name: str = "",
    organizations: Sequence[str] = (),
    language: str | None = None,
    now: datetime,
) -> User:
    """Create an account. Organization roles need a membership in an organization."""
    actor = actor.require("admin")
    email = normalize_email(email)
    role_list = check_roles(roles)
    check_policy(password)
    orgs = []
    for slug in organizations:
        org = repo.organization_by_slug(db, slug)
        if org is None:
            raise ValidationError(f"No organization has the short name {slug!r}.", field="org")
        orgs.append(org)
    needs_org = sorted(ORGANIZATION_ROLES.intersection(role_list))
    if needs_org and not orgs:
        raise ValidationError(
            f"A user with the {needs_org[0]} role must belong to an organization; give one.",
            field="org",
        )
    if repo.user_by_email(db, email) is not None:
        raise ConflictError(f"An account with the email {email} exists.", field="email")
    user = User(
        pseudonym=str(uuid.uuid4()),
        email=email,
        display_name=display_name.strip() or None,
        password_hash=hash_password(password),
        status="active",
        language=language,
        failed_logins=0,
        created_at=now,
        roles=[UserRole(role=r) for r in role_list],
        memberships=[Membership(organization=o) for o in orgs],
    )
    db.add(user)
    db.flush()
    audit.record(
        db, actor, "account.created", now=now, subject=user.pseudonym, detail={"roles": role_list}
    )
    return user


def _active_user(db: Session, user_id: int) -> User:
    user = repo.user_by_id(db, user_id)
    if user is None or user.status != "active":
        raise NotFoundError(f"No account has the number {user_id}.")
    return user


def get_user(db: Session, actor: Actor, user_id: int, *, now: datetime) -> User:
    """One account, for an admin; the read is audited."""
    actor = actor.require("admin")
    user = _active_user(db, user_id)
    audit.record_reads(db, actor, "account.viewed", [user.pseudonym], now=now)
    return user


def list_users(
    db: Session, actor: Actor, *, query: str = "", limit: int = 50, offset: int = 0, now: datetime
) -> Sequence[User]:
    """Accounts matching ``query``, for an admin; every person listed gets an audit entry."""
    actor = actor.require("admin")
    users = repo.list_users(db, query=query, limit=limit, offset=offset)
    audit.record_reads(db, actor, "account.listed", [u.pseudonym for u in users], now=now)
    return users


def unlock(db: Session, actor: Actor, user_id: int, *, now: datetime) -> User:
    """End a lockout after too many failed logins."""
    actor = actor.require("admin")
    user = _active_user(db, user_id)
    throttle.clear(db, user)
    audit.record(db, actor, "account.unlocked", now=now, subject=user.pseudonym)
    return user


def find_by_email(db: Session, email: str) -> User:
    user = repo.user_by_email(db, normalize_email(email))
    if user is None:
        raise NotFoundError(f"No account has the email {email}.", field="email")
    return user
