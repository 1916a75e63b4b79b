from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openler.errors import ConflictError, PermissionDenied, ValidationError
from openler.services import accounts
from openler.services.context import Actor
from openler.store.models import AuditEntry, User
from tests.services.helpers import OPERATOR, PASSWORD, make_org, make_user
from tests.support.clock import FakeClock


def test_password_is_stored_as_argon2id(db: Session, clock: FakeClock) -> None:
    user = make_user(db, clock)
    db.commit()
    stored = db.scalars(select(User.password_hash).where(User.id == user.id)).one()
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_creation_is_audited_by_pseudonym_only(db: Session, clock: FakeClock) -> None:
    user = make_user(db, clock, email="bo@example.org")
    db.commit()
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "account.created")).one()
    assert entry.subject == user.pseudonym
    assert entry.actor_role == "admin"
    assert "bo@example.org" not in str(entry.detail)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "not an email address"),
        ({"roles": ("pilot",)}, "roles", "Unknown role 'pilot'"),
        ({"roles": ()}, "roles", "at least one role"),
        ({"roles": ("issuer",)}, "org", "must belong to an organization"),
        ({"password": "short"}, "password", "at least 12 characters"),
        ({"orgs": ("nowhere",)}, "org", "No organization has the short name 'nowhere'"),
    ],
)
def test_bad_input_names_the_field(
    db: Session, clock: FakeClock, kwargs: dict[str, object], field: str, message: str
) -> None:
    args: dict[str, object] = {
        "email": "cy@example.org",
        "password": PASSWORD,
        "roles": ("worker",),
        "orgs": (),
    }
    args.update(kwargs)
    with pytest.raises(ValidationError, match=message) as caught:
        accounts.create_user(
            db,
            OPERATOR,
            email=str(args["email"]),
            password=str(args["password"]),
            roles=args["roles"],
            organizations=args["orgs"],
            now=clock(),  # type: ignore[arg-type]
        )
    assert caught.value.field == field


def test_duplicate_email_is_a_conflict(db: Session, clock: FakeClock) -> None:
    make_user(db, clock, email="dee@example.org")
    with pytest.raises(ConflictError):
        make_user(db, clock, email="DEE@example.org ")


def test_organization_roles_and_memberships(db: Session, clock: FakeClock) -> None:
    make_org(db, clock, "bay-health", "employer")
    user = make_user(
        db, clock, email="emp@example.org", roles=("employer", "worker"), orgs=("bay-health",)
    )
    db.commit()
    assert user.role_names == {"employer", "worker"}
    assert [m.organization.slug for m in user.memberships] == ["bay-health"]


def test_organization_kind_and_slug_are_checked(db: Session, clock: FakeClock) -> None:
    with pytest.raises(ValidationError) as caught:
        accounts.create_organization(
            db, OPERATOR, slug="ok-slug", name="X", kind="church", now=clock()
        )
    assert caught.value.field == "kind"
    with pytest.raises(ValidationError) as caught:
        accounts.create_organization(
            db, OPERATOR, slug="Bad Slug", name="X", kind="college", now=clock()
        )
    assert caught.value.field == "slug"


def test_only_admins_manage_accounts(db: Session, clock: FakeClock) -> None:
    worker = make_user(db, clock)
    actor = Actor.for_user(worker, via="web")
    with pytest.raises(PermissionDenied):
        accounts.list_users(db, actor, now=clock())
    with pytest.raises(PermissionDenied):
        accounts.create_organization(db, actor, slug="abc", name="A", kind="college", now=clock())


def test_admin_reads_are_audited_per_person(db: Session, clock: FakeClock) -> None:
    admin = make_user(db, clock, email="root@example.org", roles=("admin",))
    ana = make_user(db, clock, email="ana@example.org")
    bo = make_user(db, clock, email="bo@example.org")
    actor = Actor.for_user(admin, via="web")
    listed = accounts.list_users(db, actor, now=clock())
    accounts.get_user(db, actor, ana.id, now=clock())
    db.commit()
    assert {u.email for u in listed} == {"root@example.org", "ana@example.org", "bo@example.org"}
    reads = db.scalars(
        select(AuditEntry).where(AuditEntry.action.in_(["account.listed", "account.viewed"]))
    ).all()
    # Two people listed besides the admin, plus one detailed view; the admin's own row is not
    # a read of someone else's data.
    assert sorted((e.action, e.subject) for e in reads) == sorted(
        [
            ("account.listed", ana.pseudonym),
            ("account.listed", bo.pseudonym),
            ("account.viewed", ana.pseudonym),
        ]
    )
    assert all(e.actor == admin.pseudonym and e.actor_role == "admin" for e in reads)
