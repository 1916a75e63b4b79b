"""A worker makes a CLR or an LER-RS résumé from records they pick: signed by their holder
did:key, kept in their wallet (source "made"), and verified like any record."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openler.errors import ValidationError
from openler.services.context import Actor
from openler.services.wallet import building, holder, records
from openler.store.models import AuditEntry
from tests.issuing.helpers import setup_issuer
from tests.support.clock import FakeClock
from tests.wallet.helpers import (
    as_bytes,
    issue_to,
    outside_credential,
    outside_jwt,
    verifier,
    worker,
)


def _two_records(db: Session, clock: FakeClock) -> tuple[Actor, list[int]]:
    _, ana = worker(db, clock)
    s = setup_issuer(db, clock)
    issue_to(db, clock, s, "ana@example.org")
    records.upload(db, ana, verifier(db), as_bytes(outside_credential()), now=clock())
    ids = sorted(v.id for v in records.list_mine(db, ana, verifier(db), now=clock()))
    return ana, ids


def test_a_clr_bundles_the_picked_records_and_verifies(db: Session, clock: FakeClock) -> None:
    ana, ids = _two_records(db, clock)
    row = building.make(db, ana, ids, "clr", title="Warehouse skills", now=clock())
    db.commit()
    assert (row.source, row.format) == ("made", "json")
    did = holder.holder_key(db, ana, now=clock()).controller
    assert row.credential["issuer"]["id"] == did
    assert row.credential["credentialSubject"]["id"] == did
    assert row.credential["name"] == "Warehouse skills"
    view = records.get_mine(db, ana, verifier(db), row.id, now=clock())
    assert view.state == "verified", view.report.codes()
    nested = view.report.check("nested")
    assert nested is not None
    assert nested.status == "passed"
    assert [n.verified for n in view.report.nested] == [True, True]
    made = db.scalars(select(AuditEntry).where(AuditEntry.action == "wallet.credential_made"))
    assert [e.detail for e in made] == [{"credential": row.id, "kind": "clr", "from": ids}]


def test_a_resume_is_a_self_issued_vc_jwt_that_verifies(db: Session, clock: FakeClock) -> None:
    ana, ids = _two_records(db, clock)
    row = building.make(db, ana, ids, "resume", now=clock())
    assert (row.source, row.format) == ("made", "jwt")
    assert isinstance(row.credential, str)
    assert row.credential.count(".") == 2
    view = records.get_mine(db, ana, verifier(db), row.id, now=clock())
    assert view.report.verified, view.report.codes()
    assert view.report.credential is not None
    subject = view.report.credential["credentialSubject"]
    assert subject["person"]["name"]["formattedName"] == "Ana"


@pytest.mark.parametrize(("kind", "code"), [("clr", "CLR_CREDENTIAL_UNSUPPORTED"), ("x", "")])
def test_what_cannot_be_made_names_the_field(
    db: Session, clock: FakeClock, kind: str, code: str
) -> None:
    _, ana = worker(db, clock)
    kept = records.upload(db, ana, verifier(db), outside_jwt().encode(), now=clock()).kept
    with pytest.raises(ValidationError) as info:
        building.make(db, ana, [kept.id], kind, now=clock())
    assert info.value.field == ("credentials" if code else "kind")
    assert code in info.value.message
