"""Small builders for service tests."""

from __future__ import annotations

from sqlalchemy.orm import Session

from openler.services import accounts
from openler.services.context import Actor
from openler.store.models import User
from tests.support.clock import FakeClock

PASSWORD = "correct horse battery"
OPERATOR = Actor.system()


def make_org(
    db: Session, clock: FakeClock, slug: str = "lake-college", kind: str = "college"
) -> None:
    accounts.create_organization(db, OPERATOR, slug=slug, name=slug.title(), kind=kind, now=clock())


def make_user(
    db: Session,
    clock: FakeClock,
    email: str = "ana@example.org",
    roles: tuple[str, ...] = ("worker",),
    orgs: tuple[str, ...] = (),
) -> User:
    return accounts.create_user(
        db,
        OPERATOR,
        email=email,
        password=PASSWORD,
        roles=roles,
        organizations=orgs,
        display_name=email.split("@")[0].title(),
        now=clock(),
    )
