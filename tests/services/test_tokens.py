from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openler.errors import AuthenticationError, NotFoundError, ValidationError
from openler.services import tokens
from openler.services.context import Actor
from openler.store.models import ApiToken
from tests.services.helpers import make_org, make_user
from tests.support.clock import FakeClock


def _actor(db: Session, clock: FakeClock, roles: tuple[str, ...] = ("worker",)) -> Actor:
    orgs: tuple[str, ...] = ()
    if set(roles) & {"issuer", "employer", "college", "analyst"}:
        make_org(db, clock)
        orgs = ("lake-college",)
    return Actor.for_user(make_user(db, clock, roles=roles, orgs=orgs), via="web")


def test_secret_is_hashed_at_rest(db: Session, clock: FakeClock) -> None:
    new = tokens.create(db, _actor(db, clock), name="sync", role="worker", now=clock())
    db.commit()
    stored = db.scalars(select(ApiToken.token_hash)).one()
    assert new.secret.startswith("olr_")
    assert stored == hashlib.sha256(new.secret.encode()).hexdigest()
    assert new.secret not in stored


def test_token_acts_as_its_one_role(db: Session, clock: FakeClock) -> None:
    actor = _actor(db, clock, roles=("worker", "college"))
    new = tokens.create(db, actor, name="crm", role="college", now=clock())
    user, token = tokens.authenticate(db, new.secret, now=clock())
    api_actor = Actor.for_user(user, via="api", role=token.role)
    assert api_actor.require("college").role == "college"
    with pytest.raises(Exception, match="Only a worker"):
        api_actor.require("worker")  # the user is a worker, but this token is not


def test_role_must_be_one_of_the_owners(db: Session, clock: FakeClock) -> None:
    with pytest.raises(ValidationError) as caught:
        tokens.create(db, _actor(db, clock), name="x", role="admin", now=clock())
    assert caught.value.field == "role"


def test_revoked_and_expired_tokens_are_refused(db: Session, clock: FakeClock) -> None:
    actor = _actor(db, clock)
    short = tokens.create(db, actor, name="short", role="worker", days=1, now=clock())
    revoked = tokens.create(db, actor, name="gone", role="worker", now=clock())
    tokens.revoke(db, actor, revoked.token.id, now=clock())
    with pytest.raises(AuthenticationError, match="revoked"):
        tokens.authenticate(db, revoked.secret, now=clock())
    tokens.authenticate(db, short.secret, now=clock())
    clock.advance(days=1)
    with pytest.raises(AuthenticationError, match="expired"):
        tokens.authenticate(db, short.secret, now=clock())
    with pytest.raises(AuthenticationError, match="not valid"):
        tokens.authenticate(db, "olr_made-up", now=clock())


def test_people_cannot_revoke_each_others_tokens(db: Session, clock: FakeClock) -> None:
    owner = _actor(db, clock)
    other = Actor.for_user(make_user(db, clock, email="other@example.org"), via="web")
    new = tokens.create(db, owner, name="mine", role="worker", now=clock())
    with pytest.raises(NotFoundError):
        tokens.revoke(db, other, new.token.id, now=clock())
