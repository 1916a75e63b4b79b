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


def test_deliver_issued_inserts_in_bulk(db: Session, clock: FakeClock) -> None:
    from openler.services.issuer import issuing
    from openler.services.issuer.build import Recipient
    from tests.issuing.helpers import SITE, setup_issuer

    s = setup_issuer(db, clock)
    ana = make_user(db, clock)
    # An unknown recipient: issue_one delivers nothing; deliver_issued then delivers it.
    row = issuing.issue_one(
        db, s.actor, SITE, s.org, s.achievement, Recipient("zed@example.org", "Zed"), now=clock()
    )
    count = wallet_delivery.deliver_issued(
        db, [wallet_delivery.IssuedDelivery(ana.id, row.id, row.credential)], now=clock()
    )
    db.commit()
    stored = db.scalars(select(WalletCredential)).one()
    assert count == 1
    assert (stored.owner_user_id, stored.issued_credential_id, stored.source) == (
        ana.id,
        row.id,
        "issued",
    )
