"""The wallet: issued credentials appear verified (revocation seen at once), uploads of every
kind are verified and kept, tampered ones carry the failing code, bad files name the field,
and nobody but the worker reaches a worker's records."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from openler.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from openler.services.context import Actor
from openler.services.issuer import bulk, issuing
from openler.services.wallet import records
from openler.store.models import AuditEntry, WalletCredential
from tests.issuing.helpers import SITE, setup_issuer
from tests.services.helpers import make_org, make_user
from tests.support.clock import FakeClock
from tests.wallet.helpers import (
    as_bytes,
    baked_png,
    baked_svg,
    issue_to,
    outside_credential,
    outside_jwt,
    verifier,
    worker,
)


def test_issued_credential_is_listed_verified_then_revoked(db: Session, clock: FakeClock) -> None:
    _, ana = worker(db, clock)
    s = setup_issuer(db, clock)
    issued = issue_to(db, clock, s, "ana@example.org")
    db.commit()
    [view] = records.list_mine(db, ana, verifier(db), now=clock())
    assert (view.source, view.format, view.state) == ("issued", "json", "verified")
    assert view.summary.name == "Forklift Operator"
    assert view.summary.issuer == "Lake-College"
    assert view.summary.achievement == "Forklift Operator"
    assert view.summary.valid_from == "2026-03-02T14:00:00Z"
    assert [c.id for c in view.report.checks] == [
        "parse", "context", "schema", "proof", "key_binding", "validity", "status",
    ]  # fmt: skip
    status = view.report.check("status")
    assert status is not None
    assert status.code == "STATUS_ACTIVE"
    clock.advance(hours=1)
    issuing.change_status(
        db, s.actor, SITE, s.org, issued.uid, "revoke", reason="issued in error", now=clock()
    )
    db.commit()
    again = records.get_mine(db, ana, verifier(db), view.id, now=clock())
    assert again.state == "revoked"
    assert again.report.codes() == ["STATUS_REVOKED"]


@pytest.mark.parametrize("kind", ["json", "jwt", "png", "svg"])
def test_upload_of_each_kind_is_verified_and_kept(db: Session, clock: FakeClock, kind: str) -> None:
    _, ana = worker(db, clock)
    data = {
        "json": as_bytes(outside_credential()),
        "jwt": outside_jwt().encode(),
        "png": baked_png(outside_credential()),
        "svg": baked_svg(outside_credential()),
    }[kind]
    upload = records.upload(db, ana, verifier(db), data, now=clock())
    db.commit()
    assert upload.report.input_kind == kind
    assert upload.report.verified, upload.report.codes()
    row = db.get(WalletCredential, upload.kept.id)
    assert row is not None
    assert (row.source, row.format) == ("uploaded", "jwt" if kind == "jwt" else "json")
    [view] = records.list_mine(db, ana, verifier(db), now=clock())
    assert view.state == "verified"
    assert view.summary.issuer == "Peach State Training"
    added = db.scalars(select(AuditEntry).where(AuditEntry.action == "wallet.credential_added"))
    assert [e.detail["kind"] for e in added] == [kind]


def test_tampered_and_expired_uploads_report_their_codes(db: Session, clock: FakeClock) -> None:
    _, ana = worker(db, clock)
    tampered = outside_credential()
    tampered["name"] = "Crane Operator"  # changed after signing
    report = records.check(verifier(db), as_bytes(tampered), now=clock())
    assert {c.id: c.code for c in report.checks if c.status == "failed"} == {
        "proof": "SIGNATURE_INVALID"
    }
    expired = outside_credential(validUntil="2026-01-01T00:00:00Z")
    kept = records.upload(db, ana, verifier(db), as_bytes(expired), now=clock())
    assert kept.report.codes() == ["CREDENTIAL_EXPIRED"]
    [view] = records.list_mine(db, ana, verifier(db), now=clock())
    assert view.state == "expired"


def test_another_issuers_did_web_fails_closed_offline(db: Session, clock: FakeClock) -> None:
    badge = outside_credential()
    badge["proof"]["verificationMethod"] = "did:web:issuer.elsewhere.example#key-1"
    report = records.check(verifier(db), as_bytes(badge), now=clock())
    assert report.codes() == ["KEY_UNRESOLVED"]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"hello, world", "INPUT_UNRECOGNIZED"),
        (b'{"a": 1,}', "INPUT_MALFORMED"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "BAKE_PNG_MALFORMED"),
    ],
)
def test_unreadable_uploads_name_the_file_field_and_keep_nothing(
    db: Session, clock: FakeClock, data: bytes, fragment: str
) -> None:
    _, ana = worker(db, clock)
    with pytest.raises(ValidationError) as info:
        records.upload(db, ana, verifier(db), data, now=clock())
    assert info.value.field == "file"
    assert fragment in info.value.message
    assert db.scalar(select(func.count()).select_from(WalletCredential)) == 0


def test_too_large_and_duplicate_uploads_are_refused(
    db: Session, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, ana = worker(db, clock)
    data = as_bytes(outside_credential())
    records.upload(db, ana, verifier(db), data, now=clock())
    with pytest.raises(ConflictError) as info:
        records.upload(db, ana, verifier(db), data, now=clock())
    assert info.value.field == "file"
    monkeypatch.setattr(records, "MAX_UPLOAD_BYTES", len(data) - 1)
    with pytest.raises(ValidationError, match="larger than") as large:
        records.check(verifier(db), data, now=clock())
    assert large.value.field == "file"


def test_remove_is_audited_and_only_the_owner_reaches_a_record(
    db: Session, clock: FakeClock
) -> None:
    _, ana = worker(db, clock)
    _, ben = worker(db, clock, email="ben@example.org")
    kept = records.upload(db, ana, verifier(db), as_bytes(outside_credential()), now=clock()).kept
    db.commit()
    with pytest.raises(NotFoundError):
        records.get_mine(db, ben, verifier(db), kept.id, now=clock())
    with pytest.raises(NotFoundError):
        records.remove(db, ben, kept.id, now=clock())
    make_org(db, clock, slug="acme", kind="employer")
    for email, role in (("boss@acme.example", "employer"), ("cw@agency.example", "caseworker")):
        user = make_user(db, clock, email=email, roles=(role,), orgs=("acme",))
        other = Actor.for_user(user, "web", role)
        with pytest.raises(PermissionDenied):
            records.list_mine(db, other, verifier(db), now=clock())
    records.remove(db, ana, kept.id, now=clock())
    db.commit()
    assert records.list_mine(db, ana, verifier(db), now=clock()) == []
    actions = db.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.subject == ana.pseudonym, AuditEntry.action.startswith("wallet."))
        .order_by(AuditEntry.id)
    )
    assert list(actions) == ["wallet.credential_added", "wallet.credential_removed"]


def test_batch_credentials_reach_the_wallet_only_when_complete(
    db: Session, factory: sessionmaker[Session], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "CHUNK", 1)
    s = setup_issuer(db, clock)
    _, ana = worker(db, clock, email="worker1@example.org")
    rows = "".join(f"worker{i}@example.org,Worker {i},,,\n" for i in range(3))
    data = ("email,name,issued_on,result,result_status\n" + rows).encode()
    batch = bulk.create_batch(
        db, s.actor, SITE, s.org, s.achievement, source_name="x.csv", data=data, now=clock()
    )
    db.commit()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        with factory() as other:
            seen.append(len(records.list_mine(other, ana, verifier(other), now=clock())))

    bulk.run_batch(factory, s.actor, SITE, batch.id, clock=clock, processes=1, progress=progress)
    assert seen == [0, 0, 0, 0]  # before and after each of the three rows: not yet complete
    db.expire_all()
    [view] = records.list_mine(db, ana, verifier(db), now=clock())
    assert (view.source, view.state) == ("issued", "verified")
