"""Demo data: an example state with a college, a training provider, two employers, a state
workforce agency and one user per role. Seeding is idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from openler.services import accounts
from openler.services.context import Actor
from openler.services.login import begin_enrollment
from openler.store import repositories as repo

# Printed by `openler demo` and `make run`; only ever valid in a demo database.
DEMO_PASSWORD = "openler-demo-2026"  # noqa: S105
DEMO_DOMAIN = "demo.openler.org"

ORGANIZATIONS = (
    ("suncoast-state-college", "Suncoast State College", "college"),
    ("gulf-skills-institute", "Gulf Coast Skills Institute", "training_provider"),
    ("bayview-health", "Bayview Health System", "employer"),
    ("keystone-logistics", "Keystone Logistics", "employer"),
    ("state-workforce-agency", "State Workforce Agency (demo)", "state_agency"),
)

USERS = (
    ("worker", "Maria Lopez", ()),
    ("caseworker", "James Carter", ("state-workforce-agency",)),
    ("issuer", "Priya Natarajan", ("suncoast-state-college",)),
    ("employer", "Dana Brooks", ("bayview-health",)),
    ("college", "Luis Ortega", ("suncoast-state-college",)),
    ("analyst", "Grace Kim", ("state-workforce-agency",)),
    ("admin", "Sam Admin", ("state-workforce-agency",)),
)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    totp_secret: str | None


def demo_email(role: str) -> str:
    return f"{role}@{DEMO_DOMAIN}"


def seed(db: Session, *, now: datetime) -> list[DemoLogin]:
    """Create whatever of the demo is missing; return the demo logins."""
    operator = Actor.system(via="demo")
    for slug, name, kind in ORGANIZATIONS:
        if repo.organization_by_slug(db, slug) is None:
            accounts.create_organization(db, operator, slug=slug, name=name, kind=kind, now=now)
    logins = []
    for role, name, orgs in USERS:
        email = demo_email(role)
        user = repo.user_by_email(db, email)
        if user is None:
            user = accounts.create_user(
                db,
                operator,
                email=email,
                password=DEMO_PASSWORD,
                roles=[role],
                display_name=name,
                organizations=orgs,
                now=now,
            )
        secret = None
        if role in accounts.SECOND_FACTOR_ROLES:
            # Enrolled up front, so the demo shows the second-factor step at login.
            secret = begin_enrollment(db, user)
            if user.totp_confirmed_at is None:
                user.totp_confirmed_at = now
        logins.append(DemoLogin(role, email, DEMO_PASSWORD, secret))
    return logins
