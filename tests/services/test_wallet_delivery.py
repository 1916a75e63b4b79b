"""Wallet delivery adds rows in the caller's transaction; bad format or source names the field."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openler.errors import ValidationError
from openler.services import wallet_delivery
from openler.store.models import WalletCredential
from tests.services.helpers import make_user
from tests.support.clock import FakeClock


def test_deliver_json_and_jwt(db: Session, clock: FakeClock) -> None:
    ana = make_user(db, clock)
    wallet_delivery.deliver(db, ana.id, credential={"id": "urn:uuid:1"}, now=clock())
    wallet_delivery.deliver(
        db, ana.id, credential="a.b.c", format="jwt", source="uploaded", now=clock()
    )
    db.commit()
    rows = db.scalars(select(WalletCredential).order_by(WalletCredential.id)).all()
    assert [(r.format, r.source, r.credential) for r in rows] == [
        ("json", "issued", {"id": "urn:uuid:1"}),
        ("jwt", "uploaded", "a.b.c"),
    ]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"format": "xml"}, "format"),
        ({"source": "stolen"}, "source"),
        ({"format": "jwt"}, "credential"),  # a jwt must be a string
    ],
)
def test_deliver_refuses_bad_input(
    db: Session, clock: FakeClock, kwargs: dict[str, str], field: str
) -> None:
    ana = make_user(db, clock)
    with pytest.raises(ValidationError) as info:
        wallet_delivery.deliver(db, ana.id, credential={"id": "x"}, now=clock(), **kwargs)
    assert info.value.field == field
