"""Demo data: an example state with a college, a training provider, two employers, a state
workforce agency and one user per role. Seeding is idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from openler.services import accounts
from openler.services.context import Actor
from openler.services.login import authenticator_secret, begin_enrollment
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
    _seed_achievements(db, operator, now)
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
            if user.totp_confirmed_at is None:
                begin_enrollment(db, user)
                user.totp_confirmed_at = now
            secret = authenticator_secret(db, user)
        logins.append(DemoLogin(role, email, DEMO_PASSWORD, secret))
    return logins


# The college's sample achievements, so the demo's issuer can issue at once; each aligned to
# the O*NET-SOC occupation it prepares for (O*NET OnLine summary pages).
ACHIEVEMENTS = (
    (
        "Certified Nursing Assistant",
        "Basic patient care: vital signs, hygiene, mobility and safety, under a nurse's direction.",
        "Completed 120 hours of instruction and clinical practice and passed the skills exam.",
        "Nursing Assistants",
        "31-1131.00",
    ),
    (
        "Welding Technology I",
        "Shielded metal arc and gas metal arc welding of plate in flat and horizontal positions.",
        "Passed the practical weld tests (visual and bend) for each position.",
        "Welders, Cutters, Solderers, and Brazers",
        "51-4121.00",
    ),
)


def _seed_achievements(db: Session, operator: Actor, now: datetime) -> None:
    from openler.services.issuer import achievements

    college = repo.organization_by_slug(db, "suncoast-state-college")
    if college is None or achievements.of_org(db, college):
        return
    for name, description, criteria, occupation, code in ACHIEVEMENTS:
        achievements.define(
            db,
            operator,
            college,
            name=name,
            description=description,
            criteria=criteria,
            alignments=[
                {
                    "targetName": occupation,
                    "targetUrl": f"https://www.onetonline.org/link/summary/{code}",
                    "targetCode": code,
                    "targetFramework": "O*NET-SOC",
                }
            ],
            now=now,
        )
